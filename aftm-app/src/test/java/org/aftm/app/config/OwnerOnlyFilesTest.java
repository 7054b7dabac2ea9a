package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What AFTM creates under its data directory is its owner's only, and a loose data directory is
 * named with its fix, not changed. These run with the test JVM's umask (usually 022), so they show
 * the Java side alone is enough.
 */
class OwnerOnlyFilesTest {

  @TempDir Path dir;

  @BeforeEach
  void posixOnly() {
    assumeTrue(OwnerOnlyFiles.isPosix(dir.getFileSystem()), "POSIX permissions");
  }

  @Test
  void createsMissingDirectoriesAndTheirParentsRwxForTheOwnerOnly() throws IOException {
    Path logs = dir.resolve("data").resolve("logs");

    OwnerOnlyFiles.createDirectories(logs);

    assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
    assertThat(mode(logs)).isEqualTo("rwx------");
  }

  @Test
  void anExistingDirectoryIsLeftAsItIs() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    OwnerOnlyFiles.createDirectories(dir);

    assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void createsFilesRwForTheOwnerOnlyAndRestrictsAnExistingOne() throws IOException {
    Path fresh = dir.resolve("fresh.log");
    Path old = Files.writeString(dir.resolve("old.log"), "kept");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));

    OwnerOnlyFiles.createFile(fresh);
    OwnerOnlyFiles.createFile(old);

    assertThat(mode(fresh)).isEqualTo("rw-------");
    assertThat(mode(old)).isEqualTo("rw-------");
    assertThat(Files.readString(old)).as("an existing file keeps its content").isEqualTo("kept");
  }

  @Test
  void aLooseDataDirectoryIsNamedWithItsModeAndTheFix() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));

    assertThat(DataDirectoryCheck.looseness(data))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains(data.toAbsolutePath().toString(), "rwxr-x---")
                    .endsWith("chmod 700 " + data.toAbsolutePath()));
    assertThat(mode(data)).as("not changed").isEqualTo("rwxr-x---");
  }

  @Test
  void anOwnerOnlyOrMissingDataDirectoryGivesNoWarning() throws IOException {
    Path data = dir.resolve("data");
    assertThat(DataDirectoryCheck.looseness(data)).isEmpty();

    OwnerOnlyFiles.createDirectories(data);

    assertThat(DataDirectoryCheck.looseness(data)).isEmpty();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
