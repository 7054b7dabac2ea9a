package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimSettings;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.application.service.BrokerReconciliation;
import org.aftm.application.service.OrderLifecycle;
import org.aftm.application.service.Portfolio;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation at start against the real simulated broker and a real SQLite database: what a
 * previous run left in the database (stored positions, unanswered requests) meets what the broker
 * holds.
 */
class BrokerReconciliationIT {

  private static final String ACC = SimSettings.DEFAULT_ORDER_ACCOUNT;

  @TempDir Path dataDir;

  private SimExchangeApi broker;
  private SqliteDatabase database;
  private SqlitePersistenceAdapter store;
  private String txf;
  private final RecordingTradingControl trading = new RecordingTradingControl();
  private Portfolio portfolio;

  @BeforeEach
  void brokerAndDatabase() {
    broker = new SimExchangeApi(SimSettings.defaults());
    assertThat(
            broker
                .login(
                    SimSettings.DEFAULT_DEMO_ACCOUNT,
                    SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray())
                .success())
        .isTrue();
    txf =
        broker.contracts().stream()
            .filter(c -> c.product().equals("TXF"))
            .min((a, b) -> a.deliveryMonth().compareTo(b.deliveryMonth()))
            .map(Contract::code)
            .orElseThrow();
    broker.feed(new MarketTick(txf, Price.ofPoints(22_000).units(), 1, System.currentTimeMillis()));
    database = SqliteDatabase.open(dataDir, true);
    store = new SqlitePersistenceAdapter(database);
  }

  @AfterEach
  void close() {
    database.close();
    broker.close();
  }

  /** The main process's start: a fresh portfolio and lifecycle on the stored data. */
  private BrokerReconciliation starting() {
    portfolio = Portfolio.forContracts(broker.contracts());
    PublishOrderUpdatesPort nobody =
        new PublishOrderUpdatesPort() {
          @Override
          public void publish(OrderUpdate update) {}

          @Override
          public void publish(ConditionCommand command) {}
        };
    OrderLifecycle lifecycle = new OrderLifecycle(portfolio, store, nobody, Clock.systemUTC());
    return new BrokerReconciliation(
        ACC,
        broker,
        portfolio,
        lifecycle,
        store,
        store,
        store,
        store,
        trading,
        trading,
        Clock.systemUTC());
  }

  private OrderRequest order(OrderType type, long points, String clientOrderId) {
    return new OrderRequest(
        ACC,
        txf,
        Side.BUY,
        type,
        Price.ofPoints(points),
        1,
        OpenClose.AUTO,
        "reconciliation IT",
        DayTrade.NO,
        type == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.ROD,
        clientOrderId);
  }

  private static Position held(String item, int quantity) {
    return new Position(
        ACC, item, quantity, Price.ofPoints(22_000), Price.ZERO, Price.ZERO, Price.ZERO, 200);
  }

  @Test
  void storedPositionsTheBrokerDoesNotHoldAreADifferenceAndHaltTrading() {
    store.savePositions(ACC, List.of(held(txf, 2)));

    ReconciliationReport report = starting().reconcileAtStart();

    assertThat(report.differences())
        .containsExactly(new Difference("stored_position", txf, "flat", "+2 lots"));
    assertThat(trading.status.state()).isEqualTo(TradingState.HALTED);
    assertThat(trading.status.reason()).startsWith("reconciliation at start: 1 differences");
    assertThat(portfolio.netQuantity(ACC, txf)).as("the broker's word").isZero();
  }

  @Test
  void aRequestAuditedWithoutAnAnswerThatTheBrokerAcceptedIsResolved() {
    OrderRequest request = order(OrderType.LIMIT, 21_000, "aftm-7-entry");
    // The previous run audited the request, the broker took it, and the run died before the answer.
    store.recordRequest(request, null, System.currentTimeMillis() - 60_000);
    assertThat(broker.placeOrder(request).sent()).isTrue();

    ReconciliationReport report = starting().reconcileAtStart();

    assertThat(report.ordersResolved()).isEqualTo(1);
    assertThat(report.agrees()).as("%s", report.differences()).isTrue();
    assertThat(store.findResultByClientOrderId("aftm-7-entry"))
        .hasValueSatisfying(
            answer -> {
              assertThat(answer.sent()).isTrue();
              assertThat(answer.status()).isEqualTo(OrderState.ACCEPTED);
            });
    assertThat(store.loadOrder("aftm-7-entry").orElseThrow().state())
        .isEqualTo(OrderState.ACCEPTED);
    assertThat(trading.status.state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void anOrderWorkingAtTheBrokerThatAftmNeverSentIsAnOpenOrderDifference() {
    assertThat(broker.placeOrder(order(OrderType.LIMIT, 21_000, "desk-1")).sent()).isTrue();

    ReconciliationReport report = starting().reconcileAtStart();

    assertThat(report.differences())
        .containsExactly(
            new Difference("open_order", "desk-1", "accepted, 0 of 1 filled", "not known"));
    assertThat(trading.status.state()).isEqualTo(TradingState.HALTED);
  }

  @Test
  void acceptingTheBrokerAdoptsAndStoresItsPositionsRecordsTheDecisionAndResumes() {
    assertThat(broker.placeOrder(order(OrderType.MARKET, 0, "desk-2")).sent()).isTrue();
    store.savePositions(ACC, List.of(held(txf, 2)));
    BrokerReconciliation reconciliation = starting();
    assertThat(reconciliation.reconcileAtStart().differences())
        .extracting(Difference::kind)
        .containsExactlyInAnyOrder("stored_position", "conditions");

    ReconciliationReport accepted = reconciliation.acceptBroker("desk bought one by hand");

    assertThat(accepted.acceptedBroker()).isTrue();
    assertThat(portfolio.netQuantity(ACC, txf)).isEqualTo(1);
    assertThat(store.loadPositions(ACC)).extracting(Position::quantity).containsExactly(1);
    assertThat(trading.decisions)
        .singleElement()
        .asString()
        .contains("accept_broker: desk bought one by hand", "conditions " + txf);
    assertThat(trading.status.state()).isEqualTo(TradingState.ACTIVE);
    // The next start no longer finds the stored positions out of step.
    assertThat(starting().reconcileAtStart().differences())
        .extracting(Difference::kind)
        .containsExactly("conditions");
  }

  /** The trading state and its store, in memory, recording halts and decisions. */
  private static final class RecordingTradingControl
      implements ControlTradingUseCase, TradingStatePort {
    volatile TradingStatus status = TradingStatus.initial(Instant.now().toEpochMilli());
    final List<String> decisions = new CopyOnWriteArrayList<>();

    @Override
    public TradingStatus tradingStatus() {
      return status;
    }

    @Override
    public TradingStatus halt(String reason) {
      status = new TradingStatus(TradingState.HALTED, reason, false, 0);
      return status;
    }

    @Override
    public TradingStatus reduce(String reason) {
      status = new TradingStatus(TradingState.REDUCING, reason, false, 0);
      return status;
    }

    @Override
    public TradingStatus resume(String reason) {
      status = new TradingStatus(TradingState.ACTIVE, reason, false, 0);
      return status;
    }

    @Override
    public FlattenReport flatten(Optional<String> itemCode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<TradingStatus> loadTradingStatus() {
      return Optional.of(status);
    }

    @Override
    public void saveTradingStatus(TradingStatus saved) {
      status = saved;
    }

    @Override
    public Optional<Long> loadDailyRealizedPnl(LocalDate tradingDay) {
      return Optional.empty();
    }

    @Override
    public void saveDailyRealizedPnl(LocalDate tradingDay, long realizedPnlUnits) {}

    @Override
    public void recordReconciliationDecision(String decision, String differences, long atMillis) {
      decisions.add(decision + " | " + differences);
    }
  }
}
