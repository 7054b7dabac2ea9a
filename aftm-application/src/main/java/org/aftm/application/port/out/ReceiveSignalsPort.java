package org.aftm.application.port.out;

import org.aftm.domain.strategy.Signal;

/** Receives signals without blocking; one thread polls. */
public interface ReceiveSignalsPort {

  /** Handles up to {@code limit} waiting signals and returns how many it handled. */
  int poll(SignalHandler handler, int limit);

  LinkCounters counters();

  /** Receives one signal. */
  @FunctionalInterface
  interface SignalHandler {
    void onSignal(Signal signal);
  }
}
