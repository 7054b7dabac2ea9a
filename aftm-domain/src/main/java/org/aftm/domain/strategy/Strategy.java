package org.aftm.domain.strategy;

import org.aftm.domain.model.TickEvent;

/**
 * A trading strategy: turns ticks into signals. A new strategy implements this interface; no
 * existing strategy is edited.
 *
 * <p>Called by one thread only (the strategy agent's); implementations need no locking and should
 * not allocate per tick except for the signals they emit.
 */
public interface Strategy {

  /** A short, stable name for logs and configuration, e.g. {@code "support-resistance"}. */
  String name();

  /** Processes one tick and reports signals and condition changes to {@code listener}. */
  void onTick(TickEvent tick, StrategyListener listener);
}
