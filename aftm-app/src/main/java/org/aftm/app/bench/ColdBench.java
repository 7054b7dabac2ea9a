package org.aftm.app.bench;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.status.OrderFlowMetrics;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * {@code aftm bench cold}: how long the system takes from {@link
 * org.aftm.app.wiring.MainProcess#start} to ready (both children ready, the session written), and
 * what the first orders after ready cost, each alone: one tick → the order answered by the broker.
 * Then, in the same run, warm orders at a fixed rate ({@link OrderRounds}) for comparison.
 *
 * <p>Before the first order the bench waits until the strategy sees ticks (PUB/SUB joins late) and
 * has applied the conditions; so the tick link and the command path have carried a few messages,
 * but no order has travelled yet. Each first order's condition is a buy triggered by one tick and
 * entered on the next; its take profit and stop loss are 1,000 points away, beyond every later
 * price, so it causes no other order.
 */
public final class ColdBench {

  /**
   * @param firstOrders orders measured one by one after ready
   * @param ticksPerSecond the warm phase's offered tick rate
   * @param warmupOrders warm phase: orders offered and discarded
   * @param warmOrders warm phase: orders measured
   */
  public record Settings(int firstOrders, int ticksPerSecond, int warmupOrders, int warmOrders) {
    public Settings {
      if (firstOrders < 1 || firstOrders > 100) {
        throw new IllegalArgumentException(
            "--first-orders must be between 1 and 100 but was " + firstOrders);
      }
      if (ticksPerSecond < 1 || ticksPerSecond > 100_000) {
        throw new IllegalArgumentException(
            "--rate must be between 1 and 100000 ticks per second but was " + ticksPerSecond);
      }
      if (warmupOrders < 0 || warmOrders < 2) {
        throw new IllegalArgumentException("--warmup-orders must be >= 0 and --warm-orders >= 2");
      }
    }
  }

  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long ANSWER_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long EXIT_POINTS = 1_000;

  private ColdBench() {}

  public static BenchResult run(AftmConfig config, Settings settings, PrintWriter progress) {
    Machine machine = Machine.now();
    progress.printf(
        "aftm bench cold: start to ready, then %d orders one by one, then %d warm orders at %d"
            + " ticks/s; %d CPUs, %s, pinned %s; load average %s%n",
        settings.firstOrders(),
        settings.warmOrders(),
        settings.ticksPerSecond(),
        machine.cpus(),
        machine.jvm(),
        machine.pinned(),
        machine.loadAverage());
    progress.printf("Configuration: %s%n", ConfigurationFacts.of(config));
    progress.flush();
    long startToReady;
    long readyToTicks;
    List<BigDecimal> first = new ArrayList<>();
    Histogram firstHistogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    long firstMissing = 0;
    OrderRounds.Outcome warm;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / settings.ticksPerSecond();
    try (BenchSystem bench = BenchSystem.start(config)) {
      startToReady = bench.startToReadyNanos();
      progress.printf("Start to ready: %d ms%n", TimeUnit.NANOSECONDS.toMillis(startToReady));
      long readyAt = System.nanoTime();
      bench.awaitTickLink(Duration.ofSeconds(30));
      readyToTicks = System.nanoTime() - readyAt;
      String item = bench.main().itemCode();
      List<ConditionSpec> specs = new ArrayList<>();
      for (int i = 0; i < settings.firstOrders(); i++) {
        specs.add(
            new ConditionSpec(
                item,
                Side.BUY,
                Price.ofPoints(trigger(i)),
                Price.ofPoints(1),
                1,
                Price.ofPoints(EXIT_POINTS),
                Price.ofPoints(EXIT_POINTS),
                false));
      }
      bench.register(specs, Duration.ofSeconds(10));
      OrderFlowMetrics metrics = bench.main().metrics();
      metrics.sampleInterval();
      for (int i = 0; i < settings.firstOrders(); i++) {
        feed(bench, item, trigger(i));
        LockSupport.parkNanos(PAUSE_NANOS);
        long answered = metrics.sent() + metrics.refused();
        feed(bench, item, trigger(i) + 1);
        long deadline = System.nanoTime() + ANSWER_NANOS;
        while (metrics.sent() + metrics.refused() <= answered && System.nanoTime() - deadline < 0) {
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
        Histogram one = metrics.sampleInterval();
        if (one.getTotalCount() == 1) {
          first.add(LatencyFigures.micros(one.getMaxValue()));
          firstHistogram.add(one);
          progress.printf("Order %d after ready: %s us%n", i + 1, first.get(first.size() - 1));
        } else {
          first.add(null);
          firstMissing++;
          progress.printf("Order %d after ready: not answered within 30 s%n", i + 1);
        }
        progress.flush();
        LockSupport.parkNanos(PAUSE_NANOS);
      }
      OrderRounds rounds = new OrderRounds(bench, settings.ticksPerSecond(), progress);
      progress.println(LatencyFigures.header("warm phase round"));
      if (settings.warmupOrders() > 0) {
        rounds.run("warm-up", settings.warmupOrders());
      }
      warm = rounds.run("warm", settings.warmOrders());
    }
    Histogram warmCorrected = warm.latency().copyCorrectedForCoordinatedOmission(intervalNanos);
    Machine after = Machine.now();

    BigDecimal firstOrder = first.isEmpty() ? null : first.get(0);
    BigDecimal warmP50 =
        warmCorrected.getTotalCount() == 0
            ? null
            : LatencyFigures.micros(warmCorrected.getValueAtPercentile(50));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("kind", "cold");
    figures.put("start_to_ready_ms", TimeUnit.NANOSECONDS.toMillis(startToReady));
    figures.put("first_order_us", firstOrder);
    figures.put("first_orders_us", first);
    figures.put("first_orders_missing", firstMissing);
    figures.put(
        "first_orders_max_us",
        firstHistogram.getTotalCount() == 0
            ? null
            : LatencyFigures.micros(firstHistogram.getMaxValue()));
    figures.put("warm_p50_us", warmP50);
    figures.put(
        "warm_p99_us",
        warmCorrected.getTotalCount() == 0
            ? null
            : LatencyFigures.micros(warmCorrected.getValueAtPercentile(99)));
    figures.put(
        "first_order_over_warm_p50",
        firstOrder == null || warmP50 == null || warmP50.signum() == 0
            ? null
            : firstOrder.divide(warmP50, 2, RoundingMode.HALF_UP));
    figures.put("ready_to_tick_link_ms", TimeUnit.NANOSECONDS.toMillis(readyToTicks));
    figures.put("warm", LatencyFigures.toMap("", warmCorrected));
    figures.put("warm_recorded", LatencyFigures.toMap("", warm.latency()));
    figures.put("warm_orders_sent", warm.sent());
    figures.put("warm_orders_refused", warm.refused());
    figures.put("warm_orders_expected", warm.expected());
    figures.put("rate_ticks_per_s", settings.ticksPerSecond());
    figures.put("warmup_orders", settings.warmupOrders());
    figures.put("warm_orders", settings.warmOrders());
    figures.put("co_correction_interval_ns", intervalNanos);
    figures.put("machine", machine.toMap(after));
    figures.put("configuration", ConfigurationFacts.of(config));

    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "| | value |%n|---|---|%n| start to ready | %d ms |%n| ready to tick link joined |"
                + " %d ms |%n| first order after ready | %s us |%n| first %d orders | %s us |%n|"
                + " warm p50 / p99 (CO-corrected, %d orders at %d ticks/s) | %s / %s us |%n|"
                + " first order / warm p50 | %s |%n%n",
            TimeUnit.NANOSECONDS.toMillis(startToReady),
            TimeUnit.NANOSECONDS.toMillis(readyToTicks),
            firstOrder,
            settings.firstOrders(),
            first,
            warm.latency().getTotalCount(),
            settings.ticksPerSecond(),
            warmP50,
            figures.get("warm_p99_us"),
            figures.get("first_order_over_warm_p50")));
    table.append(machine.reportLines(after, ConfigurationFacts.of(config)));
    Map<String, Histogram> histograms = new LinkedHashMap<>();
    histograms.put("first-orders", firstHistogram);
    histograms.put("warm", warmCorrected);
    histograms.put("warm-recorded", warm.latency());
    return new BenchResult("cold", figures, table.toString(), histograms);
  }

  /** The first orders' triggers, three points apart below the warm phase's ladder top. */
  private static long trigger(int i) {
    return OrderRounds.TOP_POINTS - 3L * i;
  }

  private static void feed(BenchSystem bench, String item, long points) {
    bench
        .main()
        .simulatedBroker()
        .feed(new MarketTick(item, Price.ofPoints(points).units(), 1, System.currentTimeMillis()));
  }
}
