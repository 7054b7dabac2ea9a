package org.aftm.app.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.aftm.app.status.OrderFlowMetrics;
import org.aftm.domain.model.MarketTick;

/**
 * Offers orders to the running system at a fixed tick rate, in rounds of at most {@value
 * #MAX_CONDITIONS_PER_ROUND} conditions: each round registers a fresh {@link OrderLadder}, waits
 * until the strategy applied it, feeds the ladder's path into the simulated broker on a {@link
 * FixedRateSchedule} (two of every three ticks cause one order), and waits until every order was
 * answered before the next round, so no round inherits another's backlog. The latency is what the
 * main process records itself ({@link OrderFlowMetrics}): tick published → order answered by the
 * broker, after the audit trail is written.
 *
 * <p>Not thread-safe: the bench's thread drives it.
 */
final class OrderRounds {

  static final int MAX_CONDITIONS_PER_ROUND = 200;
  static final long TOP_POINTS = 22_300;
  private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * What a run of rounds measured.
   *
   * @param latency tick published → order answered, nanoseconds, as recorded (not corrected)
   * @param toGateway tick published → order request received by the gateway, nanoseconds
   * @param expected orders the ladders should have caused
   */
  record Outcome(Histogram latency, Histogram toGateway, long sent, long refused, long expected) {}

  private final BenchSystem system;
  private final FixedRateSchedule schedule;
  private final PrintWriter progress;
  private long answeredBefore;

  OrderRounds(BenchSystem system, int ticksPerSecond, PrintWriter progress) {
    this.system = system;
    this.schedule = new FixedRateSchedule(ticksPerSecond);
    this.progress = progress;
    OrderFlowMetrics metrics = system.main().metrics();
    this.answeredBefore = metrics.sent() + metrics.refused();
  }

  /** The schedule's lateness over every round so far: how late the driver served its slots. */
  Histogram lateness() {
    return schedule.lateness();
  }

  /**
   * Runs rounds until {@code orders} orders (rounded up to an even number) were offered.
   *
   * @param label names the rounds in the progress lines
   */
  Outcome run(String label, int orders) {
    Histogram latency = new Histogram(MAX_NANOS, 3);
    Histogram toGateway = new Histogram(MAX_NANOS, 3);
    long sent = 0;
    long refused = 0;
    long expected = 0;
    int conditions = (orders + 1) / OrderLadder.ORDERS_PER_CONDITION;
    int round = 0;
    while (conditions > 0) {
      int size = Math.min(conditions, MAX_CONDITIONS_PER_ROUND);
      conditions -= size;
      round++;
      OrderFlowMetrics metrics = system.main().metrics();
      OrderLadder ladder = new OrderLadder(system.main().itemCode(), TOP_POINTS, size);
      system.register(ladder.conditions(), REGISTER_TIMEOUT);
      long sentBefore = metrics.sent();
      long refusedBefore = metrics.refused();
      // Whatever was recorded before this round's first tick is not this round's.
      metrics.sampleInterval();
      metrics.sampleReceivedInterval();
      schedule.restart();
      for (long price : ladder.priceUnits()) {
        schedule.awaitNext();
        system
            .main()
            .simulatedBroker()
            .feed(new MarketTick(ladder.itemCode(), price, 1, System.currentTimeMillis()));
      }
      long target = answeredBefore + ladder.orders();
      long deadline = System.nanoTime() + DRAIN_NANOS;
      long answered = metrics.sent() + metrics.refused();
      long lastAnswer = System.nanoTime();
      // An exit whose entry's fill had not reached the strategy when its tick came is never
      // placed (a late condition still waits for its fill): once nothing is answered for a while,
      // the round is over.
      while (answered < target
          && System.nanoTime() - deadline < 0
          && System.nanoTime() - lastAnswer < QUIET_NANOS) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        long now = metrics.sent() + metrics.refused();
        if (now != answered) {
          answered = now;
          lastAnswer = System.nanoTime();
        }
      }
      // A straggler (more answers than expected would be a duplicate) gets a moment.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      answeredBefore = metrics.sent() + metrics.refused();
      Histogram interval = metrics.sampleInterval();
      Histogram received = metrics.sampleReceivedInterval();
      long roundSent = metrics.sent() - sentBefore;
      long roundRefused = metrics.refused() - refusedBefore;
      latency.add(interval);
      toGateway.add(received);
      sent += roundSent;
      refused += roundRefused;
      expected += ladder.orders();
      progress.println(
          LatencyFigures.row(
              String.format("%s %d (%d sent/%d refused)", label, round, roundSent, roundRefused),
              interval));
      progress.flush();
    }
    return new Outcome(latency, toGateway, sent, refused, expected);
  }
}
