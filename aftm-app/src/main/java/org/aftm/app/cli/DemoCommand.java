package org.aftm.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.aftm.adapter.out.persistence.DataDirectoryLock;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.OwnerOnlyFiles;
import org.aftm.app.process.ChildRole;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.app.wiring.MainProcess;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.domain.condition.ConditionSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm demo}: the whole system on the simulated broker, for a newcomer's first run. Three
 * processes, demo login, TXF, demo conditions placed around the price so they trade within seconds,
 * a status line a second, a summary at the end.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole system on the simulated broker for a while and show what it does.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "How long to trade (default ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(
      names = "--fixed-ports",
      description =
          "Use the configured ports (5555-5558) instead of free ones, e.g. to point a client at the gateway.")
  boolean fixedPorts;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (durationSeconds <= 0) {
      throw new BadInputException("--duration must be > 0");
    }
    AftmConfig base = configOptions.load();
    Path demoDir = base.dataDir().resolve("demo");
    Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
    overrides.put(ConfigKey.AFTM_DATA_DIR, demoDir.toString());
    if (!fixedPorts) {
      overrides.put(ConfigKey.ZMQ_TICK_PORT, "0");
      overrides.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
      overrides.put(ConfigKey.DLL_GATEWAY_PORT, "0");
      overrides.put(ConfigKey.AFTM_HTTP_PORT, "0");
    }
    AftmConfig config = base.with(overrides);
    if (config.simDemoPasswordIsDigest()) {
      throw new BadInputException(
          "aftm demo logs in with the demo password itself, but AFTM_SIM_DEMO_PASSWORD is given as"
              + " its sha256: digest; unset it for the demo, or use aftm run --password-stdin");
    }
    // Before the fresh database: a second demo must not delete the running one's.
    DataDirectoryLock.requireFree(demoDir);
    freshDemoDatabase(demoDir);
    LogSetup.toFile(config, "aftm", LogSetup.MAIN_PROCESS);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "AFTM demo: simulated broker, login '%s' / password '%s' (AFTM_SIM_DEMO_ACCOUNT / AFTM_SIM_DEMO_PASSWORD),"
            + " %s, %d s.%nLogs: %s%n",
        config.simDemoAccount(),
        config.simDemoPassword(),
        config.itemCode(),
        durationSeconds,
        config.logDir().toAbsolutePath());
    out.flush();

    ShutdownSignal shutdown = ShutdownSignal.install();
    long start = System.nanoTime();
    try (MainProcess main =
        MainProcess.start(
            config, config.simDemoAccount(), config.simDemoPassword().toCharArray())) {
      DemoConditions demo =
          new DemoConditions(main.conditions(), main.conditions(), main.itemCode());
      out.printf(
          "Started in %d ms: gateway %s, ticks %s%s; strategy pid %d, order executor pid %d.%n",
          (System.nanoTime() - start) / 1_000_000,
          main.gatewayEndpoint(),
          main.tickEndpoint(),
          main.statusPageUrl().map(url -> ", status " + url).orElse(""),
          main.supervisor().status().get(ChildRole.STRATEGY).pid(),
          main.supervisor().status().get(ChildRole.ORDER_EXECUTOR).pid());
      out.flush();
      long tradingStart = System.nanoTime();
      for (int second = 1; second <= durationSeconds; second++) {
        demo.rearm(main.lastPriceUnits());
        boolean stop =
            shutdown.await(
                Math.max(0, tradingStart + second * 1_000_000_000L - System.nanoTime())
                    / 1_000_000);
        Histogram interval = main.metrics().sampleInterval();
        out.println(StatusLine.format(main, second, interval));
        out.flush();
        if (stop) {
          out.println("Stopping early on request.");
          break;
        }
      }
      main.metrics().sampleInterval();
      summary(out, main, demo);
    }
    out.println("Demo finished; all processes stopped.");
    out.flush();
    return 0;
  }

  private static void summary(PrintWriter out, MainProcess main, DemoConditions demo) {
    Histogram total = main.metrics().total();
    long signals = main.childTotals(ChildRole.STRATEGY).map(r -> r.counter("signals")).orElse(0L);
    out.println();
    out.println("Summary");
    out.printf("  ticks published     %d%n", main.ticksPublished());
    out.printf("  conditions placed   %d%n", demo.placed());
    out.printf("  signals             %d%n", signals);
    out.printf(
        "  orders sent         %d (refused %d, duplicates answered %d)%n",
        main.metrics().sent(), main.metrics().refused(), main.metrics().duplicates());
    out.printf("  fills               %d%n", main.fills());
    out.printf("  %s%n", StatusLine.positionText(main.positions()));
    if (total.getTotalCount() > 0) {
      boolean ms = StatusLine.inMillis(total.getMaxValue());
      out.printf(
          "  tick→order latency  p50 %s  p99 %s  p99.9 %s  max %s  (n=%d; tick published → accepted by the broker)%n",
          StatusLine.duration(total.getValueAtPercentile(50), ms),
          StatusLine.duration(total.getValueAtPercentile(99), ms),
          StatusLine.duration(total.getValueAtPercentile(99.9), ms),
          StatusLine.duration(total.getMaxValue(), ms),
          total.getTotalCount());
    }
    out.flush();
    trades(out, main);
    openConditions(out, main.conditions().listConditions(false));
    out.flush();
  }

  /**
   * The day's fills as {@code aftm trades} shows them. The order journal writes fills behind the
   * gateway, so one that filled in the last instant may not be listed yet; the count above has it.
   */
  private static void trades(PrintWriter out, MainProcess main) {
    TradeHistoryUseCase history = main.tradeHistory();
    LocalDate today = TradesView.today(history);
    out.println();
    new TradesView(ZoneId.systemDefault()).printTrades(out, today, history.trades(today), false);
  }

  /** Conditions not finished when the demo stops, with their state: what the next run resumes. */
  static void openConditions(PrintWriter out, List<ConditionSnapshot> conditions) {
    out.println();
    if (conditions.isEmpty()) {
      out.println("No condition left open.");
      return;
    }
    out.printf("Conditions left open (%d):%n", conditions.size());
    for (ConditionSnapshot c : conditions) {
      out.printf(
          Locale.ROOT,
          "  #%d %s %s %d @ trigger %s: %s%s%n",
          c.id(),
          c.spec().itemCode(),
          c.spec().action().wire(),
          c.spec().quantity(),
          c.triggerPrice(),
          c.state().text(),
          c.entryFilled() > 0
              ? ", " + c.entryFilled() + " lot(s) entered at " + PriceText.average(c.entryPrice())
              : "");
    }
  }

  /**
   * The demo keeps its own database and simulated broker and starts them afresh each run, so old
   * conditions and positions don't pile up.
   */
  private static void freshDemoDatabase(Path demoDir) throws IOException {
    OwnerOnlyFiles.createDirectories(demoDir);
    for (String name :
        new String[] {"aftm.db", "aftm.db-wal", "aftm.db-shm", "sim-broker.journal"}) {
      Files.deleteIfExists(demoDir.resolve(name));
    }
    // Condition ids start at 1 again in a fresh database, so the order ids do too: a new order-id
    // secret keeps a proof seen in an earlier demo from fitting them.
    Files.deleteIfExists(LinkKeyStore.directory(demoDir).resolve(LinkKeyStore.ORDER_ID_SECRET));
  }
}
