package org.aftm.adapter.zmq.out;

/**
 * Waits between attempts of a gateway request. Production code uses {@link JitteredBackoff}; tests
 * pass one that records and returns at once.
 */
@FunctionalInterface
public interface RetryPause {

  /**
   * Waits before retry number {@code retry} (1 for the first retry).
   *
   * @throws InterruptedException when the waiting thread is interrupted; the request then fails
   */
  void pauseBefore(int retry) throws InterruptedException;
}
