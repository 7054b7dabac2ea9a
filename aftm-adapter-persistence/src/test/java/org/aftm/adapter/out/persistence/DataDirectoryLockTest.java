package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

  private static final long PID = ProcessHandle.current().pid();

  @TempDir Path tempDir;

  @Test
  void acquireCreatesTheDirectoryAndAnOwnerOnlyLockFileNamingThisProcess() throws IOException {
    Path dataDir = tempDir.resolve("new/data");

    try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir)) {
      assertThat(lock.file()).isEqualTo(dataDir.resolve(DataDirectoryLock.FILE_NAME));
      assertThat(Files.readString(lock.file(), StandardCharsets.US_ASCII).strip())
          .isEqualTo(String.valueOf(PID));
      if (OwnerOnly.isPosix(dataDir.getFileSystem())) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock.file())))
            .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
            .isEqualTo("rwx------");
      }
    }
    assertThat(dataDir.resolve(DataDirectoryLock.FILE_NAME)).exists(); // never deleted
  }

  @Test
  void aSecondAcquireFailsNamingTheDirectoryAndTheHolderUntilTheFirstIsClosed() {
    Path dataDir = tempDir.resolve("data");
    DataDirectoryLock first = DataDirectoryLock.acquire(dataDir);
    try {
      assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining(dataDir.toAbsolutePath().toString())
          .hasMessageContaining("pid " + PID)
          .satisfies(e -> assertThat(((DataDirectoryInUseException) e).holderPid()).hasValue(PID));
      // Another spelling of the same directory is the same directory.
      assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir.resolve("../data")))
          .isInstanceOf(DataDirectoryInUseException.class);
    } finally {
      first.close();
      first.close(); // idempotent
    }
    try (DataDirectoryLock again = DataDirectoryLock.acquire(dataDir)) {
      assertThat(again.dataDirectory()).isEqualTo(dataDir.toAbsolutePath());
    }
  }

  @Test
  void isHeldWhileHeldAndNotAfterCloseAndChangesNothing() {
    Path dataDir = tempDir.resolve("data");
    assertThat(DataDirectoryLock.isHeld(dataDir)).isFalse();
    assertThat(dataDir).doesNotExist(); // asking creates nothing

    DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
    assertThat(DataDirectoryLock.isHeld(dataDir)).isTrue();
    assertThat(DataDirectoryLock.isHeld(dataDir)).isTrue(); // asking again keeps the lock
    assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir))
        .isInstanceOf(DataDirectoryInUseException.class);
    lock.close();

    assertThat(DataDirectoryLock.isHeld(dataDir)).isFalse();
  }

  @Test
  @DisabledOnOs(OS.WINDOWS) // the holder's pid is read from a locked file, which Windows refuses
  void anotherProcessHoldingTheLockKeepsThisOneOutUntilItEnds() throws Exception {
    Path dataDir = tempDir.resolve("data");
    Process holder = launch("hold", dataDir);
    try {
      String held = nextAnswer(holder);
      assertThat(held).startsWith("held ");
      long holderPid = Long.parseLong(held.substring("held ".length()));

      assertThat(DataDirectoryLock.isHeld(dataDir)).isTrue();
      assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining(dataDir.toAbsolutePath().toString())
          .hasMessageContaining("another AFTM process (pid " + holderPid + ")");
      assertThat(DataDirectoryLock.isHeld(dataDir)).isTrue(); // our probes left it alone
    } finally {
      holder.getOutputStream().close(); // the holder lets go when its stdin closes
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(DataDirectoryLock.isHeld(dataDir)).isFalse();
    DataDirectoryLock.acquire(dataDir).close();
  }

  @Test
  @DisabledOnOs(OS.WINDOWS) // the holder's pid is read from a locked file, which Windows refuses
  void requireFreeRefusesEarlyNamingTheDirectoryAndTheHoldersPid() throws Exception {
    Path dataDir = tempDir.resolve("data");
    DataDirectoryLock.requireFree(dataDir); // no lock file yet: free
    assertThat(dataDir).doesNotExist(); // and nothing created
    Process holder = launch("hold", dataDir);
    try {
      long holderPid = Long.parseLong(nextAnswer(holder).substring("held ".length()));

      assertThatThrownBy(() -> DataDirectoryLock.requireFree(dataDir))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining(dataDir.toAbsolutePath().toString())
          .hasMessageContaining("pid " + holderPid)
          .satisfies(
              e -> assertThat(((DataDirectoryInUseException) e).holderPid()).hasValue(holderPid));
      assertThat(DataDirectoryLock.isHeld(dataDir)).as("the probe left it alone").isTrue();
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    DataDirectoryLock.requireFree(dataDir);
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir)) {
      assertThatThrownBy(() -> DataDirectoryLock.requireFree(dataDir))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining("this process (pid " + PID + ")");
      assertThat(lock.takenOverFrom()).as("the holder unlocked cleanly").isEmpty();
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aLockLeftByAKilledHolderIsTakenOverNamingTheDeadPid() throws Exception {
    Path dataDir = tempDir.resolve("data");
    Process holder = launch("hold", dataDir);
    long holderPid;
    try {
      holderPid = Long.parseLong(nextAnswer(holder).substring("held ".length()));
    } finally {
      holder.destroyForcibly(); // kill -9: no close, the pid stays in the file
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(dataDir.resolve(DataDirectoryLock.FILE_NAME)).strip())
        .isEqualTo(Long.toString(holderPid));
    assertThat(DataDirectoryLock.isHeld(dataDir)).as("the OS released it").isFalse();

    try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir)) {
      assertThat(lock.takenOverFrom()).hasValue(holderPid);
      assertThat(Files.readString(dataDir.resolve(DataDirectoryLock.FILE_NAME)).strip())
          .isEqualTo(Long.toString(PID));
    }
    try (DataDirectoryLock again = DataDirectoryLock.acquire(dataDir)) {
      assertThat(again.takenOverFrom()).as("the previous holder unlocked cleanly").isEmpty();
    }
  }

  @Test
  void thisProcessHoldingTheLockKeepsAnotherOneOutAndItsOwnProbesDoNotRelease() throws Exception {
    Path dataDir = tempDir.resolve("data");
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir)) {
      // On POSIX, closing any channel of the file would drop this JVM's lock: isHeld must not.
      for (int i = 0; i < 3; i++) {
        assertThat(DataDirectoryLock.isHeld(dataDir)).isTrue();
      }

      List<String> answers = answers(launch("probe", dataDir));

      assertThat(answers).hasSize(2);
      assertThat(answers.get(0)).isEqualTo("isHeld true");
      assertThat(answers.get(1))
          .startsWith("refused ")
          .contains(dataDir.toAbsolutePath().toString());
    }
    assertThat(answers(launch("probe", dataDir))).containsExactly("isHeld false", "acquired");
  }

  private static Process launch(String mode, Path dataDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx32m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            LockProbe.class.getName(),
            mode,
            dataDir.toAbsolutePath().toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** The child's next answer line; blocks until it writes one (or fails the test if it exits). */
  private static String nextAnswer(Process child) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(LockProbe.PREFIX)) {
        return line.substring(LockProbe.PREFIX.length());
      }
    }
    throw new AssertionError("the child exited without answering");
  }

  /** All answers of a child that ends by itself. */
  private static List<String> answers(Process child) throws Exception {
    List<String> answers = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(LockProbe.PREFIX)) {
          answers.add(line.substring(LockProbe.PREFIX.length()));
        }
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return answers;
  }
}
