package org.aftm.app.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.app.process.ChildRole;

/**
 * The main process's metrics of all three processes (docs/architecture.md, observability): one
 * Micrometer {@link PrometheusMeterRegistry} with the main process's meters and the children's
 * counters (summed over restarts by {@link ChildTotals}, tagged with their {@code process}), and on
 * its Prometheus registry one collector for every process's hop histograms. So each family appears
 * once in the text, whichever processes report into it.
 *
 * <p>Thread-safe: meters are registered by the starting thread and the scrape; {@link #scrape()}
 * runs on the status server's thread.
 */
public final class PrometheusMetrics {

  /** A child's heartbeat counter served as a counter family with fixed tags. */
  private record ChildCounter(ChildRole role, String counter, String meter, String... tags) {}

  private static final List<ChildCounter> CHILD_COUNTERS =
      List.of(
          new ChildCounter(ChildRole.STRATEGY, "ticks", "aftm.ticks"),
          new ChildCounter(ChildRole.STRATEGY, "tick_gaps", "aftm.tick.gaps"),
          new ChildCounter(
              ChildRole.STRATEGY, "ticks_stale", "aftm.messages.dropped", "reason", "stale"),
          new ChildCounter(
              ChildRole.STRATEGY,
              "ticks_malformed",
              "aftm.messages.dropped",
              "reason",
              "malformed"),
          new ChildCounter(ChildRole.STRATEGY, "signals", "aftm.signals"),
          new ChildCounter(ChildRole.STRATEGY, "orders_resent", "aftm.order.retries"),
          new ChildCounter(ChildRole.ORDER_EXECUTOR, "signals", "aftm.signals"),
          new ChildCounter(
              ChildRole.ORDER_EXECUTOR,
              "entries_stale",
              "aftm.messages.dropped",
              "reason",
              "stale"),
          new ChildCounter(
              ChildRole.ORDER_EXECUTOR,
              "signals_malformed",
              "aftm.messages.dropped",
              "reason",
              "malformed"));

  /** One HELP text per family, whichever process registers a series of it first. */
  private static final Map<String, String> HELP =
      Map.ofEntries(
          Map.entry("aftm.ticks", "Ticks published (main) or received (strategy)"),
          Map.entry("aftm.tick.gaps", "Gaps in the tick sequence the strategy saw"),
          Map.entry("aftm.messages.dropped", "Messages dropped, by reason (stale, malformed)"),
          Map.entry("aftm.signals", "Signals emitted (strategy) or received (executor)"),
          Map.entry(
              "aftm.orders",
              "Orders by outcome: accepted, rejected by the broker, refused by a check (code)"),
          Map.entry("aftm.gateway.requests", "Order requests the gateway answered, by result"),
          Map.entry("aftm.fills", "Fills applied"),
          Map.entry("aftm.order.retries", "Orders sent again after no word within the timeout"),
          Map.entry("aftm.reconnects", "Connections that came back after they dropped, by link"),
          Map.entry("aftm.child.restarts", "Restarts of a child process by the supervisor"),
          Map.entry("aftm.alerts.fired", "Alerts that fired, by alert"),
          Map.entry("aftm.link.connected", "1 while the link is up"),
          Map.entry("aftm.queue.depth", "Messages waiting in a queue"),
          Map.entry("aftm.breaker.open", "1 while the broker's breaker is open or half-open"),
          Map.entry("aftm.trading.state", "1 for the current trading state, 0 for the others"),
          Map.entry("aftm.position.lots", "Signed net lots per instrument"),
          Map.entry("aftm.pnl.points", "P&L in points per instrument, realized or unrealized"),
          Map.entry("aftm.pnl.twd", "P&L in TWD per instrument, realized or unrealized"),
          Map.entry("aftm.process.up", "1 while the process runs (and, for a child, heartbeats)"),
          Map.entry("aftm.process.ready", "1 while the process is ready"));

  private final PrometheusMeterRegistry registry;

  /** Held here: Micrometer's function counters keep only a weak reference to their source. */
  private final ChildTotals children;

  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  /** A registry serving {@code children}'s counters and hop histograms. */
  public PrometheusMetrics(ChildTotals children) {
    this.children = children;
    PrometheusRegistry prometheus = new PrometheusRegistry();
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
    prometheus.register(new HopLatencyCollector(children));
    for (ChildCounter c : CHILD_COUNTERS) {
      FunctionCounter.builder(c.meter(), children, totals -> totals.counter(c.role(), c.counter()))
          .description(help(c.meter()))
          .tag(ProcessLabel.KEY, ProcessLabel.of(c.role()))
          .tags(c.tags())
          .register(registry);
    }
  }

  /** The HELP text of a catalogue meter (Micrometer dot name); empty for another. */
  public static String help(String meter) {
    return HELP.getOrDefault(meter, "");
  }

  /** Where the main process registers its meters. */
  public MeterRegistry meters() {
    return registry;
  }

  /**
   * Runs {@code refresh} before every scrape, e.g. to register meters for instruments or codes seen
   * since; on the scraping thread.
   */
  public void beforeEachScrape(Runnable refresh) {
    beforeScrape.add(refresh);
  }

  /** The Prometheus text exposition (format 0.0.4) of every family. */
  public String scrape() {
    for (Runnable refresh : beforeScrape) {
      refresh.run();
    }
    return registry.scrape();
  }
}
