package org.aftm.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load average, printed with every result: on a shared 2-core box it explains the
 * noise.
 */
final class LoadAverage {

  private LoadAverage() {}

  /** {@code /proc/loadavg} as is, or "unknown" off Linux. */
  static String now() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
