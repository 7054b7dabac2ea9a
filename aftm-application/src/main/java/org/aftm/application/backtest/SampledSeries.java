package org.aftm.application.backtest;

import java.util.Arrays;

/**
 * A time series thinned to at most {@link #CAPACITY} points as it grows, for a chart: it keeps
 * every point until full, then every second one and takes only every second new one, and so on. A
 * million ticks cost two fixed arrays and no allocation per point.
 *
 * <p>Not thread-safe: owned by the ledger's thread.
 */
public final class SampledSeries {

  /** Points kept at most. */
  public static final int CAPACITY = 4096;

  private final long[] times = new long[CAPACITY];
  private final long[] values = new long[CAPACITY];
  private int size;
  private long stride = 1;
  // Points still to skip before the next one is kept: a countdown, not a division per point.
  private long skip;
  private long lastTime;
  private long lastValue;
  private boolean any;

  /** Offers one point; kept when it falls on the current stride. */
  public void add(long timeMillis, long value) {
    lastTime = timeMillis;
    lastValue = value;
    any = true;
    if (skip > 0) {
      skip--;
      return;
    }
    if (size == CAPACITY) {
      // Keep every second point and halve the rate of new ones: this point, CAPACITY strides
      // from the first, is on the doubled stride too.
      for (int i = 0; i < CAPACITY / 2; i++) {
        times[i] = times[2 * i];
        values[i] = values[2 * i];
      }
      size = CAPACITY / 2;
      stride *= 2;
    }
    times[size] = timeMillis;
    values[size] = value;
    size++;
    skip = stride - 1;
  }

  /** The kept points, with the last point offered always included. */
  public Points points() {
    if (!any) {
      return new Points(new long[0], new long[0]);
    }
    boolean lastKept = size > 0 && times[size - 1] == lastTime && values[size - 1] == lastValue;
    int n = lastKept ? size : size + 1;
    long[] t = Arrays.copyOf(times, n);
    long[] v = Arrays.copyOf(values, n);
    if (!lastKept) {
      t[n - 1] = lastTime;
      v[n - 1] = lastValue;
    }
    return new Points(t, v);
  }

  /**
   * Points of a series: times (epoch milliseconds) and values (units of {@link
   * org.aftm.domain.model.Price}).
   */
  public record Points(long[] times, long[] values) {
    public int size() {
      return times.length;
    }
  }
}
