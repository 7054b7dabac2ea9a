package org.aftm.adapter.out.fix.venue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** The venue's directories rwx------ and its files rw-------, where the file system has modes. */
final class OwnerOnly {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  static void directory(Path directory) throws IOException {
    Files.createDirectories(directory);
    if (POSIX) {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Every regular file directly in {@code directory}. */
  static void files(Path directory) throws IOException {
    if (!POSIX || !Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
      }
    }
  }
}
