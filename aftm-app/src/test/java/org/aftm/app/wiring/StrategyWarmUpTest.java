package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The strategy's warm-up runs the whole tick path, signals included, on its own objects. */
class StrategyWarmUpTest {

  @Test
  void theSyntheticTicksTriggerTheThrowAwayConditions() {
    long signals = StrategyWarmUp.run(StrategyWarmUp.TICKS);
    assertThat(signals).as("entries and exits came out and were encoded").isPositive();
    assertThat(StrategyWarmUp.run(StrategyWarmUp.TICKS)).as("repeatable").isEqualTo(signals);
  }
}
