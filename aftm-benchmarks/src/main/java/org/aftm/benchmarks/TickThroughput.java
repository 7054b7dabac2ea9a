package org.aftm.benchmarks;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aftm.adapter.zmq.in.ZmqTickSubscriber;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.SocketWaitIdleStrategy;
import org.aftm.adapter.zmq.link.ZapAllowList;
import org.aftm.adapter.zmq.out.MarketDataPublisher;
import org.aftm.adapter.zmq.out.ZmqTickPublisher;
import org.aftm.app.process.StrategyProcessRunner;
import org.aftm.app.wiring.LinkContext;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.zeromq.ZContext;

/**
 * The highest tick rate the strategy's receiving side sustains with every tick accounted for: a
 * publishing thread drives the main process's real tick path ({@link MarketDataPublisher} over a
 * {@link ZmqTickPublisher}) at a fixed offered rate into a {@link ZmqTickSubscriber} polled by the
 * real {@link StrategyProcessRunner} (the {@code block} idle strategy, as configured by default)
 * over {@code --conditions} conditions that never fire. Two ZeroMQ contexts stand for the two
 * processes, over TCP loopback, plain or CURVE. Each step offers one rate for {@code --seconds},
 * then waits for the strategy to drain; it passes when nothing was dropped at the publisher, no gap
 * was seen and the strategy saw every tick published.
 *
 * <p>Run: {@code java -cp
 * 'aftm-benchmarks/target/aftm-benchmarks-0.1.0-SNAPSHOT.jar:aftm-benchmarks/target/lib/*'
 * org.aftm.benchmarks.TickThroughput --rates 100000,300000,500000 --security plain,curve}. Threads
 * are not pinned; the publisher spins, so on two cores it competes with the strategy.
 */
public final class TickThroughput {

  private static final String ITEM = "TXF";
  private static final Duration DRAIN_QUIET = Duration.ofSeconds(2);

  /** Bytes the agent thread allocates, so the step can say how much per tick, sockets included. */
  private static final com.sun.management.ThreadMXBean ALLOCATION =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final int conditions;
  private final int seconds;
  private final PrintWriter out;

  TickThroughput(int conditions, int seconds, PrintWriter out) {
    this.conditions = conditions;
    this.seconds = seconds;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options =
        Options.parse(args, Set.of("conditions", "seconds", "rates", "security", "warmup"));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    TickThroughput bench =
        new TickThroughput(options.intValue("conditions", 10), options.intValue("seconds", 3), out);
    List<Integer> rates = new ArrayList<>();
    for (String rate : options.text("rates", "100000,200000,300000,500000,700000").split(",")) {
      rates.add(Integer.parseInt(rate.trim().replace("_", "")));
    }
    for (String security : options.text("security", "plain,curve").split(",")) {
      bench.run(security.trim(), options.intValue("warmup", 50_000), rates);
    }
  }

  void run(String security, int warmupRate, List<Integer> rates) throws Exception {
    boolean curve = security.equals("curve");
    try (ZContext mainContext = LinkContext.open();
        ZContext strategyContext = LinkContext.open()) {
      CurveKeyPair mainKeys = CurveKeyPair.generate();
      CurveKeyPair strategyKeys = CurveKeyPair.generate();
      ZapAllowList allowList =
          curve
              ? new ZapAllowList(
                  mainContext, List.of(new LinkPeer("strategy", strategyKeys.publicKey(), true)))
              : null;
      try (ZmqTickPublisher publisher =
              new ZmqTickPublisher(
                  mainContext,
                  "tcp://127.0.0.1:*",
                  ZmqTickPublisher.DEFAULT_SEND_HIGH_WATER_MARK,
                  curve ? LinkSecurity.server(mainKeys, allowList) : LinkSecurity.NONE);
          ZmqTickSubscriber subscriber =
              new ZmqTickSubscriber(
                  strategyContext,
                  publisher.endpoint(),
                  List.of(),
                  Duration.ofSeconds(1),
                  System::nanoTime,
                  curve
                      ? LinkSecurity.client(strategyKeys, mainKeys.publicKey())
                      : LinkSecurity.NONE)) {
        List<ConditionSnapshot> snapshots = new ArrayList<>();
        for (int k = 0; k < conditions; k++) {
          snapshots.add(TickPathBenchmark.quiet(k));
        }
        MarketDataPublisher feed = new MarketDataPublisher(publisher);
        try (StrategyProcessRunner runner =
            new StrategyProcessRunner(
                    subscriber,
                    new TickPathBenchmark.NoOrderUpdates(),
                    signal -> true,
                    new TickPathBenchmark.Stored(snapshots),
                    snapshot -> true,
                    new TickPathBenchmark.SilentGateway(),
                    3,
                    5_000_000_000L,
                    () -> 0L,
                    SocketWaitIdleStrategy.waitingOn(strategyContext, 10, List.of(subscriber)))
                .start()) {
          // The subscription is live once a tick gets through.
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (runner.counters().get("ticks") == 0 && System.nanoTime() < deadline) {
            feed.onTick(new MarketTick(ITEM, Price.ofPoints(22_000).units(), 1, 0));
            Thread.sleep(10);
          }
          step(security, warmupRate, feed, publisher, runner, false);
          out.printf("%n%s, %d conditions, %d s per rate%n", security, conditions, seconds);
          out.println(
              "offered/s  published/s  dropped  gaps  seen-published  agent B/tick  result");
          for (int rate : rates) {
            step(security, rate, feed, publisher, runner, true);
          }
        }
      } finally {
        if (allowList != null) {
          allowList.close();
        }
      }
    }
  }

  private void step(
      String security,
      int rate,
      MarketDataPublisher feed,
      ZmqTickPublisher publisher,
      StrategyProcessRunner runner,
      boolean report)
      throws InterruptedException {
    long publishedBefore = publisher.publishedCount();
    long droppedBefore = publisher.droppedCount();
    long gapsBefore = runner.counters().get("tick_gaps");
    long seenBefore = runner.counters().get("ticks");
    long agentThread = threadNamed("strategy");
    long allocatedBefore = ALLOCATION.getThreadAllocatedBytes(agentThread);
    long period = 1_000_000_000L / rate;
    long total = (long) rate * seconds;
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + i * period;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      long points = 22_000 + (i % 200 < 100 ? i % 100 : 100 - i % 100) - 50;
      feed.onTick(new MarketTick(ITEM, points * Price.UNITS_PER_POINT, 1, 0));
    }
    long elapsed = System.nanoTime() - start;
    long published = publisher.publishedCount() - publishedBefore;
    // Drained once the strategy has seen every tick, or nothing moved for a while.
    long lastSeen = -1;
    long quietSince = System.nanoTime();
    while (true) {
      long seen = runner.counters().get("ticks") - seenBefore;
      if (seen >= published) {
        break;
      }
      if (seen != lastSeen) {
        lastSeen = seen;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > DRAIN_QUIET.toNanos()) {
        break;
      }
      Thread.sleep(5);
    }
    long dropped = publisher.droppedCount() - droppedBefore;
    long gaps = runner.counters().get("tick_gaps") - gapsBefore;
    long seen = runner.counters().get("ticks") - seenBefore;
    double bytesPerTick =
        (ALLOCATION.getThreadAllocatedBytes(agentThread) - allocatedBefore)
            / (double) Math.max(1, seen);
    boolean ok = dropped == 0 && gaps == 0 && seen == published && published == total;
    if (report) {
      out.println(
          String.format(
              Locale.ROOT,
              "%9d  %11.0f  %7d  %4d  %14d  %12.1f  %s",
              rate,
              published * 1e9 / elapsed,
              dropped,
              gaps,
              seen - published,
              bytesPerTick,
              ok ? "ok" : "LOST"));
    }
  }

  private static long threadNamed(String name) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name)) {
        return thread.getId();
      }
    }
    throw new IllegalStateException("no thread named " + name);
  }
}
