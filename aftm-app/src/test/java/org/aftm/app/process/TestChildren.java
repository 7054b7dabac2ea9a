package org.aftm.app.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Launches the tiny test mains of this package as real child JVMs, on the test classpath. */
final class TestChildren {

  /** Small and quick to start: these children do almost nothing. */
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private TestChildren() {}

  static ChildLauncher launcher(Class<?> mainClass, Path logDir) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ChildLauncher(
        java, System.getProperty("java.class.path"), mainClass.getName(), JVM_OPTIONS, logDir);
  }

  /**
   * What the launcher captured of a role's stdout and stderr; empty before the child wrote
   * anything.
   */
  static String output(Path logDir, ChildRole role) {
    Path file = logDir.resolve(role.id() + ".out");
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
