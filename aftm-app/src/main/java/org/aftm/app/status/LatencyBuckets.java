package org.aftm.app.status;

import java.util.Arrays;

/**
 * The fixed latency buckets of every hop histogram, in every process: upper bounds from 10 µs to 10
 * s in 1-2-5 steps, then +Inf. Fixed so that the children's counts can cross the telemetry link as
 * plain numbers and add up across processes and restarts.
 */
public final class LatencyBuckets {

  /** Upper bounds in nanoseconds, ascending; the +Inf bucket follows the last. */
  private static final long[] BOUNDS_NANOS = {
    10_000L,
    20_000L,
    50_000L,
    100_000L,
    200_000L,
    500_000L,
    1_000_000L,
    2_000_000L,
    5_000_000L,
    10_000_000L,
    20_000_000L,
    50_000_000L,
    100_000_000L,
    200_000_000L,
    500_000_000L,
    1_000_000_000L,
    2_000_000_000L,
    5_000_000_000L,
    10_000_000_000L
  };

  /** Buckets including +Inf. */
  public static final int COUNT = BOUNDS_NANOS.length + 1;

  private LatencyBuckets() {}

  /** The bucket of a value: the first whose upper bound is at least it, else +Inf's. */
  static int indexOf(long nanos) {
    // A linear scan: 19 compares at most, usually a handful for sub-millisecond hops; no search
    // object, no allocation.
    for (int i = 0; i < BOUNDS_NANOS.length; i++) {
      if (nanos <= BOUNDS_NANOS[i]) {
        return i;
      }
    }
    return BOUNDS_NANOS.length;
  }

  /** The upper bound of bucket {@code index} in seconds; +Inf for the last. */
  public static double upperBoundSeconds(int index) {
    return index >= BOUNDS_NANOS.length
        ? Double.POSITIVE_INFINITY
        : BOUNDS_NANOS[index] / 1_000_000_000.0;
  }

  /** The upper bounds in seconds, +Inf last: a new array. */
  public static double[] upperBoundsSeconds() {
    double[] bounds = new double[COUNT];
    Arrays.setAll(bounds, LatencyBuckets::upperBoundSeconds);
    return bounds;
  }
}
