package org.aftm.app.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
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
 * Owner-only permissions for what AFTM writes under its data directory: directories {@code
 * rwx------}, files {@code rw-------}, given at creation (not changed afterwards, which would leave
 * a moment in which others could open the file). The umask can only take permissions away, so these
 * hold whatever it is. On a file system without POSIX permissions (Windows) nothing is set and
 * nothing is said.
 *
 * <p>Stateless and thread-safe.
 */
public final class OwnerOnlyFiles {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

  /** rw------- */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /** rwx------ */
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  public static boolean isPosix(FileSystem fileSystem) {
    return fileSystem.supportedFileAttributeViews().contains("posix");
  }

  /** The attribute that creates a file rw-------, or none where POSIX permissions do not exist. */
  public static FileAttribute<?>[] fileAttributes(Path path) {
    return isPosix(path.getFileSystem())
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /**
   * Creates {@code directory} and its missing parents, each rwx------. An existing directory is
   * left as it is: it is the operator's ({@link DataDirectoryCheck} warns about a loose one).
   */
  public static void createDirectories(Path directory) throws IOException {
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
   * Creates {@code file} empty and rw------- if it is missing, so whoever opens it next (logback, a
   * child's output redirect, SQLite) finds it with these permissions and keeps them; an existing
   * file is made rw------- ({@link #restrict}).
   */
  public static void createFile(Path file) throws IOException {
    try {
      Files.createFile(file, fileAttributes(file));
    } catch (FileAlreadyExistsException e) {
      restrict(file);
    }
  }

  /**
   * Makes an existing regular file rw-------: for files left by a version that did not restrict
   * them, and for files a library creates with the umask's permissions (logback's rolled logs). A
   * file this user cannot change is left as it is, with a warning: the caller can still use it.
   */
  public static void restrict(Path file) {
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
