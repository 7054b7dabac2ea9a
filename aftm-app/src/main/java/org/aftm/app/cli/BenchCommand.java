package org.aftm.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aftm.app.bench.BenchReport;
import org.aftm.app.bench.BenchResult;
import org.aftm.app.bench.BenchSystem;
import org.aftm.app.bench.ColdBench;
import org.aftm.app.bench.LatencyBench;
import org.aftm.app.bench.ThroughputBench;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm bench latency|throughput|cold}: measures the real system on this machine and writes
 * the figures, histograms and a Markdown report into a folder of their own.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure the system on this machine: tick-to-order latency against the bare transport,"
            + " the strategy process's tick throughput, and a cold start.",
    subcommands = {
      BenchCommand.Latency.class,
      BenchCommand.Throughput.class,
      BenchCommand.Cold.class
    })
final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every bench takes: output, smoke mode, configuration. */
  abstract static class Kind implements Callable<Integer> {

    @Option(
        names = "--json",
        description = "Print the figures as one JSON object on the last line.")
    boolean json;

    @Option(
        names = "--quick",
        description = "A smoke run of a few seconds (as in CI); explicit options still win.")
    boolean quick;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "Folder for the report, the histograms and the system's logs (default"
                + " <data-dir>/bench/<kind>-<time>).")
    Path out;

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    abstract String kind();

    /** Checks the options (before anything starts) and returns the run. */
    abstract Run prepare();

    /** One bench run on a configuration, printing progress. */
    interface Run {
      BenchResult run(AftmConfig config, PrintWriter progress);
    }

    @Override
    public Integer call() throws IOException {
      Run run;
      try {
        run = prepare();
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
      AftmConfig base = configOptions.load();
      if (base.simDemoPasswordIsDigest()) {
        throw new BadInputException(
            "aftm bench logs in to the simulated broker with the demo password itself, but"
                + " AFTM_SIM_DEMO_PASSWORD is given as its sha256: digest; unset it for the bench");
      }
      Path folder = out != null ? out : freshFolder(base.dataDir().resolve("bench"), kind());
      Map<ConfigKey, String> explicit = new EnumMap<>(ConfigKey.class);
      configOptions.values.forEach(
          (key, value) -> ConfigKey.find(key).ifPresent(k -> explicit.put(k, value)));
      explicit.remove(ConfigKey.AFTM_DATA_DIR);
      AftmConfig config = BenchSystem.configFor(base, folder.resolve("system"), explicit);
      Files.createDirectories(folder);
      LogSetup.toFile(config, "aftm", LogSetup.MAIN_PROCESS);
      PrintWriter console = spec.commandLine().getOut();
      console.printf("Bench folder: %s%n", folder.toAbsolutePath());
      console.flush();
      BenchResult result = run.run(config, console);
      result.figures().put("folder", folder.toAbsolutePath().toString());
      BenchReport.write(folder, result, commandLine());
      console.println();
      console.print(result.table());
      console.printf("Report, histograms and logs: %s%n", folder.toAbsolutePath());
      if (json) {
        console.println(result.json());
      }
      console.flush();
      return 0;
    }

    /** The command as typed, with the values of secret keys masked. */
    private String commandLine() {
      List<String> args = new ArrayList<>(List.of("aftm", "bench", kind()));
      List<String> original = spec.commandLine().getParseResult().originalArgs();
      for (int i = 0; i < original.size(); i++) {
        String arg = original.get(i);
        boolean flag = arg.equals("-c") || arg.equals("--config");
        if (flag && i + 1 < original.size()) {
          args.add(arg);
          args.add(masked(original.get(++i)));
        } else if (arg.startsWith("--config=")) {
          args.add("--config=" + masked(arg.substring("--config=".length())));
        } else if (arg.startsWith("-c") && !arg.startsWith("--")) {
          args.add("-c" + masked(arg.substring(2)));
        } else {
          args.add(arg);
        }
      }
      return String.join(" ", args);
    }

    private static String masked(String keyValue) {
      int equals = keyValue.indexOf('=');
      String key = equals < 0 ? keyValue : keyValue.substring(0, equals);
      return ConfigKey.find(key).map(ConfigKey::isShareable).orElse(true) ? keyValue : key + "=***";
    }

    private static Path freshFolder(Path parent, String kind) {
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      Path folder = parent.resolve(kind + "-" + stamp);
      for (int n = 2; Files.exists(folder); n++) {
        folder = parent.resolve(kind + "-" + stamp + "-" + n);
      }
      return folder;
    }
  }

  @Command(
      name = "latency",
      mixinStandardHelpOptions = true,
      description =
          "Tick published → order accepted by the broker through the three processes, then through"
              + " a bare JeroMQ chain of the same hops at the same rate, in one run.")
  static final class Latency extends Kind {

    @Option(
        names = "--rate",
        paramLabel = "TICKS_PER_S",
        description = "Offered tick rate; two of every three ticks cause an order (default 200).")
    Integer rate;

    @Option(
        names = "--orders",
        paramLabel = "N",
        description = "Measured orders (default 2000; --quick 200).")
    Integer orders;

    @Option(
        names = "--warmup-orders",
        paramLabel = "N",
        description = "Orders offered first and discarded (default 800; --quick 100).")
    Integer warmupOrders;

    @Override
    String kind() {
      return "latency";
    }

    @Override
    Run prepare() {
      LatencyBench.Settings settings =
          new LatencyBench.Settings(
              rate != null ? rate : 200,
              orders != null ? orders : quick ? 200 : 2_000,
              warmupOrders != null ? warmupOrders : quick ? 100 : 800);
      return (config, progress) -> LatencyBench.run(config, settings, progress);
    }
  }

  @Command(
      name = "throughput",
      mixinStandardHelpOptions = true,
      description =
          "The highest tick rate the strategy process sustains with every tick processed and no"
              + " gap, stepping the offered rate up.")
  static final class Throughput extends Kind {

    @Option(
        names = "--conditions",
        paramLabel = "N",
        description = "Conditions loaded in the strategy, none ever firing (default 10).")
    int conditions = 10;

    @Option(
        names = "--rates",
        split = ",",
        paramLabel = "TICKS_PER_S",
        description =
            "Offered rates in order (default 50000,100000,...,6400000 doubling; --quick 20000).")
    long[] rates;

    @Option(
        names = "--step-ms",
        paramLabel = "MS",
        description = "How long each rate is offered (default 3000; --quick 1000).")
    Integer stepMillis;

    @Option(
        names = "--warmup-ms",
        paramLabel = "MS",
        description = "Unmeasured warm-up at the first rate (default 2000; --quick 500).")
    Integer warmupMillis;

    @Option(
        names = "--max-lag-ms",
        paramLabel = "MS",
        description =
            "A tick older than this when the strategy takes it fails its step (sets"
                + " AFTM_TICK_STALE_MS; default ${DEFAULT-VALUE}).")
    int maxLagMillis = 100;

    @Override
    String kind() {
      return "throughput";
    }

    @Override
    Run prepare() {
      ThroughputBench.Settings settings =
          new ThroughputBench.Settings(
              conditions,
              rates != null
                  ? rates
                  : quick ? new long[] {20_000} : ThroughputBench.Settings.doublingRates(),
              java.time.Duration.ofMillis(stepMillis != null ? stepMillis : quick ? 1_000 : 3_000),
              java.time.Duration.ofMillis(
                  warmupMillis != null ? warmupMillis : quick ? 500 : 2_000),
              maxLagMillis);
      return (config, progress) -> ThroughputBench.run(config, settings, progress);
    }
  }

  @Command(
      name = "cold",
      mixinStandardHelpOptions = true,
      description =
          "Start to ready, the first orders after ready one by one, and warm orders for"
              + " comparison, in one run.")
  static final class Cold extends Kind {

    @Option(
        names = "--first-orders",
        paramLabel = "N",
        description = "Orders measured one by one after ready (default ${DEFAULT-VALUE}).")
    int firstOrders = 10;

    @Option(
        names = "--rate",
        paramLabel = "TICKS_PER_S",
        description = "The warm phase's offered tick rate (default ${DEFAULT-VALUE}).")
    int rate = 200;

    @Option(
        names = "--warmup-orders",
        paramLabel = "N",
        description = "Warm phase: orders offered and discarded (default 800; --quick 100).")
    Integer warmupOrders;

    @Option(
        names = "--warm-orders",
        paramLabel = "N",
        description = "Warm phase: orders measured (default 400; --quick 100).")
    Integer warmOrders;

    @Override
    String kind() {
      return "cold";
    }

    @Override
    Run prepare() {
      ColdBench.Settings settings =
          new ColdBench.Settings(
              firstOrders,
              rate,
              warmupOrders != null ? warmupOrders : quick ? 100 : 800,
              warmOrders != null ? warmOrders : quick ? 100 : 400);
      return (config, progress) -> ColdBench.run(config, settings, progress);
    }
  }
}
