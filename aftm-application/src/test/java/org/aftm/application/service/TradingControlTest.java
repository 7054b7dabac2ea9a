package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.junit.jupiter.api.Test;

/** The trading state's transitions, persistence and flatten. */
class TradingControlTest {

  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-01-06T04:00:00Z"));

  private final InMemoryTradingStatePort store = new InMemoryTradingStatePort();
  private final TradingControl control = new TradingControl(store, CLOCK);

  @Test
  void aFreshInstallIsActiveAndEveryChangeIsSavedAndReloaded() {
    assertThat(control.state()).isEqualTo(TradingState.ACTIVE);
    assertThat(store.saved).isEmpty();

    control.halt("lunch");

    assertThat(store.saved).hasSize(1);
    TradingControl restarted = new TradingControl(store, CLOCK);
    assertThat(restarted.state()).isEqualTo(TradingState.HALTED);
    assertThat(restarted.tradingStatus().reason()).contains("lunch");
    restarted.resume("back");
    assertThat(new TradingControl(store, CLOCK).state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void transientCausesReduceAndRestoreWhenAllClear() {
    control.raise(TradingControl.Cause.BREAKER_OPEN, "open 31 s");
    control.raise(TradingControl.Cause.STORAGE_FAULT, "disk full");
    assertThat(control.state()).isEqualTo(TradingState.REDUCING);
    assertThat(control.tradingStatus().automatic()).isTrue();

    control.clear(TradingControl.Cause.BREAKER_OPEN);
    assertThat(control.state()).as("the disk is still full").isEqualTo(TradingState.REDUCING);
    control.clear(TradingControl.Cause.STORAGE_FAULT);

    assertThat(control.state()).isEqualTo(TradingState.ACTIVE);
    assertThat(control.tradingStatus().reason()).contains("STORAGE_FAULT cleared");
  }

  @Test
  void anAutomaticCauseNeverLoosensAStricterState() {
    control.halt("operator");
    control.raise(TradingControl.Cause.BREAKER_OPEN, "open");
    assertThat(control.state()).isEqualTo(TradingState.HALTED);
    control.clear(TradingControl.Cause.BREAKER_OPEN);
    assertThat(control.state()).isEqualTo(TradingState.HALTED);

    control.trip(TradingState.REDUCING, "loss limit");
    assertThat(control.state()).isEqualTo(TradingState.HALTED);
  }

  @Test
  void aStickyCauseOverATransientOneStaysWhenTheTransientClears() {
    control.raise(TradingControl.Cause.STORAGE_FAULT, "disk full");
    control.trip(TradingState.REDUCING, "AFTM_MAX_DAILY_LOSS_TWD reached");
    control.clear(TradingControl.Cause.STORAGE_FAULT);

    assertThat(control.state()).isEqualTo(TradingState.REDUCING);
    assertThat(control.tradingStatus().reason()).contains("AFTM_MAX_DAILY_LOSS_TWD");
    control.resume("checked");
    assertThat(control.state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void aTransientStateSavedBeforeARestartClearsWhenItsCauseIsGone() {
    control.raise(TradingControl.Cause.BREAKER_OPEN, "open");
    TradingControl restarted = new TradingControl(store, CLOCK);
    assertThat(restarted.state()).isEqualTo(TradingState.REDUCING);

    restarted.clear(TradingControl.Cause.BREAKER_OPEN);

    assertThat(restarted.state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void storageHealthRaisesOnAFailureAndClearsOnTheNextSuccess() {
    StorageHealth health = new StorageHealth(control);
    health.recordFailure("the audit trail", new IllegalStateException("disk full"));
    assertThat(health.healthy()).isFalse();
    assertThat(health.failures()).isEqualTo(1);
    assertThat(control.state()).isEqualTo(TradingState.REDUCING);

    health.recordSuccess("the audit trail");

    assertThat(health.healthy()).isTrue();
    assertThat(control.state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void storageHealthClearsOnlyOnceEveryWriterThatFailedWritesAgain() {
    // On a full disk a small journal row may still fit where the audit trail's request did not.
    StorageHealth health = new StorageHealth(control);
    health.recordFailure("the audit trail", new IllegalStateException("disk full"));
    health.recordFailure("the order journal", new IllegalStateException("disk full"));

    health.recordSuccess("the order journal");
    health.recordSuccess("the positions");

    assertThat(health.healthy()).isFalse();
    assertThat(control.state()).isEqualTo(TradingState.REDUCING);

    health.recordSuccess("the audit trail");

    assertThat(health.healthy()).isTrue();
    assertThat(control.state()).isEqualTo(TradingState.ACTIVE);
    assertThat(health.failures()).isEqualTo(2);
  }

  @Test
  void flattenClosesAtMarketThroughTheAuditedOrderPathEvenWhenHaltedAndSplitsByTheOrderLimit() {
    FakeExchange exchange = new FakeExchange();
    FakeOrderAudit audit = new FakeOrderAudit();
    OrderPath path =
        new OrderPath(
            exchange,
            audit,
            new RiskLimits(2, 10),
            org.aftm.application.port.out.TradingMetrics.NONE,
            () -> 0L,
            control::tradingStatus);
    // A condition's entry of 3 lots, filled.
    OrderRequest entry =
        new OrderRequest(
            "ACC-1",
            "TXFF6",
            Side.BUY,
            OrderType.MARKET,
            Price.ZERO,
            2,
            OpenClose.AUTO,
            "t",
            DayTrade.NO,
            TimeInForce.IOC,
            "aftm-1-entry");
    assertThat(path.service.placeOrder(new PlaceOrderCommand(entry, 0)).sent()).isTrue();
    path.hold("ACC-1", "TXFF6", 1, "20000");
    assertThat(path.portfolio.netQuantity("ACC-1", "TXFF6")).isEqualTo(3);
    control.useFlattener(
        new PositionFlattener(path.service, path.portfolio, path.lifecycle, "ACC-1", 2, CLOCK));
    control.halt("test");

    FlattenReport report = control.flatten(Optional.empty());

    assertThat(report.orders()).hasSize(2);
    assertThat(report.allSent()).isTrue();
    assertThat(report.orders())
        .extracting(OrderResult::clientOrderId)
        .allMatch(id -> id.startsWith("flatten-") && id.contains("-TXFF6"));
    assertThat(path.portfolio.netQuantity("ACC-1", "TXFF6")).isZero();
    assertThat(audit.entries).as("audited like every order").hasSize(3);
    assertThat(audit.entries)
        .filteredOn(e -> e.request.clientOrderId().startsWith("flatten-"))
        .as("the main process's own orders")
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.sender).isEqualTo(OrderSender.MAIN_PROCESS));
    assertThat(control.state()).isEqualTo(TradingState.HALTED);

    control.resume("test");
    OrderRequest exit =
        new OrderRequest(
            "ACC-1",
            "TXFF6",
            Side.SELL,
            OrderType.MARKET,
            Price.ZERO,
            2,
            OpenClose.CLOSE,
            "t",
            DayTrade.NO,
            TimeInForce.IOC,
            "aftm-1-exit");
    OrderResult late =
        path.service.placeOrder(
            new PlaceOrderCommand(exit, 0, "aftm-1-entry", OrderOrigin.STRATEGY));
    assertThat(late.errorCode())
        .as("the condition's exit must not open a short")
        .isEqualTo(ErrorCode.NO_POSITION_TO_CLOSE.wire());
  }

  @Test
  void anOrderRefusedByTheRateLimitIsNotAuditedButTheSenderAndTheStrategyAreTold() {
    FakeExchange exchange = new FakeExchange();
    FakeOrderAudit audit = new FakeOrderAudit();
    Portfolio portfolio = new Portfolio(item -> 200);
    RecordingOrderUpdates updates = new RecordingOrderUpdates();
    OrderLifecycle lifecycle =
        new OrderLifecycle(portfolio, new FakeOrderJournal(), updates, OrderPath.CLOCK);
    RiskEngine risk =
        new RiskEngine(
            new RiskLimits(10, 100),
            portfolio,
            lifecycle,
            () -> true,
            () -> 5_000_000_000L,
            control::tradingStatus,
            org.aftm.domain.calendar.AlwaysOpenCalendar.INSTANCE,
            CLOCK,
            new OrderRateWindow(1, 100),
            0);
    PlaceOrderService service =
        new PlaceOrderService(
            exchange,
            audit,
            risk,
            lifecycle,
            org.aftm.application.port.out.TradingMetrics.NONE,
            CLOCK,
            () -> 5_000_000_000L);
    exchange.addListener(lifecycle);

    for (int i = 0; i < 50; i++) {
      OrderRequest request =
          new OrderRequest(
              "ACC-1",
              "TXFF6",
              Side.BUY,
              OrderType.MARKET,
              Price.ZERO,
              1,
              OpenClose.AUTO,
              "t",
              DayTrade.NO,
              TimeInForce.IOC,
              "flood-" + i);
      service.placeOrder(new PlaceOrderCommand(request, 0, null, OrderOrigin.MANUAL));
    }

    assertThat(exchange.placed).hasSize(1);
    assertThat(audit.entries).as("only the placed order is audited").hasSize(1);
    assertThat(service.throttledCount()).isEqualTo(49);
    assertThat(updates.of("flood-7"))
        .singleElement()
        .satisfies(u -> assertThat(u.errorCode()).isEqualTo(ErrorCode.RISK_LIMIT.wire()));
    assertThat(lifecycle.workingCount()).isZero();
    assertThat(lifecycle.find("flood-7")).as("not kept in memory").isEmpty();
  }

  @Test
  void theStatusReadOnTheOrderPathIsTheLatest() {
    TradingStatus before = control.tradingStatus();
    control.reduce("");
    assertThat(control.tradingStatus()).isNotEqualTo(before);
    assertThat(control.tradingStatus().reason()).isEqualTo("operator");
  }
}
