package org.aftm.adapter.out.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A child JVM for {@link DataDirectoryLockTest}: another process on the same data directory. Its
 * answers are the stdout lines starting with {@value #PREFIX}.
 *
 * <ul>
 *   <li>{@code hold <dir>}: takes the lock, says {@code held <pid>}, keeps it until stdin closes.
 *   <li>{@code probe <dir>}: says {@code isHeld <true|false>}, then tries the lock and says {@code
 *       acquired} or {@code refused <message>}.
 * </ul>
 */
public final class LockProbe {

  static final String PREFIX = "PROBE ";

  private LockProbe() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    if (args[0].equals("hold")) {
      try (DataDirectoryLock lock = DataDirectoryLock.acquire(dir)) {
        say("held " + ProcessHandle.current().pid());
        InputStream in = System.in;
        while (in.read() >= 0) {
          // until the test closes our stdin
        }
      }
      return;
    }
    say("isHeld " + DataDirectoryLock.isHeld(dir));
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(dir)) {
      say("acquired");
    } catch (DataDirectoryInUseException e) {
      say("refused " + e.getMessage());
    }
  }

  private static void say(String line) {
    System.out.println(PREFIX + line);
    System.out.flush();
  }
}
