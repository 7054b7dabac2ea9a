package org.aftm.benchmarks;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.aftm.adapter.out.fix.FixExchangeApi;
import org.aftm.adapter.out.fix.FixSettings;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.adapter.out.fix.venue.FixVenue;
import org.aftm.adapter.out.fix.venue.FixVenueSettings;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimSettings;
import org.aftm.app.cli.LogSetup;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;

/**
 * An order's round trip, {@code placeOrder} to its {@code Filled} event on the listener, through
 * the simulated broker directly and through FIX in front of the same simulated broker ({@link
 * FixExchangeApi} → loopback → {@link FixVenue} → {@link SimExchangeApi}), in one JVM and one run:
 * same sim settings (no delays, every market order filled at once), one order at a time, buys and
 * sells alternating so the position stays flat. With {@code --rounds R} the two modes alternate R
 * times (the first mode switching each round) into one histogram per mode. Prints p50/p90/p99/
 * p99.9/max of both and their ratio, and with {@code --json} one JSON line.
 *
 * <pre>
 * java -cp "$CP" org.aftm.benchmarks.FixRoundTrip [--orders 5000] [--warmup-orders 2000] [--rounds 3] [--json true]
 * </pre>
 */
final class FixRoundTrip {

  private static final Duration FILL_DEADLINE = Duration.ofSeconds(10);

  private final int orders;
  private final int warmUp;
  private final Path work;
  private final BlockingQueue<Long> filledAt = new ArrayBlockingQueue<>(16);
  private int sequence;

  private FixRoundTrip(int orders, int warmUp, Path work) {
    this.orders = orders;
    this.warmUp = warmUp;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Options options = Options.parse(args, Set.of("orders", "warmup-orders", "rounds", "json"));
    int orders = options.intValue("orders", 5_000);
    int warmUp = options.intValue("warmup-orders", 2_000);
    int rounds = options.intValue("rounds", 1);
    boolean json = Boolean.parseBoolean(options.text("json", "false"));
    Path work = Files.createTempDirectory("aftm-fix-round-trip");
    // QuickFIX/J logs every message at INFO: to a file, and only warnings, so the console and
    // the disk stay out of the measurement.
    LogSetup.toFile(work.resolve("logs"), "fix-round-trip", "WARN");
    FixRoundTrip benchmark = new FixRoundTrip(orders, warmUp, work);
    Histogram sim = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    Histogram fix = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    String load = LoadAverage.now();
    try {
      for (int round = 0; round < rounds; round++) {
        if (round % 2 == 0) {
          benchmark.runSim(sim);
          benchmark.runFix(fix, round);
        } else {
          benchmark.runFix(fix, round);
          benchmark.runSim(sim);
        }
      }
    } finally {
      deleteQuietly(work);
    }
    out.printf(
        "Order round trip, placeOrder to Filled, %d orders per mode and round after %d warm-up,"
            + " %d round(s) alternating; simulated broker without delays; JVM %s, %d CPUs,"
            + " threads not pinned; load average at start %s%n",
        orders,
        warmUp,
        rounds,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        load);
    out.println(LatencySummary.header("path"));
    out.println(LatencySummary.row("sim broker directly", sim));
    out.println(LatencySummary.row("FIX -> venue -> sim broker", fix));
    out.printf(
        Locale.ROOT,
        "FIX / direct: p50 %.1fx, p99 %.1fx, p99.9 %.1fx%n",
        ratio(fix, sim, 50),
        ratio(fix, sim, 99),
        ratio(fix, sim, 99.9));
    if (json) {
      out.println(
          String.format(
              Locale.ROOT,
              "{\"event\":\"fix_round_trip\",\"orders\":%d,\"warmup_orders\":%d,\"rounds\":%d,"
                  + "\"cpus\":%d,\"sim_us\":%s,\"fix_us\":%s,\"ratio_p50\":%.2f,\"ratio_p99\":%.2f,"
                  + "\"ratio_p99_9\":%.2f}",
              orders,
              warmUp,
              rounds,
              Runtime.getRuntime().availableProcessors(),
              json(sim),
              json(fix),
              ratio(fix, sim, 50),
              ratio(fix, sim, 99),
              ratio(fix, sim, 99.9)));
    }
  }

  private static SimExchangeApi simBroker() {
    SimExchangeApi broker = new SimExchangeApi(SimSettings.defaults());
    broker.feed(new MarketTick("TXF", Price.parse("22000").units(), 1, System.currentTimeMillis()));
    return broker;
  }

  private void runSim(Histogram histogram) throws InterruptedException {
    try (SimExchangeApi broker = simBroker()) {
      broker.login(SimSettings.DEFAULT_DEMO_ACCOUNT, "demo".toCharArray());
      measure(broker, SimSettings.DEFAULT_ORDER_ACCOUNT, histogram);
    }
  }

  private void runFix(Histogram histogram, int round) throws InterruptedException {
    try (SimExchangeApi broker = simBroker();
        FixVenue venue =
            FixVenue.start(broker, FixVenueSettings.defaults(0, work.resolve("venue-" + round)));
        FixExchangeApi fix =
            new FixExchangeApi(
                FixSettings.of(
                        "127.0.0.1",
                        venue.address().getPort(),
                        FixVenueSettings.DEFAULT_TARGET_COMP_ID,
                        FixVenueSettings.DEFAULT_SENDER_COMP_ID,
                        FixVersion.FIX44,
                        30,
                        work.resolve("store-" + round))
                    .withTimeouts(List.of(1), Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
      if (!fix.login(SimSettings.DEFAULT_DEMO_ACCOUNT, "demo".toCharArray()).success()) {
        throw new IllegalStateException("the FIX logon to the venue was refused");
      }
      // The venue maps the login account to the simulator's order account.
      measure(fix, SimSettings.DEFAULT_DEMO_ACCOUNT, histogram);
    }
  }

  private void measure(ExchangeApi broker, String account, Histogram histogram)
      throws InterruptedException {
    ExchangeListener listener =
        new ExchangeListener() {
          @Override
          public void onOrderEvent(OrderEvent event) {
            if (event instanceof OrderEvent.Filled) {
              filledAt.add(System.nanoTime());
            }
          }
        };
    broker.addListener(listener);
    try {
      for (int i = 0; i < warmUp + orders; i++) {
        OrderRequest order = order(account, i % 2 == 0 ? Side.BUY : Side.SELL);
        long start = System.nanoTime();
        OrderResult result = broker.placeOrder(order);
        if (!result.sent()) {
          throw new IllegalStateException("order refused: " + result);
        }
        Long end = filledAt.poll(FILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (end == null) {
          throw new IllegalStateException("no fill within " + FILL_DEADLINE + " for " + order);
        }
        if (i >= warmUp) {
          histogram.recordValue(end - start);
        }
      }
    } finally {
      broker.removeListener(listener);
    }
  }

  private OrderRequest order(String account, Side side) {
    return new OrderRequest(
        account,
        "TXF",
        side,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.AUTO,
        "",
        DayTrade.NO,
        TimeInForce.IOC,
        "rt-" + (++sequence));
  }

  private static double ratio(Histogram a, Histogram b, double percentile) {
    return (double) a.getValueAtPercentile(percentile) / b.getValueAtPercentile(percentile);
  }

  private static String json(Histogram h) {
    return String.format(
        Locale.ROOT,
        "{\"count\":%d,\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p99_9\":%.1f,\"max\":%.1f}",
        h.getTotalCount(),
        LatencySummary.micros(h.getValueAtPercentile(50)),
        LatencySummary.micros(h.getValueAtPercentile(90)),
        LatencySummary.micros(h.getValueAtPercentile(99)),
        LatencySummary.micros(h.getValueAtPercentile(99.9)),
        LatencySummary.micros(h.getMaxValue()));
  }

  private static void deleteQuietly(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
