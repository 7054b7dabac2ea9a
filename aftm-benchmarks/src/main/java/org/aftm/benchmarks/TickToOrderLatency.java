package org.aftm.benchmarks;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.app.cli.LogSetup;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.LinkSecurityMode;
import org.aftm.app.process.ChildRole;
import org.aftm.app.status.OrderFlowMetrics;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.MarketTick;

/**
 * Tick-to-order latency of the real three-process system, then of a bare JeroMQ chain of the same
 * hops ({@link BareZmqChain}) at the same offered rate and count, in one run.
 *
 * <p>The system is started through {@link MainProcess#start} without generated quotes: the strategy
 * and order-executor children are real JVMs on this JVM's classpath. Each round registers a fresh
 * {@link OrderLadder} of conditions, gives the strategy 150 ms to load them, then feeds the
 * ladder's path into the simulated broker at a fixed rate; two of every three ticks cause one
 * order. The latency is what the main process records itself ({@link OrderFlowMetrics}): tick
 * published → order answered by the broker (after the audit trail is written). Warm-up rounds are
 * discarded.
 *
 * <p>Run: {@code java -cp
 * 'aftm-benchmarks/target/aftm-benchmarks-0.1.0-SNAPSHOT.jar:aftm-benchmarks/target/lib/*'
 * org.aftm.benchmarks.TickToOrderLatency [--rate 200] [--rounds 10] [--warmup-rounds 2]
 * [--conditions 200] [--bare true] [--system true] [--keep-data false] [-c
 * AFTM_AUDIT_DURABILITY=database] [-c AFTM_DB_SYNC=NORMAL] [-c AFTM_IDLE_STRATEGY=yielding]}
 */
public final class TickToOrderLatency {

  private static final String ITEM = "TXF";
  private static final long TOP_POINTS = 22_300;
  private static final long PICK_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
  private static final long ROUND_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final int rate;
  private final int rounds;
  private final int warmupRounds;
  private final int conditionsPerRound;
  private final boolean bare;
  private final boolean systemRun;
  private final boolean keepData;
  private final List<String> overrides;

  /** Set by {@link #run()} from the configuration, before the system and the bare chain run. */
  private LinkSecurityMode linkSecurity = LinkSecurityMode.CURVE;

  private final PrintWriter out;

  TickToOrderLatency(Options options, PrintWriter out) {
    this.rate = options.intValue("rate", 200);
    this.rounds = options.intValue("rounds", 10);
    this.warmupRounds = options.intValue("warmup-rounds", 2);
    this.conditionsPerRound = options.intValue("conditions", 200);
    this.bare = Boolean.parseBoolean(options.text("bare", "true"));
    this.systemRun = Boolean.parseBoolean(options.text("system", "true"));
    this.keepData = Boolean.parseBoolean(options.text("keep-data", "false"));
    this.overrides = options.config();
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Options options =
        Options.parse(
            args,
            Set.of("rate", "rounds", "warmup-rounds", "conditions", "bare", "system", "keep-data"));
    new TickToOrderLatency(options, out).run();
  }

  /**
   * What one run measured: the system's and the bare chain's histograms (nanoseconds), either may
   * be empty.
   */
  record Result(Histogram system, long sent, long refused, Histogram bare) {}

  Result run() throws IOException {
    Path dataDir = Files.createTempDirectory("aftm-latency-");
    try {
      out.printf(
          "Tick-to-order latency: %d ticks/s offered, %d warm-up + %d measured rounds of %d conditions "
              + "(%d ticks, %d orders per round); JVM %s, %d CPUs, threads not pinned; load average %s%n",
          rate,
          warmupRounds,
          rounds,
          conditionsPerRound,
          conditionsPerRound * OrderLadder.TICKS_PER_CONDITION,
          conditionsPerRound * OrderLadder.ORDERS_PER_CONDITION,
          Runtime.version(),
          Runtime.getRuntime().availableProcessors(),
          LoadAverage.now());
      Histogram system = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      long[] counts = new long[2];
      AftmConfig config = config(dataDir);
      // The bare chain uses the system's link security, so their ratio compares like with like.
      linkSecurity = config.linkSecurity();
      if (systemRun) {
        runSystem(config, system, counts);
      }
      Histogram bareResult = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      if (bare) {
        runBare(bareResult);
      }
      if (systemRun && bare && system.getTotalCount() > 0 && bareResult.getTotalCount() > 0) {
        out.println();
        out.println(LatencySummary.header("tick → order accepted"));
        out.println(LatencySummary.row("AFTM (3 JVMs), " + linkSecurity.text(), system));
        out.println(
            LatencySummary.row("bare JeroMQ chain (1 JVM), " + linkSecurity.text(), bareResult));
        out.printf(
            "Ratio AFTM / bare: p50 %.1fx, p99 %.1fx, p99.9 %.1fx%n",
            ratio(system, bareResult, 50),
            ratio(system, bareResult, 99),
            ratio(system, bareResult, 99.9));
      }
      out.printf("Load average at the end: %s%n", LoadAverage.now());
      out.flush();
      return new Result(system, counts[0], counts[1], bareResult);
    } finally {
      if (keepData) {
        out.printf("Data directory and child logs kept in %s%n", dataDir);
      } else {
        deleteRecursively(dataDir);
      }
    }
  }

  private AftmConfig config(Path dataDir) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.AFTM_DATA_DIR, dataDir.toString());
    values.put(ConfigKey.ZMQ_TICK_PORT, "0");
    values.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
    values.put(ConfigKey.DLL_GATEWAY_PORT, "0");
    values.put(ConfigKey.AFTM_HTTP_PORT, "-1");
    values.put(ConfigKey.AFTM_MAX_POSITION_QTY, "100000");
    values.put(ConfigKey.AFTM_MAX_ORDER_QTY, "1000");
    // The harness offers far more orders than a trader's rate limits allow: measure the path, not
    // the limit.
    values.put(ConfigKey.AFTM_MAX_ORDERS_PER_SECOND, "100000");
    values.put(ConfigKey.AFTM_MAX_ORDERS_PER_MINUTE, "6000000");
    for (String override : overrides) {
      int equals = override.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException("expected -c KEY=VALUE but was " + override);
      }
      values.put(ConfigKey.valueOf(override.substring(0, equals)), override.substring(equals + 1));
    }
    return AftmConfig.defaults().with(values);
  }

  private void runSystem(AftmConfig config, Histogram total, long[] counts) {
    // Like `aftm run`: the main process logs to its file, children to theirs.
    LogSetup.toFile(config.logDir(), "aftm", config.logLevel().name());
    out.printf(
        "AFTM: AFTM_LINK_SECURITY=%s, AFTM_AUDIT_DURABILITY=%s, AFTM_DB_SYNC=%s,"
            + " AFTM_IDLE_STRATEGY=%s, AFTM_LOG_LEVEL=%s, child JVM options '%s'%n",
        config.linkSecurity().text(),
        config.auditDurability().text(),
        config.dbSync(),
        config.idleStrategy(),
        config.logLevel(),
        config.childJvmOpts());
    long startNanos = System.nanoTime();
    MainProcess main =
        MainProcess.start(
            config, config.simDemoAccount(), config.simDemoPassword().toCharArray(), false);
    try {
      out.printf(
          "System started in %.1f s (strategy and order-executor child JVMs ready)%n",
          (System.nanoTime() - startNanos) / 1e9);
      SimExchangeApi broker = main.simulatedBroker();
      OrderFlowMetrics metrics = main.metrics();
      FixedRateSchedule schedule = new FixedRateSchedule(rate);
      out.println(LatencySummary.header("round (sent/refused)"));
      long answeredBefore = 0;
      Histogram receivedTotal = new Histogram(total.getHighestTrackableValue(), 3);
      for (int round = 0; round < warmupRounds + rounds; round++) {
        OrderLadder ladder = new OrderLadder(ITEM, TOP_POINTS, conditionsPerRound);
        for (ConditionSpec spec : ladder.conditions()) {
          main.conditions().registerCondition(spec);
        }
        LockSupport.parkNanos(PICK_UP_NANOS);
        long sentBefore = metrics.sent();
        long refusedBefore = metrics.refused();
        schedule.lateness().reset();
        schedule.restart();
        for (long price : ladder.priceUnits()) {
          schedule.awaitNext();
          broker.feed(new MarketTick(ITEM, price, 1, System.currentTimeMillis()));
        }
        long expected = answeredBefore + ladder.orders();
        long deadline = System.nanoTime() + ROUND_DRAIN_NANOS;
        while (metrics.sent() + metrics.refused() < expected && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        // Give a straggler (more answers than expected would mean a duplicate) a moment, then
        // sample.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        answeredBefore = metrics.sent() + metrics.refused();
        Histogram interval = metrics.sampleInterval().copy();
        Histogram receivedInterval = metrics.sampleReceivedInterval().copy();
        long sent = metrics.sent() - sentBefore;
        long refused = metrics.refused() - refusedBefore;
        boolean warm = round < warmupRounds;
        String name =
            String.format(
                "%s %d (%d/%d)",
                warm ? "warm-up" : "round",
                warm ? round + 1 : round - warmupRounds + 1,
                sent,
                refused);
        out.println(
            LatencySummary.row(name, interval)
                + String.format(
                    " driver late p99.9 %.0f us, max %.0f us",
                    LatencySummary.micros(schedule.lateness().getValueAtPercentile(99.9)),
                    LatencySummary.micros(schedule.lateness().getMaxValue())));
        if (!warm) {
          receivedTotal.add(receivedInterval);
          total.add(interval);
          counts[0] += sent;
          counts[1] += refused;
        }
      }
      out.println(LatencySummary.row("AFTM measured rounds", total));
      out.println(
          LatencySummary.row("  of which to gateway receipt", receivedTotal)
              + " (tick published → order request received by the gateway, before the broker and the audit)");
      out.printf(
          "Orders in measured rounds: %d sent, %d refused (expected %d); all rounds: %d sent, %d refused, %d duplicates%n",
          counts[0],
          counts[1],
          (long) rounds * conditionsPerRound * OrderLadder.ORDERS_PER_CONDITION,
          metrics.sent(),
          metrics.refused(),
          metrics.duplicates());
      for (ChildRole role : ChildRole.values()) {
        main.childReport(role)
            .ifPresent(report -> out.printf("%s counters: %s%n", role.id(), report.counters()));
      }
    } finally {
      long closeStart = System.nanoTime();
      main.close();
      out.printf("main.close() took %.2f s%n", (System.nanoTime() - closeStart) / 1e9);
    }
  }

  private void runBare(Histogram result) {
    int ticksPerRound = conditionsPerRound * OrderLadder.TICKS_PER_CONDITION;
    OrderLadder ladder = new OrderLadder(ITEM, TOP_POINTS, conditionsPerRound);
    long[] prices = ladder.priceUnits();
    FixedRateSchedule schedule = new FixedRateSchedule(rate);
    try (BareZmqChain chain = new BareZmqChain(linkSecurity == LinkSecurityMode.CURVE)) {
      chain.awaitConnected(TimeUnit.SECONDS.toNanos(10));
      runBarePhase(chain, schedule, prices, warmupRounds * ticksPerRound);
      chain.takeInterval(); // warm-up discarded
      schedule.lateness().reset();
      runBarePhase(chain, schedule, prices, rounds * ticksPerRound);
      result.add(chain.takeInterval());
      out.println();
      out.println(LatencySummary.header("bare JeroMQ chain, " + linkSecurity.text()));
      out.println(
          LatencySummary.row("bare measured", result)
              + String.format(
                  " driver late p99.9 %.0f us, max %.0f us",
                  LatencySummary.micros(schedule.lateness().getValueAtPercentile(99.9)),
                  LatencySummary.micros(schedule.lateness().getMaxValue())));
    }
  }

  private static void runBarePhase(
      BareZmqChain chain, FixedRateSchedule schedule, long[] prices, int ticks) {
    long expected =
        chain.ordersReceived()
            + (long) ticks / OrderLadder.TICKS_PER_CONDITION * OrderLadder.ORDERS_PER_CONDITION;
    schedule.restart();
    for (int i = 0; i < ticks; i++) {
      schedule.awaitNext();
      chain.publish(ITEM, prices[i % prices.length], System.currentTimeMillis());
    }
    long deadline = System.nanoTime() + ROUND_DRAIN_NANOS;
    while (chain.ordersReceived() < expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static double ratio(Histogram a, Histogram b, double percentile) {
    return (double) a.getValueAtPercentile(percentile)
        / Math.max(1, b.getValueAtPercentile(percentile));
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
