package org.aftm.app.process;

import java.util.Map;
import org.aftm.app.status.BucketCounts;

/**
 * One heartbeat from a child to the main process: who it is, its counters, its hop histograms, and
 * facts the main process needs (such as the endpoint the order executor bound). Sent twice a
 * second.
 *
 * @param role the child's role id
 * @param pid the child's pid
 * @param counters monotonic counters (ticks, signals, orders, ...) of this pid's life
 * @param facts other values, e.g. {@code signal_endpoint}
 * @param histograms the hop histograms of this pid's life by hop label ({@code
 *     aftm_hop_latency_seconds}); empty from a child that timed none
 */
public record ChildReport(
    String role,
    long pid,
    Map<String, Long> counters,
    Map<String, String> facts,
    Map<String, BucketCounts> histograms) {

  /** The fact a child reports once it is up and serving; until then it is not healthy. */
  public static final String READY = "ready";

  public ChildReport {
    counters = counters == null ? Map.of() : counters;
    facts = facts == null ? Map.of() : facts;
    histograms = histograms == null ? Map.of() : histograms;
  }

  /** A report without histograms. */
  public ChildReport(String role, long pid, Map<String, Long> counters, Map<String, String> facts) {
    this(role, pid, counters, facts, Map.of());
  }

  /** Whether this report says its process is ready. */
  public boolean ready() {
    return "true".equals(facts.get(READY));
  }

  public long counter(String name) {
    Long value = counters.get(name);
    return value == null ? 0 : value;
  }

  /** A hop's histogram, empty when none was reported. */
  public BucketCounts histogram(String hop) {
    return histograms.getOrDefault(hop, BucketCounts.EMPTY);
  }
}
