package org.aftm.app.wiring;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a composition root started, stopped in reverse order: push each part as it starts; close
 * stops the last started first. A part that fails to stop is logged and the rest still stop.
 *
 * <p>Thread-safe: a shutdown hook and the starting thread may both close it; it runs once.
 */
public final class ShutdownSequence implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /** Registers a started part; it will be stopped before everything pushed earlier. */
  public synchronized void push(AutoCloseable part) {
    parts.push(part);
  }

  @Override
  public synchronized void close() {
    while (!parts.isEmpty()) {
      AutoCloseable next = parts.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", next, e.toString());
      }
    }
  }
}
