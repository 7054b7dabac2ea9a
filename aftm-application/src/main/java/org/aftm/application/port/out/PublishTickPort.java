package org.aftm.application.port.out;

import org.aftm.domain.model.TickEvent;

/**
 * Sends ticks to the strategy. Never blocks: when subscribers are slow, ticks are dropped and
 * counted, and receivers see the gap in sequence numbers. One thread publishes.
 */
public interface PublishTickPort {

  void publish(TickEvent tick);
}
