package org.aftm.application.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.domain.condition.ConditionSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores condition state off the strategy's tick thread. The tick thread only records the latest
 * snapshot per condition (a trailing condition may change on every tick; only its last state
 * matters); one writer thread named {@code condition-state-writer} stores what has changed. A store
 * busy with another process's write therefore delays the record, never the next tick.
 *
 * <p>{@link #saveConditionState} always answers {@code true}: a deleted condition reaches the
 * strategy as the operator's delete command instead (the store keeps a deleted condition deleted:
 * no upsert). A failed save is retried with the condition's newest state. {@link #close()} stores
 * what is pending before it returns.
 */
public final class CoalescingConditionStateWriter implements SaveConditionStatePort, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CoalescingConditionStateWriter.class);
  private static final long RETRY_PAUSE_MILLIS = 100;

  private final SaveConditionStatePort store;

  /** Latest unsaved snapshot per condition id, in first-change order; guarded by this. */
  private final Map<Long, ConditionSnapshot> pending = new LinkedHashMap<>();

  private final AtomicLong saved = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Thread writer;
  private boolean closing;

  public CoalescingConditionStateWriter(SaveConditionStatePort store) {
    this.store = store;
    this.writer = new Thread(this::writeLoop, "condition-state-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public synchronized boolean saveConditionState(ConditionSnapshot snapshot) {
    pending.put(snapshot.id(), snapshot);
    notifyAll();
    return true;
  }

  private void writeLoop() {
    while (true) {
      List<ConditionSnapshot> batch;
      synchronized (this) {
        while (pending.isEmpty() && !closing) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (pending.isEmpty()) {
          return;
        }
        batch = new ArrayList<>(pending.values());
        pending.clear();
      }
      if (!store(batch)) {
        synchronized (this) {
          if (closing) {
            return; // one attempt each after close; close() reports what is left
          }
        }
        pauseBeforeRetry();
      }
    }
  }

  /** Stores a batch; what fails goes back unless a newer state arrived meanwhile. */
  private boolean store(List<ConditionSnapshot> batch) {
    boolean allStored = true;
    for (ConditionSnapshot snapshot : batch) {
      try {
        if (!store.saveConditionState(snapshot)) {
          LOG.info("Condition {} was deleted; its state is not stored", snapshot.id());
        }
        saved.incrementAndGet();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        allStored = false;
        LOG.warn(
            "Could not store the state of condition {} (will retry): {}",
            snapshot.id(),
            e.toString());
        synchronized (this) {
          pending.putIfAbsent(snapshot.id(), snapshot);
        }
      }
    }
    return allStored;
  }

  private void pauseBeforeRetry() {
    synchronized (this) {
      if (!closing) {
        try {
          wait(RETRY_PAUSE_MILLIS); // back off from a busy store; a new change or close wakes us
          // early
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** States stored so far. */
  public long savedCount() {
    return saved.get();
  }

  /** Failed attempts so far (each retried). */
  public long failureCount() {
    return failures.get();
  }

  /** Stores what is pending (one more attempt each), then stops the writer. */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
      notifyAll();
    }
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (!pending.isEmpty()) {
        LOG.error(
            "{} condition states could not be stored before stopping: {}",
            pending.size(),
            pending.keySet());
      }
    }
  }
}
