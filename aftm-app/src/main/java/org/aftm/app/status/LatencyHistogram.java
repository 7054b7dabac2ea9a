package org.aftm.app.status;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One hop's latencies in the fixed {@link LatencyBuckets}: recorded by one thread without
 * allocation or lock (ordered stores, as the agents' counters), read from any thread.
 *
 * <p>A reader may see an observation in its bucket before its time is in the sum; the counts
 * themselves are always consistent with each other (the total is the +Inf bucket's).
 */
public final class LatencyHistogram {

  private final AtomicLongArray buckets = new AtomicLongArray(LatencyBuckets.COUNT);
  private final AtomicLong sumNanos = new AtomicLong();

  /** Records one observation; negative times (clock trouble) are ignored. One writing thread. */
  public void record(long nanos) {
    if (nanos < 0) {
      return;
    }
    int index = LatencyBuckets.indexOf(nanos);
    buckets.lazySet(index, buckets.get(index) + 1);
    sumNanos.lazySet(sumNanos.get() + nanos);
  }

  /** The counts so far, cumulative; any thread. */
  public BucketCounts snapshot() {
    long[] cumulative = new long[LatencyBuckets.COUNT];
    long running = 0;
    for (int i = 0; i < cumulative.length; i++) {
      running += buckets.get(i);
      cumulative[i] = running;
    }
    return new BucketCounts(cumulative, sumNanos.get());
  }
}
