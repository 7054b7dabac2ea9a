package org.aftm.app.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * {@code aftm bench throughput}: the highest tick rate the strategy <em>process</em> (a real child
 * JVM, its sockets and the link security included) sustains with every tick accounted for.
 *
 * <p>The bench registers {@code conditions} conditions that never fire (buys triggering 2,000
 * points below and sells 2,000 points above the band the price moves in), so the strategy compares
 * each of them with every tick and no order is ever caused: the orders are not what is measured. It
 * then publishes ticks straight into the main process's tick publisher ({@link
 * MainProcess#publishTicks}, numbered and stamped as the broker's are, past the simulated market's
 * own rate cap), stepping the offered rate up for a fixed time each. The publishing thread owns its
 * pace: every 100 µs it hands over the ticks that are due by then in one call, as a feed delivers a
 * burst (about 50 at 500,000 ticks/s), so they travel as batch frames; it does nothing else per
 * tick.
 *
 * <p>A step is sustained when the strategy processed every offered tick (its heartbeat's {@code
 * ticks} counter), saw no gap in the sequence ({@code tick_gaps}), the publisher dropped none, no
 * tick was older than {@code maxLagMillis} when the strategy took it ({@code ticks_stale}, with
 * {@code AFTM_TICK_STALE_MS} set to it: a strategy falling behind is caught before any queue
 * overflows), and the bench itself offered at least 98 % of the rate. The steps stop at the first
 * that is not sustained.
 */
public final class ThroughputBench {

  /**
   * @param conditions conditions loaded in the strategy
   * @param ratesPerSecond the offered rates, stepped up in order
   * @param step how long each rate is offered
   * @param warmup how long the first rate is offered first, unmeasured
   * @param maxLagMillis the oldest a tick may be when the strategy takes it
   */
  public record Settings(
      int conditions, long[] ratesPerSecond, Duration step, Duration warmup, int maxLagMillis) {
    public Settings {
      if (conditions < 1 || conditions > 10_000) {
        throw new IllegalArgumentException(
            "--conditions must be between 1 and 10000 but was " + conditions);
      }
      if (ratesPerSecond.length == 0) {
        throw new IllegalArgumentException("at least one rate is needed");
      }
      for (long rate : ratesPerSecond) {
        if (rate < 1 || rate > 100_000_000) {
          throw new IllegalArgumentException(
              "a rate must be between 1 and 100000000 ticks per second but was " + rate);
        }
      }
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("the step duration must be > 0");
      }
      if (maxLagMillis < 1) {
        throw new IllegalArgumentException("--max-lag-ms must be >= 1 but was " + maxLagMillis);
      }
    }

    /** 50,000 ticks/s doubled up to 6,400,000. */
    public static long[] doublingRates() {
      return new long[] {
        50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000, 3_200_000, 6_400_000
      };
    }
  }

  private static final long LOW_POINTS = 21_950;
  private static final int BAND_POINTS = 100;
  private static final long PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  /** Most ticks handed over in one call, when the bench fell behind and many are due at once. */
  private static final int MAX_TICKS_PER_CALL = 256;

  private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private ThroughputBench() {}

  public static BenchResult run(AftmConfig base, Settings settings, PrintWriter progress) {
    AftmConfig config =
        base.with(Map.of(ConfigKey.AFTM_TICK_STALE_MS, Integer.toString(settings.maxLagMillis())));
    Machine machine = Machine.now();
    progress.printf(
        "aftm bench throughput: %d conditions, steps of %d ms from %d ticks/s, max lag %d ms;"
            + " %d CPUs, %s, pinned %s; load average %s%n",
        settings.conditions(),
        settings.step().toMillis(),
        settings.ratesPerSecond()[0],
        settings.maxLagMillis(),
        machine.cpus(),
        machine.jvm(),
        machine.pinned(),
        machine.loadAverage());
    progress.printf("Configuration: %s%n", ConfigurationFacts.of(config));
    progress.flush();
    List<Map<String, Object>> steps = new ArrayList<>();
    Map<String, Object> sustained = null;
    Map<String, Object> firstFailed = null;
    long signalsBefore;
    long signalsAfter;
    long warmupLost = 0;
    try (BenchSystem bench = BenchSystem.start(config)) {
      MainProcess main = bench.main();
      String item = main.itemCode();
      progress.printf(
          "AFTM started in %d ms%n", TimeUnit.NANOSECONDS.toMillis(bench.startToReadyNanos()));
      bench.awaitTickLink(Duration.ofSeconds(30));
      bench.register(conditions(item, settings.conditions()), Duration.ofSeconds(10));
      MarketTick[] path = path(item);
      int[] position = {0};
      long seen = awaitTicks(bench, main.ticksPublished());
      signalsBefore = bench.strategyCounter("signals");
      // A tick lost at the end of one phase shows as a gap only when the next phase's first tick
      // arrives: such gaps belong to the phase before.
      long unseenLoss = 0;
      if (!settings.warmup().isZero()) {
        long gapsBefore = bench.strategyCounter("tick_gaps");
        long offered =
            publish(
                main, path, position, settings.ratesPerSecond()[0], settings.warmup().toNanos());
        long now = awaitTicks(bench, seen + offered);
        warmupLost = offered - (now - seen);
        unseenLoss = Math.max(0, warmupLost - (bench.strategyCounter("tick_gaps") - gapsBefore));
        seen = now;
      }
      progress.println(
          "| offered tick/s | achieved tick/s |   offered | processed |  lost | gaps | stale |"
              + " dropped | drained ms | sustained |");
      progress.println(
          "|----------------|-----------------|-----------|-----------|-------|------|-------|"
              + "---------|------------|-----------|");
      for (long rate : settings.ratesPerSecond()) {
        long publishedBefore = main.ticksPublished();
        long droppedBefore = main.ticksDropped();
        long gapsBefore = bench.strategyCounter("tick_gaps");
        long staleBefore = bench.strategyCounter("ticks_stale");
        long start = System.nanoTime();
        long offered = publish(main, path, position, rate, settings.step().toNanos());
        long publishNanos = System.nanoTime() - start;
        long published = main.ticksPublished() - publishedBefore;
        long dropped = main.ticksDropped() - droppedBefore;
        long drainStart = System.nanoTime();
        long now = awaitTicks(bench, seen + offered);
        long drainedNanos = System.nanoTime() - drainStart;
        long processed = now - seen;
        seen = now;
        long gapsSeen = bench.strategyCounter("tick_gaps") - gapsBefore;
        long earlier = Math.min(gapsSeen, unseenLoss);
        long gaps = gapsSeen - earlier;
        long stale = bench.strategyCounter("ticks_stale") - staleBefore;
        long lost = offered - processed;
        unseenLoss = Math.max(0, unseenLoss - earlier + lost - gaps);
        long achieved = Math.round(offered * 1e9 / publishNanos);
        String reason = "";
        if (lost != 0) {
          reason = lost + " ticks not processed";
        } else if (gaps != 0) {
          reason = gaps + " ticks missing in the sequence";
        } else if (dropped != 0) {
          reason = dropped + " ticks dropped by the publisher";
        } else if (stale != 0) {
          reason = stale + " ticks older than " + settings.maxLagMillis() + " ms when processed";
        } else if (achieved < rate * 0.98) {
          reason = "the bench offered only " + achieved + " ticks/s";
        }
        boolean ok = reason.isEmpty();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offered_ticks_per_s", rate);
        figures.put("achieved_ticks_per_s", achieved);
        figures.put("offered", offered);
        figures.put("published", published);
        figures.put("processed", processed);
        figures.put("lost_ticks", lost);
        figures.put("gaps", gaps);
        figures.put("stale", stale);
        figures.put("dropped", dropped);
        figures.put("publish_ms", TimeUnit.NANOSECONDS.toMillis(publishNanos));
        figures.put("drained_ms", TimeUnit.NANOSECONDS.toMillis(drainedNanos));
        figures.put("sustained", ok);
        figures.put("reason", ok ? null : reason);
        steps.add(figures);
        progress.printf(
            "| %,14d | %,15d | %,9d | %,9d | %,5d | %,4d | %,5d | %,7d | %,10d | %-9s |%s%n",
            rate,
            achieved,
            offered,
            processed,
            lost,
            gaps,
            stale,
            dropped,
            TimeUnit.NANOSECONDS.toMillis(drainedNanos),
            ok ? "yes" : "no",
            ok ? "" : " " + reason);
        progress.flush();
        if (!ok) {
          firstFailed = figures;
          break;
        }
        sustained = figures;
      }
      signalsAfter = bench.strategyCounter("signals");
    }
    Machine after = Machine.now();

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("kind", "throughput");
    figures.put(
        "sustained_ticks_per_s", sustained == null ? 0L : sustained.get("achieved_ticks_per_s"));
    figures.put(
        "sustained_step_ticks_per_s",
        sustained == null ? 0L : sustained.get("offered_ticks_per_s"));
    figures.put(
        "lost_ticks",
        sustained != null ? sustained.get("lost_ticks") : steps.get(0).get("lost_ticks"));
    figures.put("gaps", sustained != null ? sustained.get("gaps") : steps.get(0).get("gaps"));
    figures.put(
        "processed",
        sustained != null ? sustained.get("processed") : steps.get(0).get("processed"));
    figures.put(
        "first_unsustained_ticks_per_s",
        firstFailed == null ? null : firstFailed.get("offered_ticks_per_s"));
    figures.put("first_unsustained_reason", firstFailed == null ? null : firstFailed.get("reason"));
    figures.put("warmup_lost_ticks", warmupLost);
    figures.put("conditions", settings.conditions());
    figures.put("signals", signalsAfter - signalsBefore);
    figures.put("step_ms", settings.step().toMillis());
    figures.put("warmup_ms", settings.warmup().toMillis());
    figures.put("max_lag_ms", settings.maxLagMillis());
    figures.put("steps", steps);
    figures.put("machine", machine.toMap(after));
    figures.put("configuration", ConfigurationFacts.of(config));

    String table =
        String.format(
                "Sustained: %s ticks/s (step %s ticks/s offered for %d ms, %d conditions, every tick"
                    + " processed, no gap, none older than %d ms); first step not sustained: %s (%s)."
                    + " Signals during the run: %d.%n",
                figures.get("sustained_ticks_per_s"),
                figures.get("sustained_step_ticks_per_s"),
                settings.step().toMillis(),
                settings.conditions(),
                settings.maxLagMillis(),
                figures.get("first_unsustained_ticks_per_s"),
                figures.get("first_unsustained_reason"),
                signalsAfter - signalsBefore)
            + machine.reportLines(after, ConfigurationFacts.of(config));
    StringBuilder stepTable = new StringBuilder();
    stepTable.append(
        "| offered tick/s | achieved tick/s | processed | lost | gaps | stale | dropped |"
            + " sustained |\n|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> step : steps) {
      stepTable.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
              step.get("offered_ticks_per_s"),
              step.get("achieved_ticks_per_s"),
              step.get("processed"),
              step.get("lost_ticks"),
              step.get("gaps"),
              step.get("stale"),
              step.get("dropped"),
              Boolean.TRUE.equals(step.get("sustained")) ? "yes" : "no: " + step.get("reason")));
    }
    return new BenchResult("throughput", figures, stepTable + "\n" + table, Map.of());
  }

  /** Half buys far below the band, half sells far above: compared on every tick, never fired. */
  static List<ConditionSpec> conditions(String item, int count) {
    List<ConditionSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean buy = i % 2 == 0;
      // Spread over 100 points, so that any count stays within the simulated broker's price limits
      // (22,000 ± 10%), which every registered condition's trigger must respect.
      long spread = (i / 2) % 100;
      long trigger = buy ? LOW_POINTS - 2_000 - spread : LOW_POINTS + BAND_POINTS + 2_000 + spread;
      specs.add(
          new ConditionSpec(
              item,
              buy ? Side.BUY : Side.SELL,
              Price.ofPoints(trigger),
              Price.ofPoints(30),
              1,
              Price.ofPoints(90),
              Price.ofPoints(30),
              false));
    }
    return specs;
  }

  /** One oscillation through the band, up and down, one point a tick. */
  private static MarketTick[] path(String item) {
    MarketTick[] path = new MarketTick[2 * BAND_POINTS];
    long time = System.currentTimeMillis();
    for (int i = 0; i < BAND_POINTS; i++) {
      path[i] = new MarketTick(item, Price.ofPoints(LOW_POINTS + i).units(), 1, time);
      path[2 * BAND_POINTS - 1 - i] =
          new MarketTick(item, Price.ofPoints(LOW_POINTS + i + 1).units(), 1, time);
    }
    return path;
  }

  /**
   * Publishes at {@code ratePerSecond} for {@code nanos}: every {@value #PACE_NANOS} ns, the ticks
   * due by then. Returns how many were offered (all of them, late if publishing is slower than the
   * rate).
   */
  private static long publish(
      MainProcess main, MarketTick[] path, int[] position, long ratePerSecond, long nanos) {
    long total = ratePerSecond * nanos / TimeUnit.SECONDS.toNanos(1);
    long sent = 0;
    int next = position[0];
    List<MarketTick> burst = new ArrayList<>(MAX_TICKS_PER_CALL);
    long start = System.nanoTime();
    while (sent < total) {
      long due = Math.min(total, (System.nanoTime() - start) * ratePerSecond / 1_000_000_000L);
      while (sent < due) {
        burst.clear();
        while (sent < due && burst.size() < MAX_TICKS_PER_CALL) {
          burst.add(path[next]);
          next = next + 1 == path.length ? 0 : next + 1;
          sent++;
        }
        main.publishTicks(burst);
      }
      if (sent < total) {
        LockSupport.parkNanos(PACE_NANOS);
      }
    }
    position[0] = next;
    return sent;
  }

  /**
   * Waits until the strategy reports {@code target} ticks processed, or until its count stopped
   * moving for three heartbeats (ticks were lost); returns the count.
   */
  private static long awaitTicks(BenchSystem bench, long target) {
    long last = bench.strategyCounter("ticks");
    long lastChange = System.nanoTime();
    while (last < target && System.nanoTime() - lastChange < 3 * HEARTBEAT_NANOS) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      long now = bench.strategyCounter("ticks");
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
    return last;
  }
}
