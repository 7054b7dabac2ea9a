package org.aftm.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which children write their class archive at exit: those the supervisor gives the longer stop
 * grace.
 */
class ChildClassArchiveTest {

  @TempDir Path directory;
  @TempDir Path logDir;

  @Test
  void aChildDumpsAtExitUntilItExitedAndOthersNever() throws IOException {
    ChildClassArchive archive =
        new ChildClassArchive(
            directory,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            System.getProperty("java.class.path"));
    ChildLauncher launcher = TestChildren.launcher(SleepingChild.class, logDir);
    Process dumping = launcher.launch(ChildRole.STRATEGY, List.of());
    Process plain = launcher.launch(ChildRole.ORDER_EXECUTOR, List.of());
    try {
      archive.launched(
          ChildRole.STRATEGY,
          dumping,
          List.of("-XX:ArchiveClassesAtExit=" + directory.resolve("x.jsa")));
      archive.launched(ChildRole.ORDER_EXECUTOR, plain, List.of());

      assertThat(archive.dumpsAtExit(dumping)).isTrue();
      assertThat(archive.dumpsAtExit(plain)).isFalse();

      dumping.destroy();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(archive.dumpsAtExit(dumping)).isFalse());
    } finally {
      dumping.destroyForcibly();
      plain.destroyForcibly();
      archive.close();
    }
  }
}
