package org.aftm.application.port.out;

import org.aftm.domain.strategy.Signal;

/** Sends signals to the order executor. Never blocks; one thread sends. */
public interface SendSignalPort {

  /**
   * @return false when the signal could not be queued (no executor connected, queue full)
   */
  boolean send(Signal signal);
}
