package org.aftm.app.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.aftm.app.process.ChildReport;
import org.aftm.app.process.ChildRole;
import org.aftm.app.status.BucketCounts;

/**
 * The children's counters and hop histograms summed over every pid a role has had: a child counts
 * from 0 in each life, the operator and {@code /metrics} see the total since the main process
 * started (a Prometheus counter that went down would read as a reset and lose the difference).
 *
 * <p>Each report of a new pid adds the previous pid's last report to the role's base; late reports
 * of a pid already replaced are ignored while that pid is not the role's running process. A pid the
 * system reuses for a later life of the role counts again, as a new life. What a child counted
 * after its last heartbeat (at most half a second) dies with it.
 *
 * <p>Fed on the {@code telemetry} thread, read by the status and scrape threads: synchronized, off
 * the trading path.
 */
public final class ChildTotals implements Consumer<ChildReport> {

  private final Map<String, RoleTotals> byRole = new HashMap<>();
  private final BiPredicate<ChildRole, Long> running;

  /** Totals where no retired pid ever runs again (tests of one class). */
  public ChildTotals() {
    this((role, pid) -> false);
  }

  /**
   * @param running whether the pid is the role's running process now (the supervisor's view); asked
   *     only for a report of a pid already replaced, to tell a late report from a reused pid
   */
  public ChildTotals(BiPredicate<ChildRole, Long> running) {
    this.running = running;
  }

  private static final class RoleTotals {
    private final Map<String, Long> baseCounters = new HashMap<>();
    private final Map<String, BucketCounts> baseHistograms = new HashMap<>();
    private final Set<Long> retiredPids = new HashSet<>();
    private ChildReport last;
  }

  @Override
  public synchronized void accept(ChildReport report) {
    RoleTotals role = byRole.computeIfAbsent(report.role(), r -> new RoleTotals());
    if (role.retiredPids.contains(report.pid())) {
      if (!running.test(ChildRole.fromId(report.role()), report.pid())) {
        return;
      }
      // The system gave a later life of the role this pid: it counts from 0 again.
      role.retiredPids.remove(report.pid());
    }
    ChildReport last = role.last;
    if (last != null && last.pid() != report.pid()) {
      last.counters().forEach((name, value) -> role.baseCounters.merge(name, value, Long::sum));
      last.histograms()
          .forEach((hop, counts) -> role.baseHistograms.merge(hop, counts, BucketCounts::plus));
      role.retiredPids.add(last.pid());
    }
    role.last = report;
  }

  /**
   * The role's latest report with its counters and histograms summed over all its pids: pid and
   * facts are the latest's.
   */
  public synchronized Optional<ChildReport> report(ChildRole role) {
    RoleTotals totals = byRole.get(role.id());
    if (totals == null || totals.last == null) {
      return Optional.empty();
    }
    ChildReport last = totals.last;
    Map<String, Long> counters = new LinkedHashMap<>(last.counters());
    totals.baseCounters.forEach((name, value) -> counters.merge(name, value, Long::sum));
    Map<String, BucketCounts> histograms = new LinkedHashMap<>(last.histograms());
    totals.baseHistograms.forEach(
        (hop, counts) -> histograms.merge(hop, counts, BucketCounts::plus));
    return Optional.of(
        new ChildReport(last.role(), last.pid(), counters, last.facts(), histograms));
  }

  /** One counter of the role summed over its pids; 0 before any report. */
  public synchronized long counter(ChildRole role, String name) {
    RoleTotals totals = byRole.get(role.id());
    if (totals == null || totals.last == null) {
      return 0;
    }
    return totals.last.counter(name) + totals.baseCounters.getOrDefault(name, 0L);
  }

  /** One hop histogram of the role summed over its pids; empty before any observation. */
  public synchronized BucketCounts histogram(ChildRole role, String hop) {
    RoleTotals totals = byRole.get(role.id());
    if (totals == null || totals.last == null) {
      return BucketCounts.EMPTY;
    }
    return totals
        .last
        .histogram(hop)
        .plus(totals.baseHistograms.getOrDefault(hop, BucketCounts.EMPTY));
  }
}
