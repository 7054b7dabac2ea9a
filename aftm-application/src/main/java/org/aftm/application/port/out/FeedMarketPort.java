package org.aftm.application.port.out;

import org.aftm.domain.model.MarketTick;

/**
 * Drives a simulated market with recorded ticks (replay): the broker sets its last price, fills
 * crossing limit orders and emits its tick events before this returns.
 */
public interface FeedMarketPort {

  void feed(MarketTick tick);
}
