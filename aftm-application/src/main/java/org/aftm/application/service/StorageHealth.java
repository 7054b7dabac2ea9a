package org.aftm.application.service;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the process can write what it must: the audit trail (on the gateway thread), the order
 * journal and the positions (on the journal's writer thread) report each write here, each by its
 * name. A failure makes the process unhealthy and raises {@link TradingControl.Cause#STORAGE_FAULT}
 * (trading reduces: nothing new is placed unaudited); the fault clears once every writer that
 * failed has written again. Per writer, because on a full disk small writes still fit where large
 * ones do not (a journal row into the WAL's space that a failed audit transaction left): one
 * writer's success says nothing of another's, and clearing on any success made health and the
 * trading state flicker. Exits need nothing more: a refused exit is retried by its condition, and
 * passes once the disk takes writes again.
 *
 * <p>Thread-safe and cheap on success: one volatile read when nothing is failing.
 */
public final class StorageHealth {

  private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);

  private final TradingControl control;
  private final AtomicLong failures = new AtomicLong();

  /** The writers whose last write failed; guarded by this. */
  private final Set<String> failing = new LinkedHashSet<>();

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

  /**
   * @param what the writer that failed, e.g. {@code the audit trail}
   */
  public void recordFailure(String what, RuntimeException e) {
    failures.incrementAndGet();
    boolean first;
    synchronized (this) {
      first = failing.add(what);
      faulty = true;
    }
    if (first) {
      LOG.error("Storage fault: could not write {}: {}", what, e.toString());
    }
    if (control != null) {
      control.raise(TradingControl.Cause.STORAGE_FAULT, "could not write " + what);
    }
  }

  /**
   * @param what the writer that wrote, named as in {@link #recordFailure}
   */
  public void recordSuccess(String what) {
    if (!faulty) {
      return;
    }
    boolean cleared;
    synchronized (this) {
      if (!failing.remove(what)) {
        return;
      }
      cleared = failing.isEmpty();
      faulty = !cleared;
    }
    LOG.warn("Storage: {} writes again", what);
    if (cleared) {
      LOG.warn("Storage writes again after {} failures", failures.get());
      if (control != null) {
        control.clear(TradingControl.Cause.STORAGE_FAULT);
      }
    }
  }

  /** No writer's last write failed. */
  public boolean healthy() {
    return !faulty;
  }

  /** Write failures since start. */
  public long failures() {
    return failures.get();
  }
}
