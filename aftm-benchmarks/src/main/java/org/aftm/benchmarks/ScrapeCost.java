package org.aftm.benchmarks;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.aftm.app.cli.LogSetup;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildRole;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * What a scrape of {@code /metrics} costs while the system trades: the whole system through {@link
 * MainProcess#start} (three JVMs, the simulated market's quotes, conditions re-armed near the last
 * price every second so that orders and fills flow), then {@code --scrapes} scrapes every {@code
 * --every-ms}, first in process ({@code PrometheusMetrics.scrape()}: time and bytes allocated by
 * the scraping thread, from {@code ThreadMXBean}), then the same number over HTTP on loopback (time
 * to the whole body; bytes allocated by the {@code status-http} thread). Prints median, p99 and
 * maximum of each, and the exposition's size.
 *
 * <pre>
 * java -cp "$CP" org.aftm.benchmarks.ScrapeCost [--scrapes 200] [--every-ms 50] [--warm-up 50]
 *     [--exposition FILE] [-c KEY=VALUE ...]
 * </pre>
 */
final class ScrapeCost {

  private ScrapeCost() {}

  public static void main(String[] args) throws Exception {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Options options = Options.parse(args, Set.of("scrapes", "every-ms", "warm-up", "exposition"));
    int scrapes = options.intValue("scrapes", 200);
    int everyMs = options.intValue("every-ms", 50);
    int warmUp = options.intValue("warm-up", 50);
    Path dataDir = Files.createTempDirectory("aftm-scrape-");
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.AFTM_DATA_DIR, dataDir.toString());
    values.put(ConfigKey.ZMQ_TICK_PORT, "0");
    values.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
    values.put(ConfigKey.DLL_GATEWAY_PORT, "0");
    values.put(ConfigKey.AFTM_ORDER_EVENT_PORT, "0");
    values.put(ConfigKey.AFTM_HTTP_PORT, "0");
    for (String override : options.config()) {
      int equals = override.indexOf('=');
      values.put(ConfigKey.valueOf(override.substring(0, equals)), override.substring(equals + 1));
    }
    AftmConfig config = AftmConfig.defaults().with(values);
    LogSetup.toFile(config.logDir(), "aftm", config.logLevel().name());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    out.printf(
        "Scrape cost: %d scrapes every %d ms after %d warm-up; JVM %s, %d CPUs, threads not"
            + " pinned; load average %s%n",
        scrapes,
        everyMs,
        warmUp,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now());
    try (MainProcess main =
        MainProcess.start(
            config, config.simDemoAccount(), config.simDemoPassword().toCharArray(), true)) {
      Trader trader = new Trader(main);
      trader.start();
      try {
        long ordersBefore = main.metrics().sent();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (main.metrics().sent() == ordersBefore && System.nanoTime() < deadline) {
          LockSupport.parkNanos(100_000_000L);
        }
        String text = "";
        for (int i = 0; i < warmUp; i++) {
          text = main.prometheusMetrics().scrape();
        }
        long ticks = main.ticksPublished();
        long orders = main.metrics().sent();
        Histogram inProcessNanos = new Histogram(3);
        Histogram inProcessBytes = new Histogram(3);
        long self = Thread.currentThread().getId();
        for (int i = 0; i < scrapes; i++) {
          long allocated = threads.getThreadAllocatedBytes(self);
          long begin = System.nanoTime();
          text = main.prometheusMetrics().scrape();
          long took = System.nanoTime() - begin;
          inProcessBytes.recordValue(threads.getThreadAllocatedBytes(self) - allocated);
          inProcessNanos.recordValue(took);
          LockSupport.parkNanos(everyMs * 1_000_000L);
        }
        report(out, "in process", inProcessNanos, inProcessBytes);

        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + main.httpPort().orElseThrow() + "/metrics");
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        for (int i = 0; i < warmUp; i++) {
          http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        long server = serverThreadId();
        Histogram httpNanos = new Histogram(3);
        Histogram httpBytes = new Histogram(3);
        for (int i = 0; i < scrapes; i++) {
          long allocated = threads.getThreadAllocatedBytes(server);
          long begin = System.nanoTime();
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          long took = System.nanoTime() - begin;
          if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
          }
          httpNanos.recordValue(took);
          httpBytes.recordValue(Math.max(0, threads.getThreadAllocatedBytes(server) - allocated));
          LockSupport.parkNanos(everyMs * 1_000_000L);
        }
        report(out, "over HTTP", httpNanos, httpBytes);
        String exposition = options.text("exposition", "");
        if (!exposition.isEmpty()) {
          Files.writeString(Path.of(exposition), text);
        }
        long samples = text.lines().filter(l -> !l.startsWith("#")).count();
        out.printf(
            "Exposition: %d bytes, %d samples; while measuring: %d ticks published, %d orders"
                + " accepted, %d fills; executor pid %d; load average %s%n",
            text.getBytes(StandardCharsets.UTF_8).length,
            samples,
            main.ticksPublished() - ticks,
            main.metrics().sent() - orders,
            main.fills(),
            main.supervisor().status().get(ChildRole.ORDER_EXECUTOR).pid(),
            LoadAverage.now());
      } finally {
        trader.stop();
      }
    }
  }

  private static void report(PrintWriter out, String how, Histogram nanos, Histogram bytes) {
    out.printf(
        "Scrape %s: time median %.1f µs, p99 %.1f µs, max %.1f µs; allocated median %d B,"
            + " p99 %d B, max %d B (%d scrapes)%n",
        how,
        nanos.getValueAtPercentile(50) / 1_000.0,
        nanos.getValueAtPercentile(99) / 1_000.0,
        nanos.getMaxValue() / 1_000.0,
        bytes.getValueAtPercentile(50),
        bytes.getValueAtPercentile(99),
        bytes.getMaxValue(),
        nanos.getTotalCount());
  }

  private static long serverThreadId() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("status-http"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no status-http thread"))
        .getId();
  }

  /**
   * Keeps orders flowing: every second, when no condition is active, two near the last price (as
   * {@code aftm demo} does), alternating buys and sells.
   */
  private static final class Trader {
    private final MainProcess main;
    private final Thread thread;
    private volatile boolean running = true;
    private Side next = Side.BUY;

    Trader(MainProcess main) {
      this.main = main;
      this.thread = new Thread(this::run, "scrape-cost-trader");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void run() {
      while (running) {
        long last = main.lastPriceUnits();
        if (last > 0 && main.conditions().listConditions(false).isEmpty()) {
          Side side = next;
          next = side.opposite();
          long offset = Price.ofPoints(3).units();
          Price trigger = Price.ofUnits(side == Side.BUY ? last - offset : last + offset);
          main.conditions()
              .registerCondition(
                  new ConditionSpec(
                      main.itemCode(),
                      side,
                      trigger,
                      Price.ofPoints(3),
                      1,
                      Price.ofPoints(10),
                      Price.ofPoints(10),
                      true));
        }
        LockSupport.parkNanos(1_000_000_000L);
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }
  }
}
