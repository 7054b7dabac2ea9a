package org.aftm.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into an orderly stop: the command's own thread stops the
 * children and exits 0, instead of the JVM dying mid-order with 130 or 143.
 */
final class ShutdownSignal {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);

  private final CountDownLatch requested = new CountDownLatch(1);

  static ShutdownSignal install() {
    ShutdownSignal signal = new ShutdownSignal();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(
            new Signal(name),
            s -> {
              LOG.info("SIG{} received; stopping", name);
              signal.requested.countDown();
            });
      } catch (IllegalArgumentException e) {
        LOG.warn("Cannot handle SIG{} here: {}", name, e.getMessage());
      }
    }
    return signal;
  }

  /** Waits up to {@code millis}; true when a stop was requested. */
  boolean await(long millis) throws InterruptedException {
    return requested.await(millis, TimeUnit.MILLISECONDS);
  }

  void request() {
    requested.countDown();
  }
}
