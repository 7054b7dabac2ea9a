package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The log file rolls by size and day, and old files go: an unattended run cannot fill the disk. */
@ExtendWith(RestoresLogging.class)
class LogSetupTest {

  @TempDir Path logDir;

  @Test
  void theStandardLimitsAre20MbPerFile14DaysAnd500MbInAll() {
    assertThat(LogSetup.Rolling.STANDARD.maxFileSize().getSize()).isEqualTo(20L * 1024 * 1024);
    assertThat(LogSetup.Rolling.STANDARD.maxHistoryDays()).isEqualTo(14);
    assertThat(LogSetup.Rolling.STANDARD.totalSizeCap().getSize()).isEqualTo(500L * 1024 * 1024);
  }

  @Test
  void theFileAppenderRollsBySizeAndDayAndKeepsTwoWeeks() {
    LogSetup.toFile(logDir, "unit", "INFO");

    RollingFileAppender<ILoggingEvent> file = rollingAppender("unit");
    assertThat(file.isStarted()).isTrue();
    assertThat(file.getFile()).isEqualTo(logDir.resolve("unit.log").toString());
    assertThat(file.getRollingPolicy()).isInstanceOf(SizeAndTimeBasedRollingPolicy.class);
    SizeAndTimeBasedRollingPolicy<?> policy =
        (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
    assertThat(policy.isStarted()).isTrue();
    assertThat(policy.getMaxHistory()).isEqualTo(14);
    assertThat(policy.getFileNamePattern())
        .isEqualTo(logDir.resolve("unit.%d{yyyy-MM-dd}.%i.log.gz").toString());
  }

  @Test
  void aFileOverTheSizeLimitIsRolledAndCompressed() throws IOException {
    LogSetup.toFile(
        logDir,
        "tiny",
        "INFO",
        new LogSetup.Rolling(FileSize.valueOf("2KB"), 14, FileSize.valueOf("1MB")));
    org.slf4j.Logger log = LoggerFactory.getLogger(LogSetupTest.class);
    String line = "x".repeat(100);

    for (int i = 0; i < 100; i++) {
      log.info("{} {}", i, line);
    }

    await("a rolled, gzipped file")
        .atMost(Duration.ofSeconds(20))
        .until(() -> rolled("tiny").findAny().isPresent());
    assertThat(Files.size(logDir.resolve("tiny.log")))
        .as("the active file started over")
        .isLessThan(10_000);
  }

  @Test
  void theLogDirectoryTheActiveFileAndRolledFilesAreTheOwnersOnly() throws IOException {
    assumeTrue(logDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path logs = logDir.resolve("data").resolve("logs");
    LogSetup.toFile(
        logs,
        "tiny",
        "INFO",
        new LogSetup.Rolling(FileSize.valueOf("2KB"), 14, FileSize.valueOf("1MB")));
    assertThat(mode(logs.getParent())).as("the data directory it created").isEqualTo("rwx------");
    assertThat(mode(logs)).isEqualTo("rwx------");
    assertThat(mode(logs.resolve("tiny.log"))).isEqualTo("rw-------");
    org.slf4j.Logger log = LoggerFactory.getLogger(LogSetupTest.class);

    for (int i = 0; i < 100; i++) {
      log.info("{} {}", i, "y".repeat(100));
    }

    // This JVM's umask (usually 022) would give logback's files rw-r--r--.
    await("rolled, gzipped files, all rw-------")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<Path> rolled = rolledIn(logs, "tiny");
              return !rolled.isEmpty()
                  && rolled.stream().allMatch(p -> mode(p).equals("rw-------"));
            });
    assertThat(mode(logs.resolve("tiny.log"))).as("the new active file").isEqualTo("rw-------");
  }

  private static List<Path> rolledIn(Path dir, String name) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches(name + "\\..*\\.log\\.gz"))
          .toList();
    }
  }

  private static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (IOException e) {
      return "gone: " + e;
    }
  }

  private Stream<Path> rolled(String name) throws IOException {
    try (Stream<Path> files = Files.list(logDir)) {
      return files
          .filter(
              p ->
                  p.getFileName()
                      .toString()
                      .matches(name + "\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log\\.gz"))
          .toList()
          .stream();
    }
  }

  @SuppressWarnings("unchecked")
  private RollingFileAppender<ILoggingEvent> rollingAppender(String name) {
    Appender<ILoggingEvent> front = RestoresLogging.root().getAppender(LogSetup.APPENDER);
    assertThat(front).isInstanceOf(AsyncAppender.class);
    Appender<ILoggingEvent> file =
        ((AsyncAppender) front).getAppender(LogSetup.APPENDER + "-" + name);
    assertThat(file).isInstanceOf(RollingFileAppender.class);
    return (RollingFileAppender<ILoggingEvent>) file;
  }
}
