package org.aftm.app.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram recorded in nanoseconds, as the bench reports it: microseconds as exact
 * decimals (nanoseconds / 1000, three places), never a float's rounding artefacts.
 */
final class LatencyFigures {

  /** The percentiles every latency row shows, with their JSON suffixes. */
  static final double[] PERCENTILES = {50, 90, 99, 99.9};

  static final String[] SUFFIXES = {"p50_us", "p90_us", "p99_us", "p99_9_us"};

  private LatencyFigures() {}

  /** Nanoseconds as exact microseconds. */
  static BigDecimal micros(long nanos) {
    return BigDecimal.valueOf(nanos, 3);
  }

  /**
   * {@code prefix}count, p50_us, p90_us, p99_us, p99_9_us, max_us, mean_us (mean rounded to the
   * nanosecond); percentiles are null for an empty histogram.
   */
  static Map<String, Object> toMap(String prefix, Histogram histogram) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(prefix + "count", histogram.getTotalCount());
    boolean empty = histogram.getTotalCount() == 0;
    for (int i = 0; i < PERCENTILES.length; i++) {
      map.put(
          prefix + SUFFIXES[i],
          empty ? null : micros(histogram.getValueAtPercentile(PERCENTILES[i])));
    }
    map.put(prefix + "max_us", empty ? null : micros(histogram.getMaxValue()));
    map.put(
        prefix + "mean_us",
        empty
            ? null
            : BigDecimal.valueOf(histogram.getMean())
                .setScale(0, RoundingMode.HALF_UP)
                .movePointLeft(3));
    return map;
  }

  /** {@code a / b} at a percentile, two decimals; null when either is empty. */
  static BigDecimal ratio(Histogram a, Histogram b, double percentile) {
    if (a.getTotalCount() == 0 || b.getTotalCount() == 0) {
      return null;
    }
    return BigDecimal.valueOf(a.getValueAtPercentile(percentile))
        .divide(
            BigDecimal.valueOf(Math.max(1, b.getValueAtPercentile(percentile))),
            2,
            RoundingMode.HALF_UP);
  }

  /** The Markdown header of a latency table. */
  static String header(String firstColumn) {
    return String.format(
            "| %-34s | %7s | %10s | %10s | %10s | %10s | %10s |%n",
            firstColumn, "count", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us")
        + "|------------------------------------|---------|------------|------------|------------|------------|------------|";
  }

  /** One Markdown row of a latency table, microseconds with one decimal. */
  static String row(String name, Histogram h) {
    if (h.getTotalCount() == 0) {
      return String.format(
          "| %-34s | %7d | %10s | %10s | %10s | %10s | %10s |", name, 0, "-", "-", "-", "-", "-");
    }
    return String.format(
        "| %-34s | %7d | %10.1f | %10.1f | %10.1f | %10.1f | %10.1f |",
        name,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3);
  }
}
