package org.aftm.application.port.in;

import org.aftm.domain.strategy.Signal;

/** Turns one signal into one order through the gateway (docs/architecture.md §4). */
public interface ExecuteSignalUseCase {

  ExecutionOutcome execute(Signal signal);

  /** What became of a signal. */
  enum ExecutionOutcome {
    /** The broker took the order. */
    SENT,
    /** The gateway or broker refused it; not retried. */
    REFUSED,
    /** No answer from the gateway after every retry. */
    GATEWAY_UNAVAILABLE
  }
}
