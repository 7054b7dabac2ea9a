package org.aftm.app.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlidingBaselineTest {

  private final SlidingBaseline<String> baseline = new SlidingBaseline<>(10);

  @Test
  void theOldestSampleIsTheBaselineWhileTheHistoryIsShorterThanTheWindow() {
    assertThat(baseline.add(0, "a")).isEqualTo("a");
    assertThat(baseline.add(4, "b")).isEqualTo("a");
    assertThat(baseline.add(9, "c")).isEqualTo("a");
  }

  @Test
  void theNewestSampleAtLeastAWindowOldIsTheBaseline() {
    baseline.add(0, "a");
    baseline.add(4, "b");
    assertThat(baseline.add(10, "c")).isEqualTo("a");
    assertThat(baseline.add(14, "d")).isEqualTo("b");
    assertThat(baseline.add(30, "e")).isEqualTo("d");
    assertThat(baseline.newest()).isEqualTo("e");
  }

  @Test
  void clearingStartsAFreshHistory() {
    baseline.add(0, "a");
    baseline.clear();
    assertThat(baseline.newest()).isNull();
    assertThat(baseline.add(5, "b")).isEqualTo("b");
  }
}
