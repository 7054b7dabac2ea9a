package org.aftm.application.service;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.FeedMarketPort;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.Strategy;
import org.aftm.domain.strategy.StrategyListener;

/**
 * Runs a strategy over recorded ticks through the same order path as live trading: each signal
 * becomes the order the live executor would send and passes {@link PlaceOrderService} — the
 * pre-trade checks, the {@link OrderLifecycle} and the {@link Portfolio} — to a simulated broker
 * that fills at the tick's price. Each tick first moves the market, then reaches the strategy; the
 * order updates it caused reach the strategy before the next tick, as they would live.
 *
 * <p>Single-threaded; one replay per instance. The broker must deliver its order events on the
 * calling thread (the simulated broker without delays does).
 */
public final class ReplayService implements StrategyListener {

  /** What a replay reports as it goes. */
  public interface ReplayListener {
    /** A signal, with the 1-based number of the tick that caused it. */
    void onSignal(int tickNumber, Signal signal);

    /** A fill, with the 1-based number of the tick it happened on. */
    void onFill(int tickNumber, Fill fill);

    /** An order refused by a check or the broker. */
    default void onRefused(int tickNumber, Signal signal, OrderResult result) {}
  }

  /**
   * @param ticks ticks replayed
   * @param signals signals emitted
   * @param roundTrips conditions whose exit closed everything their entry filled
   * @param fills fills received
   * @param realizedPnlPoints realized points, summed over lots and instruments
   * @param realizedPnl realized money (TWD), summed over instruments
   */
  public record ReplaySummary(
      long ticks,
      long signals,
      long roundTrips,
      long fills,
      Price realizedPnlPoints,
      Price realizedPnl) {}

  private final FeedMarketPort market;
  private final Strategy strategy;
  private final String orderAccount;
  private final ReplayListener listener;
  private final Portfolio portfolio;
  private final OrderLifecycle lifecycle;
  private final PlaceOrderService placeOrder;
  private final ExchangeApi exchange;

  /** Updates the order path published during a tick, handed to the strategy after it. */
  private final ArrayDeque<OrderUpdate> updates = new ArrayDeque<>();

  private int tickNumber;
  private long signals;
  private long roundTrips;
  private long fills;

  public ReplayService(
      ExchangeApi exchange,
      FeedMarketPort market,
      Strategy strategy,
      String orderAccount,
      RiskLimits limits,
      ReplayListener listener) {
    this.exchange = exchange;
    this.market = market;
    this.strategy = strategy;
    this.orderAccount = orderAccount;
    this.listener = listener;
    this.portfolio = Portfolio.forContracts(exchange.contracts());
    InstantSource clock = InstantSource.system();
    this.lifecycle = new OrderLifecycle(portfolio, new ReplayJournal(), new QueuedUpdates(), clock);
    RiskEngine risk =
        new RiskEngine(limits, portfolio, lifecycle, exchange::isLoggedIn, System::nanoTime);
    this.placeOrder =
        new PlaceOrderService(
            exchange,
            new ReplayAudit(),
            risk,
            lifecycle,
            TradingMetrics.NONE,
            clock,
            System::nanoTime);
  }

  public ReplaySummary replay(RecordedTicks ticks) {
    exchange.addListener(lifecycle);
    try {
      for (int i = 0; i < ticks.size(); i++) {
        tickNumber = i + 1;
        String item = ticks.itemCode(i);
        long price = ticks.priceUnits(i);
        long quantity = ticks.quantity(i);
        long time = ticks.timeMillis(i);
        market.feed(new MarketTick(item, price, quantity, time));
        portfolio.onPrice(item, price);
        strategy.onTick(new TickEvent(item, tickNumber, price, quantity, time, 0L), this);
        while (!updates.isEmpty()) {
          strategy.onOrderUpdate(updates.poll(), this);
        }
      }
    } finally {
      exchange.removeListener(lifecycle);
    }
    long pointsUnits = 0;
    long moneyUnits = 0;
    for (Position position : portfolio.positions(orderAccount)) {
      pointsUnits += position.realizedPnlPoints().units();
      moneyUnits += position.realizedPnl().units();
    }
    return new ReplaySummary(
        ticks.size(),
        signals,
        roundTrips,
        fills,
        Price.ofUnits(pointsUnits),
        Price.ofUnits(moneyUnits));
  }

  @Override
  public void onSignal(Signal signal) {
    signals++;
    listener.onSignal(tickNumber, signal);
    OrderRequest request = SignalOrders.orderFor(signal, orderAccount);
    OrderResult result =
        placeOrder.placeOrder(
            new PlaceOrderCommand(
                request,
                0L,
                SignalOrders.entryClientOrderIdFor(signal),
                OrderOrigin.STRATEGY,
                OrderSender.REPLAY));
    if (!result.sent()) {
      listener.onRefused(tickNumber, signal, result);
    }
  }

  @Override
  public void onConditionChanged(Condition condition, ConditionStep step) {
    if (step == ConditionStep.EXITED) {
      roundTrips++;
    }
  }

  /** The positions the replay's portfolio holds. */
  public List<Position> positions() {
    return portfolio.positions(orderAccount);
  }

  /** Hands order updates to the strategy after the tick that caused them. */
  private final class QueuedUpdates implements PublishOrderUpdatesPort {
    @Override
    public void publish(OrderUpdate update) {
      updates.add(update);
    }

    @Override
    public void publish(ConditionCommand command) {
      // A replay has no operator.
    }
  }

  /** Keeps nothing but reports each fill; a replay's orders live only for the run. */
  private final class ReplayJournal implements OrderJournalPort {
    @Override
    public void recordOrderChange(Order order, Fill fill, long epochMillis) {
      if (fill != null) {
        fills++;
        listener.onFill(tickNumber, fill);
      }
    }

    @Override
    public Optional<Order> loadOrder(String clientOrderId) {
      return Optional.empty();
    }

    @Override
    public List<Order> loadOrdersClosing(String entryClientOrderId) {
      return List.of();
    }

    @Override
    public List<Order> loadWorkingOrders() {
      return List.of();
    }
  }

  /** The run's audit trail, in memory: a replay answers repeats as live trading does. */
  private static final class ReplayAudit implements OrderAuditPort {
    private final Map<Long, String> idsByAudit = new HashMap<>();
    private final Map<String, OrderResult> results = new HashMap<>();

    @Override
    public long recordRequest(
        OrderRequest request, String closesClientOrderId, OrderSender sender, long epochMillis) {
      long id = idsByAudit.size() + 1L;
      idsByAudit.put(id, request.clientOrderId());
      return id;
    }

    @Override
    public void recordResult(long auditId, OrderResult result, long epochMillis) {
      results.put(idsByAudit.get(auditId), result);
    }

    @Override
    public Optional<OrderResult> findResultByClientOrderId(String clientOrderId) {
      return Optional.ofNullable(results.get(clientOrderId));
    }

    /** A replay answers every request before the next; none is ever left unanswered. */
    @Override
    public List<UnansweredRequest> findRequestsWithoutResult(
        long fromMillis, long beforeMillis, int limit) {
      return List.of();
    }
  }
}
