package org.aftm.domain.strategy;

import org.aftm.domain.model.Tick;
import org.aftm.domain.order.OrderUpdate;

/**
 * A trading strategy: turns ticks (and, if its plugin asks, bars) into signals. A new strategy
 * implements this interface and is made by a {@link StrategyPlugin}; no existing strategy or wiring
 * is edited. The framework ({@link StrategyHost}) gives an instance the ticks and bars of its
 * instruments and the updates of its own orders only.
 *
 * <p>Called by one thread only (the strategy agent's); implementations need no locking and should
 * not allocate per tick except for the signals they emit.
 */
public interface Strategy {

  /** A short, stable name for logs and configuration, e.g. {@code "support-resistance"}. */
  String name();

  /**
   * Processes one tick and reports signals and condition changes to {@code listener}. The tick may
   * be a reused view, valid only during this call: keep {@link Tick#toEvent()} if needed.
   */
  void onTick(Tick tick, StrategyListener listener);

  /**
   * Learns what became of one of its orders (accepted, filled, refused, cancelled ...). A strategy
   * moves on outcomes, not on the signals it sent. Repeats and updates of orders it does not know
   * must change nothing.
   */
  default void onOrderUpdate(OrderUpdate update, StrategyListener listener) {}

  /**
   * A bar of a period its plugin asked for ({@link StrategyPlugin#barPeriods}), once the bar has
   * closed: delivered before the tick that opened the next bar reaches {@link #onTick}.
   */
  default void onBar(Bar bar, StrategyListener listener) {}
}
