package org.aftm.app.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.LinkSecurityMode;
import org.aftm.app.process.ChildRole;

/**
 * {@code aftm bench latency}: tick published → order answered by the broker, through the real three
 * processes ({@link OrderRounds}), then through a {@link BareZmqChain} of the same hops at the same
 * offered rate and count with the system's link security, in one run. Warm-up orders are offered
 * first in both and discarded. Both histograms are corrected for coordinated omission with the
 * interval of the offered tick rate (HdrHistogram's {@code copyCorrectedForCoordinatedOmission},
 * the after-the-fact form of {@code recordValueWithExpectedInterval}): an order that took longer
 * than the interval stands in for the ticks that a closed-loop driver would have delayed.
 */
public final class LatencyBench {

  /**
   * @param ticksPerSecond the offered tick rate; two of every three ticks cause an order
   * @param orders measured orders
   * @param warmupOrders orders offered first and discarded
   */
  public record Settings(int ticksPerSecond, int orders, int warmupOrders) {
    public Settings {
      if (ticksPerSecond < 1 || ticksPerSecond > 100_000) {
        throw new IllegalArgumentException(
            "--rate must be between 1 and 100000 ticks per second but was " + ticksPerSecond);
      }
      if (orders < 2) {
        throw new IllegalArgumentException("--orders must be >= 2 but was " + orders);
      }
      if (warmupOrders < 0) {
        throw new IllegalArgumentException("--warmup-orders must be >= 0 but was " + warmupOrders);
      }
    }
  }

  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long BARE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

  private LatencyBench() {}

  public static BenchResult run(AftmConfig config, Settings settings, PrintWriter progress) {
    Machine machine = Machine.now();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / settings.ticksPerSecond();
    progress.printf(
        "aftm bench latency: %d ticks/s offered, %d warm-up + %d measured orders; %d CPUs, %s,"
            + " pinned %s; load average %s%n",
        settings.ticksPerSecond(),
        settings.warmupOrders(),
        settings.orders(),
        machine.cpus(),
        machine.jvm(),
        machine.pinned(),
        machine.loadAverage());
    progress.printf("Configuration: %s%n", ConfigurationFacts.of(config));
    progress.flush();

    OrderRounds.Outcome system;
    Histogram systemLateness;
    Map<String, Object> counters = new LinkedHashMap<>();
    long startToReady;
    try (BenchSystem bench = BenchSystem.start(config)) {
      startToReady = bench.startToReadyNanos();
      progress.printf(
          "AFTM started in %d ms (strategy and order-executor child JVMs ready)%n",
          TimeUnit.NANOSECONDS.toMillis(startToReady));
      bench.awaitTickLink(Duration.ofSeconds(30));
      OrderRounds rounds = new OrderRounds(bench, settings.ticksPerSecond(), progress);
      progress.println(LatencyFigures.header("AFTM round"));
      if (settings.warmupOrders() > 0) {
        rounds.run("warm-up", settings.warmupOrders());
      }
      rounds.lateness().reset();
      system = rounds.run("round", settings.orders());
      systemLateness = rounds.lateness().copy();
      counters.put("duplicates", bench.main().metrics().duplicates());
      for (ChildRole role : ChildRole.values()) {
        bench
            .main()
            .childReport(role)
            .ifPresent(report -> counters.put(role.id(), report.counters()));
      }
    }

    boolean curve = config.linkSecurity() == LinkSecurityMode.CURVE;
    progress.printf(
        "Bare JeroMQ chain, %s links, same rate and count%n", config.linkSecurity().text());
    progress.flush();
    Histogram bare;
    long bareOrders;
    Histogram bareLateness;
    int conditions = (settings.orders() + 1) / OrderLadder.ORDERS_PER_CONDITION;
    int warmupConditions = (settings.warmupOrders() + 1) / OrderLadder.ORDERS_PER_CONDITION;
    OrderLadder ladder =
        new OrderLadder(
            "TXF",
            OrderRounds.TOP_POINTS,
            Math.max(1, Math.min(conditions, OrderRounds.MAX_CONDITIONS_PER_ROUND)));
    FixedRateSchedule schedule = new FixedRateSchedule(settings.ticksPerSecond());
    try (BareZmqChain chain = new BareZmqChain(curve)) {
      chain.awaitConnected(TimeUnit.SECONDS.toNanos(10));
      runBare(chain, schedule, ladder, warmupConditions * OrderLadder.TICKS_PER_CONDITION);
      chain.takeInterval();
      schedule.lateness().reset();
      long before = chain.ordersReceived();
      runBare(chain, schedule, ladder, conditions * OrderLadder.TICKS_PER_CONDITION);
      bare = new Histogram(MAX_NANOS, 3);
      bare.add(chain.takeInterval());
      bareOrders = chain.ordersReceived() - before;
      bareLateness = schedule.lateness().copy();
    }

    Histogram aftmCorrected = system.latency().copyCorrectedForCoordinatedOmission(intervalNanos);
    Histogram bareCorrected = bare.copyCorrectedForCoordinatedOmission(intervalNanos);
    Machine after = Machine.now();

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("kind", "latency");
    figures.putAll(LatencyFigures.toMap("aftm_", aftmCorrected));
    figures.putAll(LatencyFigures.toMap("bare_", bareCorrected));
    figures.put("ratio_p50", LatencyFigures.ratio(aftmCorrected, bareCorrected, 50));
    figures.put("ratio_p99", LatencyFigures.ratio(aftmCorrected, bareCorrected, 99));
    figures.put("orders_expected", system.expected());
    figures.put("orders_sent", system.sent());
    figures.put("orders_refused", system.refused());
    figures.put("bare_orders", bareOrders);
    figures.put("start_to_ready_ms", TimeUnit.NANOSECONDS.toMillis(startToReady));
    figures.put("aftm_recorded", LatencyFigures.toMap("", system.latency()));
    figures.put("bare_recorded", LatencyFigures.toMap("", bare));
    figures.put("aftm_to_gateway_recorded", LatencyFigures.toMap("", system.toGateway()));
    figures.put("aftm_driver_late", LatencyFigures.toMap("", systemLateness));
    figures.put("bare_driver_late", LatencyFigures.toMap("", bareLateness));
    figures.put("co_correction_interval_ns", intervalNanos);
    figures.put("rate_ticks_per_s", settings.ticksPerSecond());
    figures.put("orders", settings.orders());
    figures.put("warmup_orders", settings.warmupOrders());
    figures.put("children", counters);
    figures.put("machine", machine.toMap(after));
    figures.put("configuration", ConfigurationFacts.of(config));

    StringBuilder table = new StringBuilder();
    table
        .append(LatencyFigures.header("tick → order accepted, CO-corrected"))
        .append('\n')
        .append(LatencyFigures.row("AFTM (3 JVMs), " + config.linkSecurity().text(), aftmCorrected))
        .append('\n')
        .append(
            LatencyFigures.row("bare JeroMQ chain, " + config.linkSecurity().text(), bareCorrected))
        .append('\n')
        .append(LatencyFigures.row("AFTM as recorded", system.latency()))
        .append('\n')
        .append(LatencyFigures.row("  of which to gateway receipt", system.toGateway()))
        .append('\n')
        .append(LatencyFigures.row("bare as recorded", bare))
        .append('\n')
        .append(LatencyFigures.row("AFTM driver late", systemLateness))
        .append('\n')
        .append(LatencyFigures.row("bare driver late", bareLateness))
        .append("\n\n")
        .append(
            String.format(
                "Ratio AFTM / bare: p50 %s, p99 %s. Orders: %d sent, %d refused of %d expected;"
                    + " bare %d. Start to ready %d ms.%n",
                figures.get("ratio_p50"),
                figures.get("ratio_p99"),
                system.sent(),
                system.refused(),
                system.expected(),
                bareOrders,
                TimeUnit.NANOSECONDS.toMillis(startToReady)))
        .append(machine.reportLines(after, ConfigurationFacts.of(config)));

    Map<String, Histogram> histograms = new LinkedHashMap<>();
    histograms.put("aftm", aftmCorrected);
    histograms.put("bare", bareCorrected);
    histograms.put("aftm-recorded", system.latency());
    histograms.put("aftm-to-gateway-recorded", system.toGateway());
    histograms.put("bare-recorded", bare);
    return new BenchResult("latency", figures, table.toString(), histograms);
  }

  private static void runBare(
      BareZmqChain chain, FixedRateSchedule schedule, OrderLadder ladder, int ticks) {
    long[] prices = ladder.priceUnits();
    long expected =
        chain.ordersReceived()
            + (long) ticks / OrderLadder.TICKS_PER_CONDITION * OrderLadder.ORDERS_PER_CONDITION;
    schedule.restart();
    for (int i = 0; i < ticks; i++) {
      schedule.awaitNext();
      chain.publish(ladder.itemCode(), prices[i % prices.length], System.currentTimeMillis());
    }
    long deadline = System.nanoTime() + BARE_DRAIN_NANOS;
    while (chain.ordersReceived() < expected && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
