package org.aftm.adapter.zmq.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JitteredBackoffTest {

  private static final long MS = 1_000_000L;

  private final JitteredBackoff backoff =
      new JitteredBackoff(Duration.ofMillis(50), Duration.ofSeconds(1), new SplittableRandom(42));

  @Test
  void shouldStayWithinTheDoublingCeilingAndTheCap() {
    long[] ceilings = {50 * MS, 100 * MS, 200 * MS, 400 * MS, 800 * MS, 1_000 * MS, 1_000 * MS};
    for (int retry = 1; retry <= ceilings.length; retry++) {
      for (int i = 0; i < 1_000; i++) {
        assertThat(backoff.delayNanos(retry)).isBetween(0L, ceilings[retry - 1]);
      }
    }
    assertThat(backoff.delayNanos(10_000)).isBetween(0L, 1_000 * MS);
  }

  @Test
  void shouldSpreadDelaysOverTheWholeRange() {
    long max = 0;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 1_000; i++) {
      long delay = backoff.delayNanos(5);
      max = Math.max(max, delay);
      min = Math.min(min, delay);
    }
    assertThat(min).isLessThan(100 * MS);
    assertThat(max).isGreaterThan(700 * MS);
  }

  @Test
  void shouldRefuseACapBelowTheBase() {
    assertThatThrownBy(() -> new JitteredBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
