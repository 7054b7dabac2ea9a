package org.aftm.app.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import org.aftm.app.process.ChildRole;
import org.aftm.app.status.BucketCounts;
import org.aftm.app.status.LatencyBuckets;
import org.aftm.application.port.out.HopLatencyPort.Hop;

/**
 * {@code aftm_hop_latency_seconds}: one histogram family holding every process's hops, as classic
 * buckets ({@code _bucket{le}}, {@code _count}, {@code _sum}) built from the children's {@link
 * BucketCounts} summed over their restarts. Each hop is served by the process that times it, also
 * before its first observation, so queries and dashboards find the series.
 */
final class HopLatencyCollector implements MultiCollector {

  static final String NAME = "aftm_hop_latency_seconds";

  private static final List<Hop> STRATEGY_HOPS =
      List.of(Hop.TICK_TO_STRATEGY, Hop.STRATEGY_DECISION);
  private static final List<Hop> EXECUTOR_HOPS =
      List.of(Hop.SIGNAL_TO_EXECUTOR, Hop.EXECUTOR_TO_GATEWAY_REPLY, Hop.TICK_TO_ORDER);

  private final ChildTotals children;
  private final double[] upperBounds = LatencyBuckets.upperBoundsSeconds();

  HopLatencyCollector(ChildTotals children) {
    this.children = children;
  }

  @Override
  public MetricSnapshots collect() {
    HistogramSnapshot.Builder family =
        HistogramSnapshot.builder()
            .name(NAME)
            .help("Latency of one hop of a tick's way to an order, per process and hop");
    addHops(family, ChildRole.STRATEGY, STRATEGY_HOPS);
    addHops(family, ChildRole.ORDER_EXECUTOR, EXECUTOR_HOPS);
    return new MetricSnapshots(family.build());
  }

  private void addHops(HistogramSnapshot.Builder family, ChildRole role, List<Hop> hops) {
    for (Hop hop : hops) {
      BucketCounts counts = children.histogram(role, hop.label());
      // The model wants each bucket's own count; the text format cumulates them again.
      long[] own = new long[LatencyBuckets.COUNT];
      for (int i = 0; i < own.length; i++) {
        own[i] = counts.cumulativeAt(i) - (i == 0 ? 0 : counts.cumulativeAt(i - 1));
      }
      family.dataPoint(
          HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .labels(Labels.of("hop", hop.label(), ProcessLabel.KEY, ProcessLabel.of(role)))
              .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, own))
              .sum(counts.sumSeconds())
              .build());
    }
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(NAME);
  }
}
