package org.aftm.app.status;

import java.util.Arrays;

/**
 * A latency histogram as it crosses the telemetry link and is served: cumulative counts per {@link
 * LatencyBuckets} bucket (so the last is the count of all observations) and the sum of the observed
 * times. Counts of one process's life add up with those of its predecessors.
 *
 * @param cumulative {@link LatencyBuckets#COUNT} cumulative counts, non-decreasing
 * @param sumNanos the sum of the observations, in nanoseconds
 */
public record BucketCounts(long[] cumulative, long sumNanos) {

  /** No observation. */
  public static final BucketCounts EMPTY = new BucketCounts(new long[LatencyBuckets.COUNT], 0);

  public BucketCounts {
    if (cumulative == null || cumulative.length != LatencyBuckets.COUNT) {
      throw new IllegalArgumentException(
          "a latency histogram needs "
              + LatencyBuckets.COUNT
              + " cumulative bucket counts, got "
              + (cumulative == null ? "none" : cumulative.length));
    }
    cumulative = cumulative.clone();
    for (int i = 0; i < cumulative.length; i++) {
      if (cumulative[i] < 0 || (i > 0 && cumulative[i] < cumulative[i - 1])) {
        throw new IllegalArgumentException(
            "bucket counts must be cumulative and non-negative: " + Arrays.toString(cumulative));
      }
    }
  }

  @Override
  public long[] cumulative() {
    return cumulative.clone();
  }

  /** The cumulative count of bucket {@code index} (≤ its upper bound). */
  public long cumulativeAt(int index) {
    return cumulative[index];
  }

  /** All observations. */
  public long count() {
    return cumulative[cumulative.length - 1];
  }

  public double sumSeconds() {
    return sumNanos / 1_000_000_000.0;
  }

  /** These observations and {@code other}'s. */
  public BucketCounts plus(BucketCounts other) {
    long[] sum = new long[cumulative.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = cumulative[i] + other.cumulative[i];
    }
    return new BucketCounts(sum, sumNanos + other.sumNanos);
  }

  /**
   * The observations made since {@code earlier}, a former state of the same histogram; a bucket
   * that went down (which a histogram never does) counts as none.
   */
  public BucketCounts since(BucketCounts earlier) {
    long[] diff = new long[cumulative.length];
    for (int i = 0; i < diff.length; i++) {
      long delta = Math.max(0, cumulative[i] - earlier.cumulative[i]);
      diff[i] = i == 0 ? delta : Math.max(delta, diff[i - 1]);
    }
    return new BucketCounts(diff, Math.max(0, sumNanos - earlier.sumNanos));
  }

  /**
   * The {@code q} quantile in seconds, interpolated linearly within its bucket as Prometheus's
   * {@code histogram_quantile} does; the largest finite bound when it falls in +Inf; NaN when
   * empty.
   */
  public double quantileSeconds(double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("a quantile is between 0 and 1, was " + q);
    }
    long count = count();
    if (count == 0) {
      return Double.NaN;
    }
    double rank = q * count;
    for (int i = 0; i < cumulative.length; i++) {
      if (cumulative[i] >= rank && cumulative[i] > 0) {
        if (i == cumulative.length - 1) {
          return LatencyBuckets.upperBoundSeconds(i - 1);
        }
        double lower = i == 0 ? 0 : LatencyBuckets.upperBoundSeconds(i - 1);
        double upper = LatencyBuckets.upperBoundSeconds(i);
        long below = i == 0 ? 0 : cumulative[i - 1];
        long inBucket = cumulative[i] - below;
        return lower + (upper - lower) * (rank - below) / inBucket;
      }
    }
    return LatencyBuckets.upperBoundSeconds(cumulative.length - 2);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BucketCounts other
        && sumNanos == other.sumNanos
        && Arrays.equals(cumulative, other.cumulative);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(cumulative) + Long.hashCode(sumNanos);
  }

  @Override
  public String toString() {
    return "BucketCounts" + Arrays.toString(cumulative) + " sum " + sumNanos + " ns";
  }
}
