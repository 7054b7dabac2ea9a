package org.aftm.app.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Paces a load generator at a fixed offered rate on {@link System#nanoTime()}: slot {@code n} is
 * due at {@code start + n * interval}, whatever happened before, so a late wake-up does not shift
 * the later slots (no sleep drift). How late each slot was actually served is recorded: the
 * system's latency clock starts when the tick is published, so a late driver would hide waiting
 * time (coordinated omission), and this histogram shows how much could have been hidden.
 */
final class FixedRateSchedule {

  /** Park until this close to the slot, then spin: parkNanos overshoots by about 50 µs on Linux. */
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(80);

  private final long intervalNanos;
  private final Histogram lateness = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
  private long next;

  FixedRateSchedule(int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("rate must be >= 1 per second but was " + perSecond);
    }
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
  }

  /** Starts a new series of slots now. */
  void restart() {
    next = System.nanoTime();
  }

  /** Waits for the next slot and returns its due time. */
  long awaitNext() {
    long due = next;
    next += intervalNanos;
    long now = System.nanoTime();
    while (now < due) {
      long remaining = due - now;
      if (remaining > SPIN_NANOS) {
        LockSupport.parkNanos(remaining - SPIN_NANOS);
      } else {
        Thread.onSpinWait();
      }
      now = System.nanoTime();
    }
    lateness.recordValue(Math.min(now - due, lateness.getHighestTrackableValue()));
    return due;
  }

  /** How late the slots were served, nanoseconds; reset by the caller if wanted. */
  Histogram lateness() {
    return lateness;
  }
}
