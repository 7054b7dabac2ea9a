package org.aftm.application.port.out;

import org.aftm.domain.model.Tick;

/**
 * Receives ticks without blocking; one thread polls. Gaps and stale ticks are counted in {@link
 * #counters()}.
 */
public interface ReceiveTicksPort {

  /** Handles up to {@code limit} waiting ticks and returns how many it handled. */
  int poll(TickHandler handler, int limit);

  LinkCounters counters();

  /**
   * Receives one tick. The tick may be the receiver's reused view of its frame, valid only during
   * the call: keep {@link Tick#toEvent()} to hold on to it.
   */
  @FunctionalInterface
  interface TickHandler {
    void onTick(Tick tick);
  }
}
