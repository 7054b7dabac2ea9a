package org.aftm.benchmarks;

import java.util.Arrays;

/** Per-iteration throughputs of one phase, summarised as median, min and max. */
final class ThroughputSamples {

  private final String phase;
  private double[] perSecond = new double[16];
  private long[] nanos = new long[16];
  private int size;

  ThroughputSamples(String phase) {
    this.phase = phase;
  }

  void add(long items, long elapsedNanos) {
    if (size == perSecond.length) {
      perSecond = Arrays.copyOf(perSecond, size * 2);
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    perSecond[size] = items * 1e9 / elapsedNanos;
    nanos[size] = elapsedNanos;
    size++;
  }

  double median() {
    return median(Arrays.copyOf(perSecond, size));
  }

  /**
   * One table row: phase, iterations, median, min and max ticks/s, median and max ms per iteration.
   */
  String row() {
    double[] rates = Arrays.copyOf(perSecond, size);
    Arrays.sort(rates);
    double[] millis = new double[size];
    for (int i = 0; i < size; i++) {
      millis[i] = nanos[i] / 1e6;
    }
    Arrays.sort(millis);
    return String.format(
        "| %-38s | %3d | %,13.0f | %,13.0f | %,13.0f | %8.1f | %8.1f |",
        phase, size, median(rates), rates[0], rates[size - 1], median(millis), millis[size - 1]);
  }

  static String header() {
    return "| phase                                  |   n | median tick/s |    min tick/s |    max tick/s |   med ms |   max ms |\n"
        + "|----------------------------------------|-----|---------------|---------------|---------------|----------|----------|";
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
