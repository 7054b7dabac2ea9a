package org.aftm.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The machine a bench ran on, reported with every figure: on a shared 2-core box the load and the
 * pinning explain most of the noise.
 *
 * @param cpus {@link Runtime#availableProcessors()} (follows the CPU affinity)
 * @param cpusOnline the CPUs the kernel has online ({@code /sys/devices/system/cpu/online}), or
 *     "unknown"
 * @param cpusAllowed this process's {@code Cpus_allowed_list} ({@code /proc/self/status}), or
 *     "unknown"
 * @param pinned whether this process (and so its children, which inherit the mask) may run on fewer
 *     CPUs than are online; false when every CPU is allowed or when unknown
 * @param loadAverage {@code /proc/loadavg} as is, or "unknown"
 * @param jvm the JVM's version and vendor
 */
public record Machine(
    int cpus,
    String cpusOnline,
    String cpusAllowed,
    boolean pinned,
    String loadAverage,
    String jvm) {

  private static final String UNKNOWN = "unknown";

  /** The machine as it is now. */
  public static Machine now() {
    String online = read(Path.of("/sys/devices/system/cpu/online")).orElse(UNKNOWN);
    String allowed =
        read(Path.of("/proc/self/status"))
            .flatMap(
                status ->
                    status
                        .lines()
                        .filter(line -> line.startsWith("Cpus_allowed_list:"))
                        .map(line -> line.substring(line.indexOf(':') + 1).strip())
                        .findFirst())
            .orElse(UNKNOWN);
    boolean pinned =
        !online.equals(UNKNOWN) && !allowed.equals(UNKNOWN) && cpuCount(allowed) < cpuCount(online);
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        online,
        allowed,
        pinned,
        currentLoadAverage(),
        System.getProperty("java.vm.name")
            + " "
            + Runtime.version()
            + " ("
            + System.getProperty("java.vendor")
            + ")");
  }

  /** {@code /proc/loadavg} as is, or "unknown" off Linux. */
  public static String currentLoadAverage() {
    return read(Path.of("/proc/loadavg")).orElse(UNKNOWN);
  }

  /** How many CPUs a kernel CPU list such as {@code 0-3,5,7-8} names. */
  static int cpuCount(String list) {
    int count = 0;
    for (String part : list.split(",")) {
      String range = part.strip();
      if (range.isEmpty()) {
        continue;
      }
      int dash = range.indexOf('-');
      count +=
          dash < 0
              ? 1
              : Integer.parseInt(range.substring(dash + 1))
                  - Integer.parseInt(range.substring(0, dash))
                  + 1;
    }
    return count;
  }

  /** For the JSON result. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("cpus", cpus);
    map.put("cpus_online", cpusOnline);
    map.put("cpus_allowed", cpusAllowed);
    map.put("pinned", pinned);
    map.put("load_average", loadAverage);
    map.put("jvm", jvm);
    return map;
  }

  /** For the JSON result: this machine at the start, with the load average at {@code end}. */
  Map<String, Object> toMap(Machine end) {
    Map<String, Object> map = toMap();
    map.put("load_average_end", end.loadAverage);
    return map;
  }

  /**
   * The report's machine and configuration lines, the same in every bench: this machine at the
   * start, the load average at {@code end}.
   */
  String reportLines(Machine end, Object configuration) {
    return String.format(
        "Machine: %d CPUs (allowed %s of %s), pinned %s, %s; load average %s at the start, %s at"
            + " the end.%nConfiguration: %s%n",
        cpus, cpusAllowed, cpusOnline, pinned, jvm, loadAverage, end.loadAverage, configuration);
  }

  private static Optional<String> read(Path path) {
    try {
      return Optional.of(Files.readString(path).strip());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
