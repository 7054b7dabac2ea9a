package org.aftm.benchmarks;

import org.HdrHistogram.Histogram;

/** Formats latency histograms recorded in nanoseconds as microsecond table rows. */
final class LatencySummary {

  private LatencySummary() {}

  static String header(String firstColumn) {
    return String.format(
            "| %-28s | %7s | %9s | %9s | %9s | %9s | %9s | %9s |%n",
            firstColumn, "count", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us", "mean us")
        + "|------------------------------|---------|-----------|-----------|-----------|-----------|-----------|-----------|";
  }

  static String row(String name, Histogram h) {
    if (h.getTotalCount() == 0) {
      return String.format(
          "| %-28s | %7d | %9s | %9s | %9s | %9s | %9s | %9s |",
          name, 0, "-", "-", "-", "-", "-", "-");
    }
    return String.format(
        "| %-28s | %7d | %9.1f | %9.1f | %9.1f | %9.1f | %9.1f | %9.1f |",
        name,
        h.getTotalCount(),
        micros(h.getValueAtPercentile(50)),
        micros(h.getValueAtPercentile(90)),
        micros(h.getValueAtPercentile(99)),
        micros(h.getValueAtPercentile(99.9)),
        micros(h.getMaxValue()),
        h.getMean() / 1_000.0);
  }

  static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
