package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.aftm.app.config.ConfigKey;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin strategy live, through the three real processes on the simulated broker: the
 * moving-average crossover on 1-second bars, beside the support/resistance strategy, in the one
 * strategy process. It learns its position from its own fills and holds its position limit.
 */
@Timeout(180)
class StrategyPluginsIT {

  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  /** Feeds one TXF tick in the next wall-clock second, so each tick closes the bar before it. */
  private void barTick(long points) {
    long now = System.currentTimeMillis();
    long nextSecond = (now / 1_000 + 1) * 1_000;
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> System.currentTimeMillis() >= nextSecond + 20);
    system.tick(points);
  }

  private long netTxf() {
    return system.main.positions().stream()
        .filter(p -> p.itemCode().equals("TXF"))
        .mapToLong(Position::quantity)
        .sum();
  }

  @Test
  void theCrossoverBuysOnTheUpwardCrossSellsToShortOnTheDownwardOneAndHoldsItsLimit() {
    system =
        new RunningSystem(
            dataDir,
            Map.of(
                ConfigKey.AFTM_STRATEGIES,
                "support-resistance;ma-crossover:name=ma,instruments=TXF,bar_period=1s,fast=2,"
                    + "slow=3,quantity=1,max_position=1"));

    // Equal closes, then a rise: the fast average crosses above the slow one.
    for (long price : new long[] {22000, 22000, 22000, 22030}) {
      barTick(price);
    }
    barTick(22040); // closes the 22030 bar: the cross
    system.awaitFills(1);
    assertThat(system.fills.get(0).side()).isEqualTo(Side.BUY);
    assertThat(system.fills.get(0).clientOrderId()).startsWith("aftm-ma-");

    // Still rising: at its limit of one lot, it sends nothing more.
    barTick(22050);
    barTick(22060);
    assertThat(system.fills).hasSize(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> netTxf() == 1);

    // A fall: the cross below sets the target to -1, reached one lot per bar (the second sell
    // waits for the first one's fill to reach the strategy, so a bar may pass without an order).
    barTick(21900);
    barTick(21890);
    system.awaitFills(2);
    long price = 21880;
    for (int bar = 0; bar < 6 && system.fills.size() < 3; bar++) {
      barTick(price);
      price -= 10;
    }
    system.awaitFills(3);
    barTick(price - 10);
    barTick(price - 20);
    await("nothing beyond the limit")
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.fills.size() == 3);

    assertThat(system.fills).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL, Side.SELL);
    assertThat(system.fills).extracting(Fill::quantity).containsExactly(1, 1, 1);
    assertThat(system.fills)
        .extracting(Fill::clientOrderId)
        .allSatisfy(id -> assertThat(id).matches("aftm-ma-\\d+"))
        .doesNotHaveDuplicates();
    await().atMost(Duration.ofSeconds(5)).until(() -> netTxf() == -1);
    assertThat(system.strategyCounter("signals")).isEqualTo(3);
  }
}
