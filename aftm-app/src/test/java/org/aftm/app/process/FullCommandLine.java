package org.aftm.app.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's whole command line, for tests: {@code ProcessHandle.Info} reads at most 4 KB of
 * {@code /proc/<pid>/cmdline} and gives nothing for a longer one (a child started on a test
 * classpath of many jars has one), so a check on it would pass vacuously or find nothing.
 */
public final class FullCommandLine {

  private FullCommandLine() {}

  /** The arguments joined by spaces; {@code ProcessHandle.Info}'s where /proc is not readable. */
  public static String of(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
            .replace('\0', ' ')
            .strip();
      }
    } catch (IOException e) {
      // gone meanwhile: fall back
    }
    return process.info().commandLine().orElse("");
  }
}
