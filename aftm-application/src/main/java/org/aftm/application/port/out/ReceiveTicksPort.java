package org.aftm.application.port.out;

import org.aftm.domain.model.TickEvent;

/**
 * Receives ticks without blocking; one thread polls. Gaps and stale ticks are counted in {@link
 * #counters()}.
 */
public interface ReceiveTicksPort {

  /** Handles up to {@code limit} waiting ticks and returns how many it handled. */
  int poll(TickHandler handler, int limit);

  LinkCounters counters();

  /** Receives one tick. */
  @FunctionalInterface
  interface TickHandler {
    void onTick(TickEvent tick);
  }
}
