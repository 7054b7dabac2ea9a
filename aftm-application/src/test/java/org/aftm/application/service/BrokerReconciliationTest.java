package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.Test;

/** Reconciliation with the broker, each kind of difference, on fakes. */
class BrokerReconciliationTest {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";
  private static final long START = Instant.parse("2026-01-02T01:00:00Z").toEpochMilli();

  private final AtomicLong now = new AtomicLong(START);
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
  private final FakeExchange broker = new FakeExchange();
  private final FakeOrderJournal journal = new FakeOrderJournal();
  private final FakeOrderAudit audit = new FakeOrderAudit();
  private final FakeConditionStore conditions = new FakeConditionStore(new ArrayList<>());
  private final FakeStoredPositions stored = new FakeStoredPositions();
  private final FakeTradingState tradingState = new FakeTradingState();
  private final FakeTradingControl trading = new FakeTradingControl();
  private final RecordingOrderUpdates updates = new RecordingOrderUpdates();
  private final Portfolio portfolio = new Portfolio(item -> 200);
  private final OrderLifecycle lifecycle = new OrderLifecycle(portfolio, journal, updates, clock);
  private final BrokerReconciliation reconciliation =
      new BrokerReconciliation(
          ACC,
          broker,
          portfolio,
          lifecycle,
          journal,
          audit,
          conditions,
          stored,
          tradingState,
          trading,
          clock);

  private static OrderRequest order(Side side, int quantity, String id) {
    return new OrderRequest(
        ACC,
        TXF,
        side,
        OrderType.MARKET,
        Price.ZERO,
        quantity,
        OpenClose.AUTO,
        "n-" + id,
        DayTrade.NO,
        TimeInForce.ROD,
        id);
  }

  private static Position position(int quantity) {
    return new Position(
        ACC, TXF, quantity, Price.ofPoints(22000), Price.ZERO, Price.ZERO, Price.ZERO, 200);
  }

  private static Fill fill(String id, Side side, int lots) {
    return new Fill(id, "E-" + id, "S-" + id, ACC, TXF, side, lots, Price.ofPoints(22000), 0);
  }

  private void enteredCondition(int lots) {
    ConditionSpec spec =
        new ConditionSpec(
            TXF,
            Side.BUY,
            Price.ofPoints(22000),
            Price.ZERO,
            lots,
            Price.ofPoints(10),
            Price.ofPoints(10),
            false);
    ConditionSnapshot entered = conditions.insertCondition(spec);
    conditions.saveConditionState(
        new ConditionSnapshot(
            entered.id(),
            spec,
            ConditionState.ENTERED,
            spec.triggerPrice(),
            new ConditionProgress(1, lots, 0, true, 0, null, 0, 0, 0, 0, false, "")));
  }

  // ---- at start

  @Test
  void storedPositionsTheBrokerDoesNotHoldHaltTradingAtStart() {
    stored.savePositions(ACC, List.of(position(2)));

    ReconciliationReport report = reconciliation.reconcileAtStart();

    assertThat(report.differences())
        .containsExactly(new Difference("stored_position", TXF, "flat", "+2 lots"));
    assertThat(trading.changes)
        .singleElement()
        .satisfies(
            halt -> {
              assertThat(halt.state()).isEqualTo(TradingState.HALTED);
              assertThat(halt.reason())
                  .startsWith("reconciliation at start: 1 differences: ")
                  .contains("stored_position " + TXF + ": broker flat, AFTM +2 lots");
            });
    assertThat(portfolio.netQuantity(ACC, TXF)).as("the portfolio is the broker's").isZero();
    assertThat(stored.loadPositions(ACC))
        .as("the stored positions stay until the operator decides")
        .extracting(Position::quantity)
        .containsExactly(2);
  }

  @Test
  void whenEverythingAgreesAtStartTheTradingStateIsLeftAlone() {
    broker.hold(ACC, TXF, 1, "22000");
    stored.savePositions(ACC, List.of(position(1)));
    enteredCondition(1);

    ReconciliationReport report = reconciliation.reconcileAtStart();

    assertThat(report.agrees()).isTrue();
    assertThat(trading.changes).isEmpty();
    assertThat(portfolio.netQuantity(ACC, TXF)).isEqualTo(1);
  }

  @Test
  void anOperatorsHaltKeepsItsReason() {
    trading.halt("operator: lunch");
    stored.savePositions(ACC, List.of(position(2)));

    assertThat(reconciliation.reconcileAtStart().agrees()).isFalse();

    assertThat(trading.changes).hasSize(1);
    assertThat(trading.tradingStatus().reason()).isEqualTo("operator: lunch");
  }

  @Test
  void conditionsThatDoNotAccountForTheBrokersLotsAreADifference() {
    broker.hold(ACC, TXF, 3, "22000");
    stored.savePositions(ACC, List.of(position(3)));
    enteredCondition(1);

    ReconciliationReport report = reconciliation.reconcileAtStart();

    assertThat(report.differences())
        .containsExactly(new Difference("conditions", TXF, "+3 lots", "+1 lots by conditions"));
  }

  @Test
  void anOrderWorkingAtTheBrokerThatAftmDoesNotKnowIsAnOpenOrderDifference() {
    broker.mode = FakeExchange.Mode.ACCEPT_ONLY;
    broker.placeOrder(order(Side.BUY, 1, "manual-1"));

    ReconciliationReport report = reconciliation.reconcileAtStart();

    assertThat(report.differences())
        .containsExactly(
            new Difference("open_order", "manual-1", "accepted, 0 of 1 filled", "not known"));
    assertThat(trading.tradingStatus().state()).isEqualTo(TradingState.HALTED);
  }

  @Test
  void anOrderAuditedAsSentThatTheBrokerNeverReceivedIsAnAuditDifference() {
    OrderRequest lost = order(Side.BUY, 1, "aftm-1-entry");
    long auditId = audit.recordRequest(lost, null, START - 5_000);
    audit.recordResult(
        auditId,
        OrderResult.accepted(lost.note(), "S9", lost.clientOrderId(), OrderState.ACCEPTED, 0),
        START - 4_000);
    lifecycle.submit(lost, null); // the previous run's journal: left submitted

    ReconciliationReport report = reconciliation.reconcileAtStart();

    assertThat(report.ordersResolved()).isEqualTo(1);
    assertThat(report.differences())
        .containsExactly(
            new Difference("audit", "aftm-1-entry", "never received", "sent (audited, serial S9)"));
  }

  @Test
  void requestsAuditedWithoutAnAnswerAreResolvedWithTheBrokersWord() {
    broker.mode = FakeExchange.Mode.FILL;
    OrderRequest taken = order(Side.BUY, 1, "aftm-1-entry");
    OrderRequest lost = order(Side.BUY, 1, "aftm-2-entry");
    // The previous run crashed after auditing both and placing the first.
    audit.recordRequest(taken, null, START - 10_000);
    audit.recordRequest(lost, null, START - 9_000);
    broker.placeOrder(taken);
    stored.savePositions(ACC, List.of(position(1)));
    enteredCondition(1);

    ReconciliationReport report = reconciliation.reconcileAtStart();

    assertThat(report.ordersResolved()).isEqualTo(2);
    assertThat(report.agrees()).isTrue();
    assertThat(audit.findResultByClientOrderId("aftm-1-entry"))
        .hasValueSatisfying(
            answer -> {
              assertThat(answer.sent()).isTrue();
              assertThat(answer.status()).isEqualTo(OrderState.FILLED);
              assertThat(answer.filledQuantity()).isEqualTo(1);
            });
    assertThat(audit.findResultByClientOrderId("aftm-2-entry"))
        .hasValueSatisfying(
            answer -> {
              assertThat(answer.sent()).isFalse();
              assertThat(answer.errorCode()).isEqualTo("NOT_RECEIVED");
            });
    assertThat(audit.findRequestsWithoutResult(0, Long.MAX_VALUE, 10)).isEmpty();
  }

  // ---- on demand

  @Test
  void aPortfolioThatDisagreesWithTheBrokerHaltsOnceOnDemand() {
    reconciliation.reconcileAtStart();
    portfolio.onFill(fill("ghost", Side.BUY, 2)); // a fill the broker never made

    ReconciliationReport first = reconciliation.reconcile();
    ReconciliationReport second = reconciliation.reconcile();

    assertThat(first.differences())
        .containsExactly(new Difference("position", TXF, "flat", "+2 lots"));
    assertThat(second.differences()).isEqualTo(first.differences());
    assertThat(trading.changes)
        .as("halted once, not again while halted")
        .singleElement()
        .satisfies(
            halt ->
                assertThat(halt.reason()).startsWith("reconciliation on demand: 1 differences"));
  }

  @Test
  void anOrderWorkingHereThatTheBrokerEndedIsAnOpenOrderDifference() {
    reconciliation.reconcileAtStart();
    broker.mode = FakeExchange.Mode.ACCEPT_ONLY;
    OrderRequest request = order(Side.BUY, 1, "aftm-3-entry");
    lifecycle.submit(request, null);
    audit.recordResult(
        audit.recordRequest(request, null, now.get()),
        broker.placeOrder(request),
        now.get()); // the lifecycle does not listen here: it misses the events
    broker.report(new OrderEvent.Cancelled("aftm-3-entry", "S1", "cancelled at the desk", 0));

    ReconciliationReport report = reconciliation.reconcile();

    assertThat(report.differences())
        .extracting(Difference::kind, Difference::subject, Difference::broker, Difference::aftm)
        .containsExactly(
            tuple(
                "open_order",
                "aftm-3-entry",
                "cancelled, 0 of 1 filled",
                "submitted, 0 of 1 filled"));
  }

  @Test
  void aRequestOfThisRunStillWaitingForTheBrokerIsNotADifference() {
    reconciliation.reconcileAtStart();
    now.addAndGet(1_000);
    OrderRequest placing = order(Side.BUY, 1, "aftm-4-entry");
    audit.recordRequest(placing, null, now.get());
    lifecycle.submit(placing, null); // the gateway is between the audit and the broker

    ReconciliationReport report = reconciliation.reconcile();

    assertThat(report.agrees()).isTrue();
    assertThat(trading.changes).isEmpty();
    assertThat(audit.findResultByClientOrderId("aftm-4-entry"))
        .as("left for the gateway to answer")
        .isEmpty();
  }

  @Test
  void anUnknownOrderIsSettledWithTheBrokerOnDemand() {
    reconciliation.reconcileAtStart();
    OrderRequest unknown = order(Side.BUY, 1, "aftm-6-entry");
    audit.recordResult(
        audit.recordRequest(unknown, null, now.get()),
        OrderResult.rejected(unknown.note(), "EXCHANGE_UNAVAILABLE", "timed out", "aftm-6-entry"),
        now.get());
    lifecycle.submit(unknown, null); // the broker timed out: nobody knows if it has the order
    lifecycle.onOrderEvent(
        new OrderEvent.Unknown("aftm-6-entry", "broker did not answer", now.get()));

    ReconciliationReport report = reconciliation.reconcile();

    assertThat(report.ordersResolved()).isEqualTo(1);
    assertThat(report.agrees()).isTrue();
    assertThat(lifecycle.stateOf("aftm-6-entry")).contains(OrderState.REJECTED);
    assertThat(lifecycle.find("aftm-6-entry").orElseThrow().errorCode()).isEqualTo("NOT_RECEIVED");
  }

  // ---- accepting the broker's view

  @Test
  void acceptingTheBrokerAdoptsAndStoresItsPositionsRecordsTheDecisionAndResumes() {
    stored.savePositions(ACC, List.of(position(2)));
    reconciliation.reconcileAtStart();
    portfolio.onFill(fill("ghost", Side.BUY, 2));
    enteredCondition(2);

    ReconciliationReport report = reconciliation.acceptBroker("checked with the desk");

    assertThat(report.acceptedBroker()).isTrue();
    assertThat(report.differences())
        .containsExactlyInAnyOrder(
            new Difference("position", TXF, "flat", "+2 lots"),
            new Difference("conditions", TXF, "flat", "+2 lots by conditions"));
    assertThat(portfolio.netQuantity(ACC, TXF)).isZero();
    assertThat(stored.loadPositions(ACC)).extracting(Position::quantity).containsOnly(0);
    assertThat(tradingState.decisions)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.decision()).isEqualTo("accept_broker: checked with the desk");
              assertThat(decision.differences())
                  .contains("position " + TXF + ": broker flat, AFTM +2 lots")
                  .contains("conditions " + TXF);
              assertThat(decision.atMillis()).isEqualTo(now.get());
            });
    assertThat(trading.tradingStatus().state()).isEqualTo(TradingState.ACTIVE);
    assertThat(conditions.loadAllConditions())
        .as("conditions are not changed")
        .singleElement()
        .satisfies(c -> assertThat(c.entryFilled()).isEqualTo(2));
  }

  @Test
  void acceptingTheBrokerDoesNotLiftAHaltThatReconciliationDidNotCause() {
    reconciliation.reconcileAtStart();
    trading.halt("operator: lunch");

    reconciliation.acceptBroker("");

    assertThat(trading.tradingStatus().state()).isEqualTo(TradingState.HALTED);
    assertThat(trading.tradingStatus().reason()).isEqualTo("operator: lunch");
    assertThat(tradingState.decisions)
        .singleElement()
        .satisfies(d -> assertThat(d.decision()).isEqualTo("accept_broker"));
  }

  @Test
  void haltReasonsNameTheFirstDifferencesAndCountTheRest() {
    List<Difference> many = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      many.add(new Difference("open_order", "o" + i, "accepted", "not known"));
    }

    assertThat(BrokerReconciliation.haltReason("reconciliation at start", many))
        .startsWith("reconciliation at start: 7 differences: open_order o0")
        .contains("open_order o4")
        .doesNotContain("o5:")
        .endsWith("; and 2 more");
  }
}
