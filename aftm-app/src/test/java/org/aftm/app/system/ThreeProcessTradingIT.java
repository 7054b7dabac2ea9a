package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.process.ChildRole;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three processes over real loopback sockets: ticks from the simulated broker through the
 * publisher, the strategy child, the executor child and the gateway, back to the broker.
 */
@Timeout(180)
class ThreeProcessTradingIT {

  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  private static ConditionSpec referenceBuy(int quantity) {
    return new ConditionSpec(
        "TXF",
        Side.BUY,
        Price.ofPoints(22000),
        Price.ofPoints(30),
        quantity,
        Price.ofPoints(120),
        Price.ofPoints(30),
        true);
  }

  private void awaitFills(int count) {
    await("fills").atMost(Duration.ofSeconds(15)).until(() -> system.fills.size() >= count);
  }

  @Test
  void referenceTraceProducesExactlyOneBuyThenOneSellOrderAtTheBroker() {
    system = new RunningSystem(dataDir);
    ConditionSnapshot condition = system.main.conditions().registerCondition(referenceBuy(2));

    for (long price : new long[] {22010, 21990, 21950}) {
      system.tick(price);
    }
    system.tick(21985);
    awaitFills(1);
    system.tick(22050);
    system.tick(22100);
    awaitFills(2);
    // Nothing more may arrive: no duplicate, no re-entry.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.fills.size() == 2);

    List<Fill> fills = system.fills;
    assertThat(fills).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL);
    assertThat(fills).extracting(Fill::quantity).containsExactly(2, 2);
    assertThat(fills).extracting(f -> f.price().toString()).containsExactly("21985", "22100");
    assertThat(system.main.positions()).allSatisfy(p -> assertThat(p.quantity()).isZero());
    assertThat(system.main.positions().get(0).realizedPnlPoints()).isEqualTo(Price.ofPoints(230));
    assertThat(system.main.conditions().listConditions(true))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo(condition.id());
              assertThat(c.state()).isEqualTo(ConditionState.EXITED);
              assertThat(c.triggerPrice()).isEqualTo(Price.ofPoints(21950));
            });
    assertThat(system.main.metrics().sent()).isEqualTo(2);
    // The operator's list shows what became of both legs, from the audit trail.
    StringWriter listing = new StringWriter();
    assertThat(
            AftmCli.execute(
                new PrintWriter(listing),
                new PrintWriter(new StringWriter()),
                "condition",
                "list",
                "--all",
                "--data-dir",
                dataDir.toString()))
        .isZero();
    assertThat(listing.toString()).contains("exited").contains("entry filled 2, exit filled 2");
    // Positions as last known are stored after each fill, for the operator after a restart.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(system.storedPositions())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.quantity()).isZero();
                          assertThat(p.realizedPnlPoints()).isEqualTo(Price.ofPoints(230));
                        }));
    assertThat(system.main.metrics().total().getTotalCount()).isZero(); // sampled only on demand
    assertThat(system.main.metrics().sampleInterval().getTotalCount()).isEqualTo(2);
  }

  @Test
  void conditionsAddedAndDeletedWhileTradingReachTheRunningStrategyWithinOneTick() {
    system = new RunningSystem(dataDir);
    system.tick(22010);

    // Added from "another terminal": the CLI use case writes the store; the strategy child must see
    // it on the next tick.
    ConditionSnapshot kept = system.main.conditions().registerCondition(referenceBuy(1));
    ConditionSnapshot deleted =
        system
            .main
            .conditions()
            .registerCondition(
                new ConditionSpec(
                    "TXF",
                    Side.SELL,
                    Price.ofPoints(22005),
                    Price.ofPoints(5),
                    1,
                    Price.ofPoints(50),
                    Price.ofPoints(50),
                    false));
    system.tick(21990); // triggers the kept buy at once
    assertThat(stateOf(kept.id())).isEqualTo(ConditionState.TRIGGERED);

    assertThat(system.main.conditions().deleteCondition(deleted.id())).isTrue();
    system.tick(22010); // would trigger the deleted sell
    system.tick(21995); // would enter it
    system.tick(21950);
    system.tick(21985); // the buy enters
    awaitFills(1);
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.fills.size() == 1);

    assertThat(system.fills)
        .singleElement()
        .satisfies(f -> assertThat(f.side()).isEqualTo(Side.BUY));
    assertThat(system.main.conditions().listConditions(true))
        .extracting(ConditionSnapshot::id)
        .containsExactly(kept.id());
  }

  @Test
  void aStrategyKilledAfterEntryIsRestartedAndDoesNotEnterAgain() throws Exception {
    system = new RunningSystem(dataDir);
    ConditionSnapshot condition = system.main.conditions().registerCondition(referenceBuy(1));
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    awaitFills(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> stateOf(condition.id()) == ConditionState.ORDERED);

    Process strategy = system.main.supervisor().process(ChildRole.STRATEGY);
    long oldPid = strategy.pid();
    strategy.destroyForcibly().waitFor();
    await("strategy restarted")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Process current = system.main.supervisor().process(ChildRole.STRATEGY);
              return current.pid() != oldPid
                  && current.isAlive()
                  && system
                      .main
                      .childReport(ChildRole.STRATEGY)
                      .map(r -> r.pid() != oldPid)
                      .orElse(false);
            });
    await("restarted strategy receiving ticks")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              system.feed("MXF", 21000);
              return system.strategyTicks() > 0;
            });

    // Between stop loss (21950) and take profit (22100): a condition that lost its state would
    // trigger at 21990 (trailing its order price to 22020) and enter again at 22040.
    system.tick(21990);
    system.tick(22040);
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.fills.size() == 1);
    system.tick(22100); // take profit from the entry's order price 21980 (+120)
    awaitFills(2);

    assertThat(system.fills).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL);
    assertThat(stateOf(condition.id())).isEqualTo(ConditionState.EXITED);
    assertThat(system.main.supervisor().status().get(ChildRole.STRATEGY).restarts()).isEqualTo(1);
  }

  private ConditionState stateOf(long id) {
    return system.main.conditions().listConditions(true).stream()
        .filter(c -> c.id() == id)
        .findFirst()
        .map(ConditionSnapshot::state)
        .orElseThrow();
  }
}
