package org.aftm.benchmarks;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.aftm.app.cli.LogSetup;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildRole;
import org.aftm.app.wiring.MainProcess;

/**
 * Where start-up time goes: {@code --starts} starts and stops of the whole system through {@link
 * MainProcess#start} (three JVMs, CURVE unless {@code -c AFTM_LINK_SECURITY=none}), the first on a
 * fresh data directory (schema migration), the others on the same one, as a trader's daily start.
 * Per start it prints start to ready, the main process's phases, each child's launch → ready (as
 * the supervisor saw it) and the child's own phases from its log; then the median and maximum of
 * every column over the starts after the first.
 *
 * <pre>
 * java -cp "$CP" org.aftm.benchmarks.StartupTimes [--starts 11] [--keep-data false] [-c KEY=VALUE ...]
 * </pre>
 */
final class StartupTimes {

  private static final String CHILD_LINE_MARK = "running; start-up (ms): ";

  private StartupTimes() {}

  public static void main(String[] args) throws IOException {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Options options = Options.parse(args, Set.of("starts", "keep-data"));
    boolean keepData = Boolean.parseBoolean(options.text("keep-data", "false"));
    int starts = options.intValue("starts", 11);
    Path dataDir = Files.createTempDirectory("aftm-startup-");
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.AFTM_DATA_DIR, dataDir.toString());
    values.put(ConfigKey.ZMQ_TICK_PORT, "0");
    values.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
    values.put(ConfigKey.DLL_GATEWAY_PORT, "0");
    values.put(ConfigKey.AFTM_ORDER_EVENT_PORT, "0");
    values.put(ConfigKey.AFTM_HTTP_PORT, "-1");
    for (String override : options.config()) {
      int equals = override.indexOf('=');
      values.put(ConfigKey.valueOf(override.substring(0, equals)), override.substring(equals + 1));
    }
    AftmConfig config = AftmConfig.defaults().with(values);
    LogSetup.toFile(config.logDir(), "aftm", config.logLevel().name());
    out.printf(
        "Start-up: %d starts, AFTM_LINK_SECURITY=%s, child JVM options '%s'; JVM %s, %d CPUs,"
            + " threads not pinned; load average %s%n",
        starts,
        config.linkSecurity().text(),
        config.childJvmOpts(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now());
    List<Map<String, Long>> rows = new ArrayList<>();
    try {
      for (int i = 0; i < starts; i++) {
        long begin = System.nanoTime();
        Map<String, Long> row = new LinkedHashMap<>();
        try (MainProcess main =
            MainProcess.start(
                config, config.simDemoAccount(), config.simDemoPassword().toCharArray(), false)) {
          row.put("ready", (System.nanoTime() - begin) / 1_000_000);
          main.startupPhasesMillis()
              .forEach(
                  (phase, millis) -> {
                    if (!phase.equals("total")) {
                      row.put(phase, millis);
                    }
                  });
          for (ChildRole role : ChildRole.values()) {
            // The supervisor hears "ready" on the telemetry thread, maybe just after the start.
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (main.supervisor().launchToReady(role).isEmpty()
                && System.nanoTime() < deadline) {
              LockSupport.parkNanos(1_000_000);
            }
            row.put(
                role.id() + " launch→ready",
                main.supervisor().launchToReady(role).map(d -> d.toMillis()).orElse(-1L));
          }
        }
        for (ChildRole role : ChildRole.values()) {
          childPhases(config.logDir().resolve(role.id() + ".log"))
              .forEach((phase, millis) -> row.put(shortName(role) + " " + phase, millis));
        }
        if (i == 0) {
          out.println("columns: " + String.join(" | ", row.keySet()));
        }
        out.printf("start %2d%s: %s%n", i + 1, i == 0 ? " (fresh)" : "", row.values());
        rows.add(row);
      }
      if (rows.size() > 1) {
        List<Map<String, Long>> daily = rows.subList(1, rows.size());
        out.printf("Over the %d starts on an existing data directory (ms):%n", daily.size());
        for (String column : daily.get(0).keySet()) {
          long[] values2 =
              daily.stream().mapToLong(r -> r.getOrDefault(column, -1L)).sorted().toArray();
          out.printf(
              "  %-32s median %6d  max %6d%n",
              column, values2[values2.length / 2], values2[values2.length - 1]);
        }
      }
    } finally {
      if (keepData) {
        out.printf("Data directory and logs kept in %s%n", dataDir);
      } else {
        deleteRecursively(dataDir);
      }
    }
  }

  private static String shortName(ChildRole role) {
    return role == ChildRole.STRATEGY ? "strategy" : "executor";
  }

  /** The phases of the child's last start, from its "running; start-up (ms): " log line. */
  private static Map<String, Long> childPhases(Path log) throws IOException {
    Map<String, Long> phases = new LinkedHashMap<>();
    if (!Files.exists(log)) {
      return phases;
    }
    String last = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.contains(CHILD_LINE_MARK)) {
        last = line;
      }
    }
    if (last == null) {
      return phases;
    }
    for (String part :
        last.substring(last.indexOf(CHILD_LINE_MARK) + CHILD_LINE_MARK.length()).split(", ")) {
      String[] nameValue = part.trim().split(" ");
      phases.put(nameValue[0], Long.parseLong(nameValue[1]));
    }
    return phases;
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
