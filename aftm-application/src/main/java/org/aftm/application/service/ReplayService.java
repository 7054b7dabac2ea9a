package org.aftm.application.service;

import java.util.List;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.FeedMarketPort;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.Position;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.Strategy;
import org.aftm.domain.strategy.StrategyListener;

/**
 * Runs a strategy over recorded ticks against a simulated broker: each tick first moves the market
 * (so the broker's last price is the tick's price), then reaches the strategy; each signal becomes
 * the order the live executor would send, filled by the broker at that price.
 *
 * <p>Single-threaded; one replay per instance.
 */
public final class ReplayService implements StrategyListener {

  /** What a replay reports as it goes. */
  public interface ReplayListener {
    /** A signal, with the 1-based number of the tick that caused it. */
    void onSignal(int tickNumber, Signal signal);

    /** A fill, with the 1-based number of the tick it happened on. */
    void onFill(int tickNumber, Fill fill);

    /** An order the broker refused. */
    default void onRefused(int tickNumber, Signal signal, OrderResult result) {}
  }

  /**
   * @param ticks ticks replayed
   * @param signals signals emitted
   * @param roundTrips exits that filled
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

  private final ExchangeApi exchange;
  private final FeedMarketPort market;
  private final Strategy strategy;
  private final String orderAccount;
  private final ReplayListener listener;

  private int tickNumber;
  private long signals;
  private long roundTrips;
  private long fills;

  public ReplayService(
      ExchangeApi exchange,
      FeedMarketPort market,
      Strategy strategy,
      String orderAccount,
      ReplayListener listener) {
    this.exchange = exchange;
    this.market = market;
    this.strategy = strategy;
    this.orderAccount = orderAccount;
    this.listener = listener;
  }

  public ReplaySummary replay(RecordedTicks ticks) {
    ExchangeListener fillListener =
        new ExchangeListener() {
          @Override
          public void onOrderEvent(org.aftm.domain.order.OrderEvent event) {
            if (event instanceof org.aftm.domain.order.OrderEvent.Filled) {
              fills++;
            }
          }
        };
    exchange.addListener(fillListener);
    try {
      for (int i = 0; i < ticks.size(); i++) {
        tickNumber = i + 1;
        String item = ticks.itemCode(i);
        long price = ticks.priceUnits(i);
        long quantity = ticks.quantity(i);
        long time = ticks.timeMillis(i);
        market.feed(new MarketTick(item, price, quantity, time));
        strategy.onTick(new TickEvent(item, tickNumber, price, quantity, time, 0L), this);
      }
    } finally {
      exchange.removeListener(fillListener);
    }
    long pointsUnits = 0;
    long moneyUnits = 0;
    List<Position> positions = exchange.positions(orderAccount);
    for (Position position : positions) {
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
    OrderResult result = exchange.placeOrder(SignalOrders.orderFor(signal, orderAccount));
    if (!result.sent()) {
      listener.onRefused(tickNumber, signal, result);
    } else if (signal.reason().isExit() && result.filledQuantity() > 0) {
      roundTrips++;
    }
  }

  @Override
  public void onConditionChanged(Condition condition, ConditionStep step) {
    // A replay keeps no state beyond the run.
  }
}
