package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept copy of sqlite-jdbc's native library: made once, owner-only, checked before use. */
class SqliteNativeLibraryTest {

  @TempDir Path dataDir;

  @Test
  void theMainProcessExtractsOneOwnerOnlyCopyThatLaterStartsReuse() throws IOException {
    Optional<Path> made = SqliteNativeLibrary.keptCopy(dataDir, true);
    // Built and tested from jars: the driver's library is in its jar.
    assertThat(made).isPresent();
    Path copy = made.get();
    assertThat(copy.getParent()).isEqualTo(dataDir.resolve(SqliteNativeLibrary.DIRECTORY));
    assertThat(Files.size(copy)).isPositive();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent())))
        .isEqualTo("rwx------");
    FileTime written = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(copy, written);

    assertThat(SqliteNativeLibrary.keptCopy(dataDir, false)).contains(copy);
    assertThat(SqliteNativeLibrary.keptCopy(dataDir, true)).contains(copy);
    assertThat(Files.getLastModifiedTime(copy)).as("reused, not written again").isEqualTo(written);
    try (var files = Files.list(copy.getParent())) {
      assertThat(files).containsExactly(copy);
    }
  }

  @Test
  void aDamagedCopyIsNeverUsedAndTheMainProcessReplacesIt() throws IOException {
    Path copy = SqliteNativeLibrary.keptCopy(dataDir, true).orElseThrow();
    byte[] whole = Files.readAllBytes(copy);
    byte[] changed = whole.clone();
    changed[changed.length / 2] ^= 0x5a;
    Files.write(copy, changed);
    assertThat(SqliteNativeLibrary.keptCopy(dataDir, false)).as("a child").isEmpty();

    Files.write(copy, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThat(SqliteNativeLibrary.keptCopy(dataDir, false)).as("truncated").isEmpty();

    assertThat(SqliteNativeLibrary.keptCopy(dataDir, true)).contains(copy);
    assertThat(Files.readAllBytes(copy)).isEqualTo(whole);
  }

  @Test
  void aChildWithoutACopyLeavesTheDriverToItself() throws IOException {
    assertThat(SqliteNativeLibrary.keptCopy(dataDir, false)).isEmpty();
    assertThat(dataDir.resolve(SqliteNativeLibrary.DIRECTORY)).doesNotExist();
  }
}
