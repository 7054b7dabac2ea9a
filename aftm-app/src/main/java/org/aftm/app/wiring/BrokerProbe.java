package org.aftm.app.wiring;

import java.time.Duration;
import java.util.function.Supplier;
import org.aftm.application.port.out.ExchangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the broker's breaker again once the broker answers. A breaker leaves the open state only
 * through trial calls, but once it has been open for {@code AFTM_BREAKER_REDUCE_AFTER_S} trading is
 * {@code REDUCING}, new entries are refused before they reach the broker, and without positions
 * nothing else calls it: the breaker would stay open, and trading reduced, for good. So while the
 * breaker is not closed, this asks the broker a cheap question through it (the account's positions)
 * once a period: refused at once while the breaker waits, a trial call once it lets them through.
 *
 * <p>Threading: one daemon thread, {@code broker-probe}, started and stopped by the composition
 * root. A probe of a hung broker ends at the broker call's deadline ({@link
 * TimeLimitedExchangeApi}).
 */
final class BrokerProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

  private final Supplier<String> breakerState;
  private final Runnable question;
  private final long periodMillis;
  private final Thread thread;
  private volatile boolean running;

  /**
   * @param breakerState the breaker's state name; {@code CLOSED} needs no probe
   * @param question a cheap call through the breaker; an {@link ExchangeException} is its failure
   */
  BrokerProbe(Supplier<String> breakerState, Runnable question, Duration period) {
    this.breakerState = breakerState;
    this.question = question;
    this.periodMillis = period.toMillis();
    this.thread = new Thread(this::loop, "broker-probe");
    thread.setDaemon(true);
  }

  void start() {
    running = true;
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!"CLOSED".equals(breakerState.get())) {
        probeOnce();
      }
    }
  }

  private void probeOnce() {
    try {
      question.run();
      LOG.info("Broker probe answered; breaker {}", breakerState.get());
    } catch (ExchangeException e) {
      // Expected while the broker is down or the breaker waits; the breaker's state says which.
      LOG.debug("Broker probe failed: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Broker probe failed unexpectedly", e);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
