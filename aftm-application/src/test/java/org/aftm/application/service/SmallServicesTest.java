package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.ExecuteSignalUseCase.ExecutionOutcome;
import org.aftm.application.port.in.GetPositionsUseCase.GetPositionsQuery;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.ReceiveSignalsPort;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.Test;

/** The thin services: health, the condition catalogue, positions, the executor's duty cycle. */
class SmallServicesTest {

  private final FakeExchange exchange = new FakeExchange();

  @Test
  void healthyMeansConnectedLoggedInAndTheBreakerNotOpen() {
    AtomicReference<String> breaker = new AtomicReference<>("CLOSED");
    AtomicLong clock = new AtomicLong(10_000_000_000L);
    CheckHealthService health = new CheckHealthService(exchange, breaker::get, clock::get);
    clock.addAndGet(3_500_000_000L);

    HealthReport ok = health.checkHealth();
    assertThat(ok.healthy()).isTrue();
    assertThat(ok.uptimeSeconds()).isEqualTo(3);
    assertThat(ok.breakerState()).isEqualTo("CLOSED");

    breaker.set("OPEN");
    assertThat(health.checkHealth().healthy()).isFalse();
    breaker.set("FORCED_OPEN");
    assertThat(health.checkHealth().healthy()).isFalse();
    breaker.set("HALF_OPEN");
    assertThat(health.checkHealth().healthy()).isTrue();

    exchange.logout();
    HealthReport loggedOut = health.checkHealth();
    assertThat(loggedOut.healthy()).isFalse();
    assertThat(loggedOut.loggedIn()).isFalse();
    assertThat(loggedOut.exchangeConnected()).isTrue();
  }

  @Test
  void theCatalogueAddsDeletesAndListsThroughTheStore() {
    FakeConditionStore store = new FakeConditionStore(new ArrayList<>());
    ConditionRules rules =
        new ConditionRules(
            List.of(
                new Contract(
                    "TXFF6",
                    "TXF",
                    "TAIEX Futures",
                    "202606",
                    Price.ofPoints(1),
                    200,
                    Price.ofPoints(19_800),
                    Price.ofPoints(24_200))),
            10);
    ConditionCatalogService catalogue = new ConditionCatalogService(store, store, () -> rules);
    ConditionSpec spec =
        new ConditionSpec(
            "TXFF6",
            Side.SELL,
            Price.ofPoints(22000),
            Price.ofPoints(30),
            2,
            ConditionSpec.DEFAULT_TAKE_PROFIT_POINT,
            ConditionSpec.DEFAULT_STOP_LOSS_POINT,
            true);
    ConditionSnapshot a = catalogue.registerCondition(spec);
    ConditionSnapshot b = catalogue.registerCondition(spec);
    store.saveConditionState(
        new ConditionSnapshot(
            b.id(), spec, ConditionState.EXITED, spec.triggerPrice(), ConditionProgress.NONE));

    assertThat(a.state()).isEqualTo(ConditionState.NEW);
    assertThat(catalogue.listConditions(false))
        .extracting(ConditionSnapshot::id)
        .containsExactly(a.id());
    assertThat(catalogue.listConditions(true))
        .extracting(ConditionSnapshot::id)
        .containsExactly(a.id(), b.id());
    assertThat(catalogue.deleteCondition(a.id())).isTrue();
    assertThat(catalogue.deleteCondition(a.id())).isFalse();
    assertThat(catalogue.listConditions(false)).isEmpty();
  }

  @Test
  void positionsComeFromThePortfolioNotTheBroker() {
    exchange.hold("ACC-1", "TXFF6", 5, "22000"); // the broker's word, not asked
    Portfolio portfolio = new Portfolio(item -> 200);
    portfolio.onFill(
        new Fill(
            "aftm-1-entry", "E1", "S1", "ACC-1", "TXFF6", Side.BUY, 2, Price.ofPoints(22000), 0));
    portfolio.onPrice("TXFF6", Price.ofPoints(22010).units());

    assertThat(new GetPositionsService(portfolio).getPositions(new GetPositionsQuery("ACC-1")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.quantity()).isEqualTo(2);
              assertThat(p.unrealizedPnl()).isEqualTo(Price.ofPoints(2 * 10 * 200));
            });
    assertThatThrownBy(() -> new GetPositionsQuery(" ")).hasMessageContaining("account");
  }

  @Test
  void conditionChangesAreRelayedAsNumberedCommandsAndAcknowledged() {
    RecordingOrderUpdates channel = new RecordingOrderUpdates();
    RelayConditionChangeService relay = new RelayConditionChangeService(channel);

    long added = relay.relay(ConditionCommand.Change.ADDED, 7);
    long deleted = relay.relay(ConditionCommand.Change.DELETED, 7);

    assertThat(channel.commands)
        .containsExactly(
            new ConditionCommand(added, ConditionCommand.Change.ADDED, 7),
            new ConditionCommand(deleted, ConditionCommand.Change.DELETED, 7));
    assertThat(deleted).isGreaterThan(added);
    assertThat(relay.isAcknowledged(added)).isFalse();
    relay.acknowledge(added);
    assertThat(relay.isAcknowledged(added)).isTrue();
    assertThat(relay.isAcknowledged(deleted)).isFalse();
    assertThat(ConditionCommand.Change.fromWire("deleted"))
        .isEqualTo(ConditionCommand.Change.DELETED);
    assertThatThrownBy(() -> ConditionCommand.Change.fromWire("moved"))
        .hasMessageContaining("moved");
    assertThatThrownBy(() -> new ConditionCommand(0, ConditionCommand.Change.ADDED, 1))
        .hasMessageContaining("commandId");
  }

  @Test
  void theExecutorAgentExecutesWhatItPolls() {
    List<Signal> queued =
        new ArrayList<>(
            List.of(
                new Signal("1-entry", 1, "TXFF6", Side.BUY, 1, SignalReason.ENTRY, 1, 1, 0, 0, 0),
                new Signal("2-entry", 2, "TXFF6", Side.BUY, 1, SignalReason.ENTRY, 1, 2, 0, 0, 0)));
    ReceiveSignalsPort receiver =
        new ReceiveSignalsPort() {
          @Override
          public int poll(SignalHandler handler, int limit) {
            int handled = 0;
            while (handled < limit && !queued.isEmpty()) {
              handler.onSignal(queued.remove(0));
              handled++;
            }
            return handled;
          }

          @Override
          public LinkCounters counters() {
            return new LinkCounters(0, 0, 0, 0);
          }
        };
    List<String> executed = new ArrayList<>();
    OrderExecutorAgent agent =
        new OrderExecutorAgent(
            receiver,
            signal -> {
              executed.add(signal.signalId());
              return ExecutionOutcome.SENT;
            });

    assertThat(agent.doWork()).isEqualTo(2);
    assertThat(agent.doWork()).isZero();
    assertThat(executed).containsExactly("1-entry", "2-entry");
    assertThat(agent.roleName()).isEqualTo("order-executor");
  }

  @Test
  void riskLimitsAreValidated() {
    assertThatThrownBy(() -> new RiskLimits(0, 1)).hasMessageContaining("maxOrderQuantity");
    assertThatThrownBy(() -> new RiskLimits(1, 0)).hasMessageContaining("maxPositionQuantity");
  }
}
