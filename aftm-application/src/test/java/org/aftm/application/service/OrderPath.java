package org.aftm.application.service;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.domain.calendar.AlwaysOpenCalendar;
import org.aftm.domain.risk.TradingStatus;

/**
 * The main process's order path wired as in production, over fakes: {@link Portfolio}, {@link
 * OrderLifecycle} (listening to the broker), {@link RiskEngine} and {@link PlaceOrderService}.
 */
final class OrderPath {

  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-02T01:00:00Z"));

  final FakeExchange exchange;
  final FakeOrderAudit audit;
  final FakeOrderJournal journal = new FakeOrderJournal();
  final RecordingOrderUpdates updates = new RecordingOrderUpdates();
  final Portfolio portfolio = new Portfolio(item -> FakeExchange.POINT_VALUE);
  final OrderLifecycle lifecycle;
  final RiskEngine risk;
  final PlaceOrderService service;

  OrderPath(
      FakeExchange exchange,
      FakeOrderAudit audit,
      RiskLimits limits,
      TradingMetrics metrics,
      LongSupplier nanoClock) {
    this(exchange, audit, limits, metrics, nanoClock, () -> TradingStatus.initial(0));
  }

  /** With a trading state, always open, no rate limit or price band. */
  OrderPath(
      FakeExchange exchange,
      FakeOrderAudit audit,
      RiskLimits limits,
      TradingMetrics metrics,
      LongSupplier nanoClock,
      Supplier<TradingStatus> tradingStatus) {
    this.exchange = exchange;
    this.audit = audit;
    this.lifecycle = new OrderLifecycle(portfolio, journal, updates, CLOCK);
    this.risk =
        new RiskEngine(
            limits,
            portfolio,
            lifecycle,
            exchange::isLoggedIn,
            nanoClock,
            tradingStatus,
            AlwaysOpenCalendar.INSTANCE,
            CLOCK,
            null,
            0);
    this.service =
        new PlaceOrderService(exchange, audit, risk, lifecycle, metrics, CLOCK, nanoClock);
    exchange.addListener(lifecycle);
  }

  OrderPath(FakeExchange exchange, RiskLimits limits) {
    this(exchange, new FakeOrderAudit(), limits, TradingMetrics.NONE, () -> 0L);
  }

  /**
   * Gives the account a position held from before (at the broker), and lets the portfolio adopt it,
   * as the reconciliation at start does.
   */
  void hold(String account, String itemCode, int signedQuantity, String price) {
    exchange.hold(account, itemCode, signedQuantity, price);
    portfolio.adopt(exchange.positions(account));
  }
}
