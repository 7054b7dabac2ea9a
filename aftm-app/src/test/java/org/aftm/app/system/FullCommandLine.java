package org.aftm.app.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's whole command line. {@code ProcessHandle.Info#commandLine()} is cut at about 4 KB on
 * Linux, which a child's class path alone fills: whatever follows it (the child's role, its flags)
 * would be missed, so {@code /proc/<pid>/cmdline} is read where there is one.
 */
final class FullCommandLine {

  private FullCommandLine() {}

  static String of(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
            .replace('\0', ' ')
            .strip();
      } catch (IOException e) {
        // Gone meanwhile: what the JDK knows, below.
      }
    }
    return process.info().commandLine().orElse("");
  }
}
