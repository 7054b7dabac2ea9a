package org.aftm.application.service;

/**
 * Orders placed in the last second and the last minute, for {@code AFTM_MAX_ORDERS_PER_SECOND} and
 * {@code AFTM_MAX_ORDERS_PER_MINUTE}: a sliding window over the {@link System#nanoTime()} stamps of
 * the orders placed, kept in two ring buffers sized by the limits. A window is full when its oldest
 * stamp (the limit-th most recent order) is still inside it. Allocates nothing after construction.
 *
 * <p>Thread-safe: one lock, uncontended on the gateway thread.
 */
public final class OrderRateWindow {

  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final long MINUTE_NANOS = 60 * SECOND_NANOS;

  private final Ring perSecond;
  private final Ring perMinute;

  /**
   * @param maxPerSecond most orders in any one second
   * @param maxPerMinute most orders in any one minute
   */
  public OrderRateWindow(int maxPerSecond, int maxPerMinute) {
    this.perSecond = new Ring(maxPerSecond, SECOND_NANOS);
    this.perMinute = new Ring(maxPerMinute, MINUTE_NANOS);
  }

  /** Which limit one more order at {@code nowNanos} would break. */
  public enum Breach {
    NONE,
    PER_SECOND,
    PER_MINUTE
  }

  public synchronized Breach breach(long nowNanos) {
    if (perSecond.full(nowNanos)) {
      return Breach.PER_SECOND;
    }
    return perMinute.full(nowNanos) ? Breach.PER_MINUTE : Breach.NONE;
  }

  /** Counts an order placed at {@code nowNanos}. */
  public synchronized void record(long nowNanos) {
    perSecond.add(nowNanos);
    perMinute.add(nowNanos);
  }

  public int maxPerSecond() {
    return perSecond.stamps.length;
  }

  public int maxPerMinute() {
    return perMinute.stamps.length;
  }

  private static final class Ring {
    final long[] stamps;
    final long windowNanos;

    /** Where the next stamp goes: the oldest one once the ring is full. */
    int next;

    int count;

    Ring(int capacity, long windowNanos) {
      if (capacity <= 0) {
        throw new IllegalArgumentException("an order rate limit must be > 0 but was " + capacity);
      }
      this.stamps = new long[capacity];
      this.windowNanos = windowNanos;
    }

    boolean full(long nowNanos) {
      return count == stamps.length && nowNanos - stamps[next] < windowNanos;
    }

    void add(long nowNanos) {
      stamps[next] = nowNanos;
      next = next + 1 == stamps.length ? 0 : next + 1;
      if (count < stamps.length) {
        count++;
      }
    }
  }
}
