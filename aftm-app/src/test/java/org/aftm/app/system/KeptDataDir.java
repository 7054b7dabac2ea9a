package org.aftm.app.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * For looking into a run afterwards: with {@code -Daftm.it.keep=DIR}, the logs, the database and
 * the simulated broker's journal of a test's data directory are copied there before the temporary
 * directory goes.
 */
final class KeptDataDir {

  private KeptDataDir() {}

  static void copyIfAsked(Path dataDir) throws IOException {
    String keep = System.getProperty("aftm.it.keep");
    if (keep == null || !Files.isDirectory(dataDir)) {
      return;
    }
    Path target = Files.createDirectories(Path.of(keep));
    Path logs = dataDir.resolve("logs");
    if (Files.isDirectory(logs)) {
      try (var files = Files.list(logs)) {
        for (Path file : files.toList()) {
          Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    for (String name : List.of("aftm.db", "aftm.db-wal", BrokerJournalRecords.FILE_NAME)) {
      if (Files.exists(dataDir.resolve(name))) {
        Files.copy(
            dataDir.resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
