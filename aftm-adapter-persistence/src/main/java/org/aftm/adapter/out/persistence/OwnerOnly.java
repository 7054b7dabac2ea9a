package org.aftm.adapter.out.persistence;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner-only permissions for what AFTM keeps in its data directory: the database holds accounts,
 * orders and positions, so nobody but its owner should read it. On a file system without POSIX
 * permissions (Windows) nothing is changed.
 */
final class OwnerOnly {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);

  /** rw------- */
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /** rwx------ */
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private OwnerOnly() {}

  static boolean isPosix(FileSystem fileSystem) {
    return fileSystem.supportedFileAttributeViews().contains("posix");
  }

  /** The attribute that creates a file rw-------, or none where POSIX permissions do not exist. */
  static FileAttribute<?>[] fileAttributes(Path path) {
    return isPosix(path.getFileSystem())
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /** Creates {@code directory} and missing parents; the ones it creates are rwx------. */
  static void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    if (isPosix(directory.getFileSystem())) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } else {
      Files.createDirectories(directory);
    }
  }

  /**
   * Makes an existing file rw-------. A file this user does not own (so cannot change) is left as
   * it is, with a warning: the caller can still use it.
   */
  static void restrict(Path file) {
    if (!isPosix(file.getFileSystem()) || !Files.isRegularFile(file)) {
      return;
    }
    try {
      if (!Files.getPosixFilePermissions(file).equals(FILE)) {
        Files.setPosixFilePermissions(file, FILE);
      }
    } catch (IOException | SecurityException e) {
      LOG.warn("Could not make {} readable and writable by its owner only: {}", file, e.toString());
    }
  }
}
