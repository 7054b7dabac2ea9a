package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aftm.application.port.in.ReconcileUseCase;
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
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.Test;

/** The main process's order lifecycle and the reconciliation with the broker at start. */
class OrderLifecycleTest {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";

  private final FakeOrderJournal journal = new FakeOrderJournal();
  private final RecordingOrderUpdates updates = new RecordingOrderUpdates();
  private final Portfolio portfolio = new Portfolio(item -> 200);
  private final OrderLifecycle lifecycle =
      new OrderLifecycle(portfolio, journal, updates, OrderPath.CLOCK);

  private static OrderRequest order(Side side, int quantity, OpenClose openClose, String id) {
    return new OrderRequest(
        ACC,
        TXF,
        side,
        OrderType.MARKET,
        Price.ZERO,
        quantity,
        openClose,
        "",
        DayTrade.NO,
        TimeInForce.IOC,
        id);
  }

  private static OrderEvent fill(String id, String execution, int lots, long points) {
    return new OrderEvent.Filled(id, "S1", execution, lots, Price.ofPoints(points), 0);
  }

  @Test
  void eachAppliedEventIsJournaledMovesThePortfolioAndIsPublished() {
    lifecycle.submit(order(Side.BUY, 3, OpenClose.AUTO, "aftm-1-entry"), null);
    assertThat(portfolio.workingQuantity(ACC, TXF)).isEqualTo(3);

    lifecycle.onOrderEvent(new OrderEvent.Accepted("aftm-1-entry", "S1", 0));
    lifecycle.onOrderEvent(fill("aftm-1-entry", "E1", 2, 22000));
    lifecycle.onOrderEvent(fill("aftm-1-entry", "E1", 2, 22000)); // repeated: ignored
    lifecycle.onOrderEvent(new OrderEvent.Cancelled("aftm-1-entry", "S1", "IOC", 0));

    assertThat(updates.of("aftm-1-entry"))
        .extracting(OrderUpdate::state, OrderUpdate::filledQuantity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OrderState.SUBMITTED, 0),
            org.assertj.core.groups.Tuple.tuple(OrderState.ACCEPTED, 0),
            org.assertj.core.groups.Tuple.tuple(OrderState.PARTIALLY_FILLED, 2),
            org.assertj.core.groups.Tuple.tuple(OrderState.CANCELLED, 2));
    assertThat(journal.changes).isEqualTo(4);
    assertThat(journal.fills)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.clientOrderId()).isEqualTo("aftm-1-entry");
              assertThat(f.executionId()).isEqualTo("E1");
              assertThat(f.orderSerial()).isEqualTo("S1");
              assertThat(f.quantity()).isEqualTo(2);
            });
    assertThat(portfolio.netQuantity(ACC, TXF)).isEqualTo(2);
    assertThat(portfolio.workingQuantity(ACC, TXF)).isZero();
    assertThat(lifecycle.workingOrders()).isEmpty();
    assertThat(lifecycle.eventsRefused()).isZero();
  }

  @Test
  void anInvalidEventOrOneForAnUnknownOrderChangesNothingAndIsCounted() {
    lifecycle.submit(order(Side.BUY, 1, OpenClose.AUTO, "aftm-1-entry"), null);
    lifecycle.onOrderEvent(fill("aftm-1-entry", "E1", 1, 22000));
    int published = updates.updates.size();

    lifecycle.onOrderEvent(new OrderEvent.Rejected("aftm-1-entry", "X", "late", 0));
    lifecycle.onOrderEvent(fill("aftm-1-entry", "E2", 1, 22000)); // over-fill
    lifecycle.onOrderEvent(fill("nobody", "E3", 1, 22000));

    assertThat(lifecycle.eventsRefused()).isEqualTo(3);
    assertThat(updates.updates).hasSize(published);
    assertThat(portfolio.netQuantity(ACC, TXF)).isEqualTo(1);
    assertThat(lifecycle.stateOf("aftm-1-entry")).contains(OrderState.FILLED);
    assertThat(lifecycle.stateOf("nobody")).isEmpty();
  }

  @Test
  void aRefusalBeforeTheBrokerIsPublishedAndLeavesTheLotsInFlightAlone() {
    lifecycle.submit(order(Side.BUY, 2, OpenClose.AUTO, "aftm-1-entry"), null);

    lifecycle.refuse(
        order(Side.BUY, 5, OpenClose.AUTO, "aftm-2-entry"), null, "RISK_LIMIT", "too many");

    assertThat(updates.last())
        .isEqualTo(
            new OrderUpdate(
                "aftm-2-entry", OrderState.REJECTED, 5, 0, 0, "RISK_LIMIT", "too many"));
    assertThat(portfolio.workingQuantity(ACC, TXF)).isEqualTo(2);
    assertThat(lifecycle.orderStates(List.of("aftm-2-entry", "aftm-1-entry", "never")))
        .extracting(OrderUpdate::clientOrderId)
        .containsExactly("aftm-2-entry", "aftm-1-entry");
  }

  @Test
  void anEventForAnOrderOnlyTheJournalKnowsIsApplied() {
    lifecycle.submit(order(Side.BUY, 1, OpenClose.AUTO, "aftm-1-entry"), null);
    OrderLifecycle restarted = new OrderLifecycle(portfolio, journal, updates, OrderPath.CLOCK);

    restarted.onOrderEvent(fill("aftm-1-entry", "E1", 1, 22000));

    assertThat(restarted.stateOf("aftm-1-entry")).contains(OrderState.FILLED);
    assertThat(journal.loadOrder("aftm-1-entry").orElseThrow().state())
        .isEqualTo(OrderState.FILLED);
    assertThat(restarted.eventsRefused()).isZero();
  }

  @Test
  void closableCountsTheEntrysFillsLessItsExitsFromMemoryAndFromTheJournal() {
    lifecycle.submit(order(Side.BUY, 3, OpenClose.AUTO, "aftm-1-entry"), null);
    lifecycle.onOrderEvent(fill("aftm-1-entry", "E1", 3, 100));
    lifecycle.submit(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit"), "aftm-1-entry");
    lifecycle.onOrderEvent(fill("aftm-1-exit", "E2", 1, 110));
    assertThat(lifecycle.closableFor("aftm-1-entry")).isEqualTo(2);
    lifecycle.submit(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit-2"), "aftm-1-entry");
    assertThat(lifecycle.closableFor("aftm-1-entry"))
        .as("an exit in flight counts as closing")
        .isEqualTo(1);

    OrderLifecycle restarted = new OrderLifecycle(portfolio, journal, updates, OrderPath.CLOCK);
    assertThat(restarted.closableFor("aftm-1-entry"))
        .as("after a restart the exits are read back from the journal")
        .isEqualTo(1);
    assertThat(restarted.closableFor("aftm-9-entry")).isZero();
  }

  @Test
  void theReconciliationAdoptsTheBrokersPositionsRecoversWorkingOrdersAndReportsDifferences()
      throws InterruptedException {
    FakeExchange broker = new FakeExchange();
    broker.mode = FakeExchange.Mode.FILL;
    broker.hold(ACC, TXF, 2, "22000");
    broker.placeOrder(order(Side.BUY, 1, OpenClose.AUTO, "aftm-1-entry")); // filled at the broker
    // What the previous run left: the entry submitted, an exit submitted the broker never got.
    lifecycle.submit(order(Side.BUY, 1, OpenClose.AUTO, "aftm-1-entry"), null);
    lifecycle.submit(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-2-exit"), "aftm-2-entry");
    FakeConditionStore conditions = new FakeConditionStore(new java.util.ArrayList<>());
    ConditionSpec spec =
        new ConditionSpec(
            TXF,
            Side.BUY,
            Price.ofPoints(22000),
            Price.ZERO,
            1,
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
            new ConditionProgress(1, 1, 0, true, 0, null, 0, 0, 0, 0, false, "")));

    Portfolio fresh = new Portfolio(item -> 200);
    OrderLifecycle next = new OrderLifecycle(fresh, journal, updates, OrderPath.CLOCK);
    FakeTradingControl trading = new FakeTradingControl();
    BrokerReconciliation reconciliation =
        new BrokerReconciliation(
            ACC,
            broker,
            fresh,
            next,
            journal,
            new FakeOrderAudit(),
            conditions,
            new FakeStoredPositions(),
            new FakeTradingState(),
            trading,
            OrderPath.CLOCK);
    ReconcileUseCase.ReconciliationReport atStart = reconciliation.reconcileAtStart();

    assertThat(atStart.ordersResolved()).isEqualTo(2);
    // Orders in TXF were on their way at the last stop: its positions are judged once settled.
    assertThat(atStart.agrees()).isTrue();
    assertThat(reconciliation.owesSettledCheck()).isTrue();
    assertThat(trading.tradingStatus().state()).isEqualTo(TradingState.ACTIVE);
    assertThat(reconciliation.reconcileOnceSettled(java.time.Duration.ZERO)).isTrue();
    ReconcileUseCase.ReconciliationReport report = reconciliation.reconcile();
    assertThat(next.stateOf("aftm-1-entry")).contains(OrderState.FILLED);
    assertThat(next.find("aftm-2-exit").orElseThrow().errorCode()).isEqualTo("NOT_RECEIVED");
    assertThat(next.workingOrders()).isEmpty();
    assertThat(fresh.netQuantity(ACC, TXF)).as("the broker's word").isEqualTo(3);
    assertThat(fresh.workingQuantity(ACC, TXF)).isZero();
    assertThat(report.agrees()).isFalse();
    assertThat(report.differences())
        .contains(
            new ReconcileUseCase.Difference("conditions", TXF, "+3 lots", "+1 lots by conditions"));
    assertThat(trading.tradingStatus().state()).isEqualTo(TradingState.HALTED);
  }
}
