package org.aftm.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bench's parts on their own; what they measure is not asserted. */
class BenchPartsTest {

  @Test
  void ladderCausesTwoOrdersPerConditionAndStaysInsideTheLimits() {
    OrderLadder ladder = new OrderLadder("TXF", 22_300, 200);
    long[] prices = ladder.priceUnits();

    assertThat(prices).hasSize(600);
    assertThat(ladder.orders()).isEqualTo(400);
    assertThat(prices[0]).isEqualTo(22_300_0000L);
    assertThat(prices[599]).isEqualTo((22_300 - 3 * 199 + 2) * 10_000L);
    assertThat(ladder.conditions()).hasSize(200);
    for (long price : prices) {
      assertThat(price).isBetween(19_800_0000L, 24_200_0000L);
    }
  }

  @ParameterizedTest(name = "curve {0}")
  @ValueSource(booleans = {false, true})
  void bareChainDeliversEveryOrderOfTheLadder(boolean curve) {
    OrderLadder ladder = new OrderLadder("TXF", 22_300, 30);
    long[] prices = ladder.priceUnits();
    FixedRateSchedule schedule = new FixedRateSchedule(1_000);
    try (BareZmqChain chain = new BareZmqChain(curve)) {
      chain.awaitConnected(TimeUnit.SECONDS.toNanos(10));
      schedule.restart();
      for (long price : prices) {
        schedule.awaitNext();
        chain.publish("TXF", price, 0);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (chain.ordersReceived() < ladder.orders() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      Histogram latency = chain.takeInterval();

      assertThat(chain.ordersReceived()).isEqualTo(ladder.orders());
      assertThat(latency.getTotalCount()).isEqualTo(ladder.orders());
      assertThat(latency.getMinValue()).isPositive();
    }
    assertThat(schedule.lateness().getTotalCount()).isEqualTo(prices.length);
  }

  @Test
  void cpuListsAreCounted() {
    assertThat(Machine.cpuCount("0-1")).isEqualTo(2);
    assertThat(Machine.cpuCount("0")).isEqualTo(1);
    assertThat(Machine.cpuCount("0-3,5,7-8")).isEqualTo(7);
  }

  @Test
  void machineIsPinnedOnlyWhenFewerCpusAreAllowedThanOnline() {
    Machine machine = Machine.now();

    assertThat(machine.cpus()).isPositive();
    if (!machine.cpusAllowed().equals("unknown") && !machine.cpusOnline().equals("unknown")) {
      assertThat(machine.pinned())
          .isEqualTo(
              Machine.cpuCount(machine.cpusAllowed()) < Machine.cpuCount(machine.cpusOnline()));
    }
  }

  @Test
  void microsecondsAreExactDecimals() {
    assertThat(LatencyFigures.micros(131_071)).isEqualTo(new BigDecimal("131.071"));
    assertThat(LatencyFigures.micros(5_000_000).toPlainString()).isEqualTo("5000.000");
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    histogram.recordValue(1_000);
    histogram.recordValue(2_000);

    assertThat(LatencyFigures.toMap("x_", histogram))
        .containsEntry("x_count", 2L)
        .containsEntry("x_mean_us", new BigDecimal("1.500"));
    assertThat(LatencyFigures.ratio(histogram, histogram, 50)).isEqualTo(new BigDecimal("1.00"));
  }
}
