package org.aftm.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database (accounts, orders, positions), the logs and the keys, so
 * nobody but its owner should be able to list or enter it. AFTM creates it rwx------; one that
 * exists with looser permissions is the operator's choice (a shared mount, a group set up on
 * purpose), so it is named in a warning with the fix, not changed.
 */
public final class DataDirectoryCheck {

  private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryCheck.class);

  private static final Set<PosixFilePermission> OTHERS_AND_GROUP =
      EnumSet.complementOf(EnumSet.copyOf(OwnerOnlyFiles.DIRECTORY));

  private DataDirectoryCheck() {}

  /**
   * The warning for {@code dataDirectory}, or empty when it is owner-only, missing, or on a file
   * system without POSIX permissions.
   */
  public static Optional<String> looseness(Path dataDirectory) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    if (!OwnerOnlyFiles.isPosix(directory.getFileSystem()) || !Files.isDirectory(directory)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(directory);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    if (permissions.stream().noneMatch(OTHERS_AND_GROUP::contains)) {
      return Optional.empty();
    }
    return Optional.of(
        "Data directory "
            + directory
            + " has permissions "
            + PosixFilePermissions.toString(permissions)
            + ": other users may read what AFTM keeps there (database, logs, keys); make it"
            + " owner-only with: chmod 700 "
            + directory);
  }

  /** Logs {@link #looseness} once as a warning; call once at the start of the main process. */
  public static void warnIfLoose(Path dataDirectory) {
    looseness(dataDirectory).ifPresent(LOG::warn);
  }
}
