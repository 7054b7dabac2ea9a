package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.model.TickEvent;
import org.junit.jupiter.api.Test;

class BarBuilderTest {

  /** 2026-11-20T01:00:00Z, a whole minute. */
  private static final long T0 = 1_795_136_400_000L;

  private final List<Bar> bars = new ArrayList<>();
  private final BarBuilder minute = new BarBuilder(Duration.ofMinutes(1));
  private long sequence;

  private boolean tick(BarBuilder builder, String item, long time, long price, long quantity) {
    return builder.onTick(new TickEvent(item, ++sequence, price, quantity, time, 0L), bars::add);
  }

  @Test
  void aBarIsAlignedToItsPeriodAndHandedOnByTheFirstTickPastItsEnd() {
    assertThat(T0 % 60_000).isZero();
    tick(minute, "TXF", T0 + 5_000, 100, 1);
    tick(minute, "TXF", T0 + 20_000, 130, 2);
    tick(minute, "TXF", T0 + 30_000, 90, 3);
    assertThat(tick(minute, "TXF", T0 + 59_999, 110, 4)).isFalse();
    assertThat(bars).as("not closed before a tick past its end").isEmpty();

    assertThat(tick(minute, "TXF", T0 + 60_000, 120, 5)).isTrue();

    assertThat(bars)
        .containsExactly(new Bar("TXF", Duration.ofMinutes(1), T0, 100, 130, 90, 110, 10, 4));
    assertThat(bars.get(0).closeTimeMillis()).isEqualTo(T0 + 60_000);
  }

  @Test
  void theClosingTickOpensTheNextBarAndEmptyPeriodsMakeNoBar() {
    tick(minute, "TXF", T0 + 1_000, 100, 1);
    tick(minute, "TXF", T0 + 61_000, 105, 1);
    // Three quiet minutes, then a tick: only the bar of minute 1 closes.
    tick(minute, "TXF", T0 + 4 * 60_000 + 10, 99, 2);

    assertThat(bars)
        .extracting(Bar::openTimeMillis, Bar::openUnits, Bar::closeUnits, Bar::ticks)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0, 100L, 100L, 1),
            org.assertj.core.groups.Tuple.tuple(T0 + 60_000, 105L, 105L, 1));
  }

  @Test
  void instrumentsHaveTheirOwnBars() {
    tick(minute, "TXF", T0, 100, 1);
    tick(minute, "MXF", T0 + 1, 50, 1);
    tick(minute, "TXF", T0 + 60_000, 101, 1);

    assertThat(bars).extracting(Bar::itemCode).containsExactly("TXF");
    tick(minute, "MXF", T0 + 60_001, 51, 1);
    assertThat(bars)
        .extracting(Bar::itemCode, Bar::closeUnits)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("TXF", 100L),
            org.assertj.core.groups.Tuple.tuple("MXF", 50L));
  }

  @Test
  void aTickBackInTimeCountsInTheBarBeingBuilt() {
    tick(minute, "TXF", T0 + 60_000, 100, 1);
    tick(minute, "TXF", T0 + 59_000, 80, 1);
    tick(minute, "TXF", T0 + 120_000, 90, 1);

    assertThat(bars)
        .containsExactly(
            new Bar("TXF", Duration.ofMinutes(1), T0 + 60_000, 100, 100, 80, 80, 2, 2));
  }

  @Test
  void oneSecondBarsAndTimesBeforeTheEpochAlignToo() {
    BarBuilder second = new BarBuilder(Duration.ofSeconds(1));
    tick(second, "TXF", -1_500, 10, 1);
    tick(second, "TXF", -200, 11, 1);

    assertThat(bars).extracting(Bar::openTimeMillis).containsExactly(-2_000L);
  }

  @Test
  void aPeriodMustBeWholeMilliseconds() {
    assertThatThrownBy(() -> new BarBuilder(Duration.ofNanos(1_500_000)))
        .hasMessageContaining("whole number of milliseconds");
    assertThatThrownBy(() -> new BarBuilder(Duration.ZERO)).hasMessageContaining(">= 1 ms");
  }
}
