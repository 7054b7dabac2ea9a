package org.aftm.application.service;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the process can write what it must: the audit trail (on the gateway thread) and the order
 * journal (on its writer thread) report each write here. A failure makes the process unhealthy and
 * raises {@link TradingControl.Cause#STORAGE_FAULT} (trading reduces: nothing new is placed
 * unaudited); the next successful write clears both. Exits need nothing more: a refused exit is
 * retried by its condition, and passes once the disk takes writes again.
 *
 * <p>Thread-safe and cheap on success: one volatile read when nothing changes.
 */
public final class StorageHealth {

  private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);

  private final TradingControl control;
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean faulty;

  /**
   * @param control told of faults and recoveries, or {@code null} to only count them
   */
  public StorageHealth(TradingControl control) {
    this.control = control;
  }

  /** Counts only, tells nobody: for paths with no trading state (replay, tests). */
  public static StorageHealth detached() {
    return new StorageHealth(null);
  }

  public void recordFailure(String what, RuntimeException e) {
    failures.incrementAndGet();
    if (!faulty) {
      LOG.error("Storage fault: could not write {}: {}", what, e.toString());
    }
    faulty = true;
    if (control != null) {
      control.raise(TradingControl.Cause.STORAGE_FAULT, "could not write " + what);
    }
  }

  public void recordSuccess() {
    if (!faulty) {
      return;
    }
    synchronized (this) {
      if (!faulty) {
        return;
      }
      faulty = false;
    }
    LOG.warn("Storage writes again after {} failures", failures.get());
    if (control != null) {
      control.clear(TradingControl.Cause.STORAGE_FAULT);
    }
  }

  /** No write has failed since the last successful one. */
  public boolean healthy() {
    return !faulty;
  }

  /** Write failures since start. */
  public long failures() {
    return failures.get();
  }
}
