package org.aftm.app.wiring;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a composition root started, stopped in reverse order: push each part as it starts; close
 * stops the last started first. A part that fails to stop is logged and the rest still stop.
 *
 * <p>Thread-safe: a shutdown hook and the starting thread may both close it; it runs once (a second
 * close waits for the first to finish). Push never waits for a close in progress: a part's close
 * may need a lock the pushing thread holds (the console's shutdown hook stops trading, which needs
 * the main process's monitor, while the console thread registers an instrument under it). A part
 * pushed once the close began is stopped at once, by the pushing thread.
 */
public final class ShutdownSequence implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  /** Guarded by itself, held only to push or pop, never while a part stops. */
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /** Guarded by {@link #parts}. */
  private boolean closing;

  /** Held by the one thread that stops the parts. */
  private final Object closer = new Object();

  /** Registers a started part; it will be stopped before everything pushed earlier. */
  public void push(AutoCloseable part) {
    synchronized (parts) {
      if (!closing) {
        parts.push(part);
        return;
      }
    }
    // Started after the close began: nothing else would stop it.
    stop(part);
  }

  @Override
  public void close() {
    synchronized (closer) {
      while (true) {
        AutoCloseable next;
        synchronized (parts) {
          closing = true;
          next = parts.poll();
        }
        if (next == null) {
          return;
        }
        stop(next);
      }
    }
  }

  private static void stop(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("Error while stopping {}: {}", part, e.toString());
    }
  }
}
