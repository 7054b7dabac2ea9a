package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildRole;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three processes over real loopback sockets, closing the loop: ticks from the simulated broker
 * through the publisher, the strategy child, the executor child and the gateway to the broker; the
 * broker's order events back through the lifecycle and the order-update channel to the strategy,
 * whose conditions move on fills.
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

  @Test
  void referenceTraceProducesExactlyOneBuyThenOneSellOrderAtTheBroker() {
    system = new RunningSystem(dataDir);
    ConditionSnapshot condition = system.register(RunningSystem.referenceBuy(2));

    for (long price : new long[] {22010, 21990, 21950}) {
      system.tick(price);
    }
    system.tick(21985);
    system.awaitFills(1);
    // The condition enters on the fill's order update, not on its own signal.
    system.awaitState(condition.id(), ConditionState.ENTERED);
    system.tick(22050);
    system.tick(22100);
    system.awaitFills(2);
    // Nothing more may arrive: no duplicate, no re-entry.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.fills.size() == 2);

    List<Fill> fills = system.fills;
    assertThat(fills).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL);
    assertThat(fills).extracting(Fill::quantity).containsExactly(2, 2);
    assertThat(fills).extracting(f -> f.price().toString()).containsExactly("21985", "22100");
    // The portfolio, built from the fills, holds nothing and realized 2 x 115 points.
    assertThat(system.main.positions()).allSatisfy(p -> assertThat(p.quantity()).isZero());
    assertThat(system.main.positions().get(0).realizedPnlPoints()).isEqualTo(Price.ofPoints(230));
    assertThat(system.main.fills()).isEqualTo(2);
    system.awaitState(condition.id(), ConditionState.EXITED);
    assertThat(system.main.conditions().listConditions(true))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo(condition.id());
              assertThat(c.triggerPrice()).isEqualTo(Price.ofPoints(21950));
              assertThat(c.entryFilled()).isEqualTo(2);
              assertThat(c.exitFilled()).isEqualTo(2);
              assertThat(c.entryPrice()).isEqualTo(Price.ofPoints(21985));
              assertThat(c.exitPrice()).isEqualTo(Price.ofPoints(22100));
              assertThat(c.realizedPnlPoints()).isEqualTo(Price.ofPoints(230));
            });
    assertThat(system.main.metrics().sent()).isEqualTo(2);
    assertThat(system.main.orderLifecycle().workingOrders()).isEmpty();
    // The operator's list shows what became of both legs.
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
    assertThat(listing.toString())
        .contains("exited")
        .contains("2/2")
        .contains("21985")
        .contains("22100");
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
  void theExitIsSentOnlyAfterTheEntrysFill() {
    // The broker acknowledges at once but fills three seconds later: meanwhile the condition waits
    // in "ordered", and a price at take profit must not send the exit.
    system = new RunningSystem(dataDir, Map.of(ConfigKey.AFTM_SIM_FILL_DELAY_MS, "3000"));
    ConditionSnapshot condition = system.register(RunningSystem.referenceBuy(1));
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    await("entry order at the broker")
        .atMost(Duration.ofSeconds(5))
        .until(() -> system.main.metrics().sent() == 1);
    system.tick(22100); // at take profit, but nothing is filled yet

    await("no exit while the entry is unfilled")
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> system.main.metrics().sent() == 1);
    assertThat(system.fills).as("the entry's fill is still delayed").isEmpty();
    assertThat(system.stateOf(condition.id())).isEqualTo(ConditionState.ORDERED);

    system.awaitFills(1);
    system.awaitState(condition.id(), ConditionState.ENTERED);
    system.tick(22100);
    system.awaitFills(2);

    assertThat(system.fills).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL);
    Order entry = system.main.orderLifecycle().find(system.fills.get(0).clientOrderId()).get();
    Order exit = system.main.orderLifecycle().find(system.fills.get(1).clientOrderId()).get();
    assertThat(entry.state()).isEqualTo(OrderState.FILLED);
    assertThat(exit.closesClientOrderId())
        .as("the exit names the entry it closes")
        .isEqualTo(entry.clientOrderId());
    assertThat(system.fills.get(1).timeMillis())
        .isGreaterThanOrEqualTo(system.fills.get(0).timeMillis());
    system.awaitState(condition.id(), ConditionState.EXITED);
    assertThat(system.main.metrics().sent()).isEqualTo(2);
  }

  @Test
  void conditionsAddedAndDeletedWhileTradingReachTheRunningStrategyAsCommands() {
    system = new RunningSystem(dataDir);
    system.tick(22010);

    // Added in the main process (as the demo does): stored, then relayed to the strategy, which
    // applies it before its next tick.
    ConditionSnapshot kept = system.register(RunningSystem.referenceBuy(1));
    ConditionSnapshot deleted =
        system.register(
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
    system.awaitState(kept.id(), ConditionState.TRIGGERED);

    long applied = system.strategyCounter("commands_applied");
    assertThat(system.main.conditions().deleteCondition(deleted.id())).isTrue();
    system.awaitCommandsApplied(applied + 1);
    system.tick(22010); // would trigger the deleted sell
    system.tick(21995); // would enter it
    system.tick(21950);
    system.tick(21985); // the buy enters
    system.awaitFills(1);
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
    ConditionSnapshot condition = system.register(RunningSystem.referenceBuy(1));
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    system.awaitFills(1);
    system.awaitState(condition.id(), ConditionState.ENTERED);

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
    system.warmUp();

    // Between stop loss (21950) and take profit (22100): a condition that lost its state would
    // trigger at 21990 (trailing its order price to 22020) and enter again at 22040.
    system.tick(21990);
    system.tick(22040);
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.fills.size() == 1);
    system.tick(22100); // take profit from the entry's order price 21980 (+120)
    system.awaitFills(2);

    assertThat(system.fills).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL);
    system.awaitState(condition.id(), ConditionState.EXITED);
    assertThat(system.main.metrics().sent()).isEqualTo(2);
    assertThat(system.main.supervisor().status().get(ChildRole.STRATEGY).restarts()).isEqualTo(1);
  }
}
