package org.aftm.app.status;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftm.application.port.out.HopLatencyPort;

/**
 * A process's hop histograms, one {@link LatencyHistogram} per {@link HopLatencyPort.Hop}: recorded
 * by the agent thread that times the hop, snapshotted by the telemetry thread for the heartbeat.
 */
public final class HopHistograms implements HopLatencyPort {

  private final LatencyHistogram[] byHop = new LatencyHistogram[Hop.values().length];

  public HopHistograms() {
    for (int i = 0; i < byHop.length; i++) {
      byHop[i] = new LatencyHistogram();
    }
  }

  @Override
  public void record(Hop hop, long nanos) {
    byHop[hop.ordinal()].record(nanos);
  }

  /** One hop's counts so far. */
  public BucketCounts snapshot(Hop hop) {
    return byHop[hop.ordinal()].snapshot();
  }

  /** The counts of the hops that saw an observation, by hop label; any thread. */
  public Map<String, BucketCounts> snapshot() {
    Map<Hop, BucketCounts> counts = new EnumMap<>(Hop.class);
    for (Hop hop : Hop.values()) {
      BucketCounts snapshot = snapshot(hop);
      if (snapshot.count() > 0) {
        counts.put(hop, snapshot);
      }
    }
    Map<String, BucketCounts> byLabel = new LinkedHashMap<>();
    counts.forEach((hop, snapshot) -> byLabel.put(hop.label(), snapshot));
    return byLabel;
  }
}
