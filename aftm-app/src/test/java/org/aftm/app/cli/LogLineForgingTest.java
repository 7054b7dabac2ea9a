package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The log file's pattern keeps one event on one line even when a message carries a line break that
 * no call site escaped, while a stack trace still prints on its own lines.
 */
@ExtendWith(RestoresLogging.class)
class LogLineForgingTest {

  @TempDir Path logDir;

  @Test
  void aLineBreakInAMessageIsWrittenEscapedAndAStackTraceStillPrints() throws IOException {
    LogSetup.toFile(logDir, "forge", "INFO");
    org.slf4j.Logger log = LoggerFactory.getLogger(LogLineForgingTest.class);

    log.warn(
        "unknown operation {}",
        "x\r\n2026-12-01 10:00:00.000 INFO  [main] o.a.a.w.MainProcess: forged");
    log.error("with a trace", new IllegalStateException("boom"));
    log.info("last line");

    Path file = logDir.resolve("forge.log");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(file) && Files.readString(file).contains("last line"));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines)
        .filteredOn(line -> line.contains("unknown operation"))
        .singleElement()
        .asString()
        .endsWith(
            "unknown operation x\\r\\n2026-12-01 10:00:00.000 INFO  [main] o.a.a.w.MainProcess: forged");
    assertThat(lines).noneMatch(line -> line.startsWith("2026-12-01 10:00:00.000"));
    assertThat(lines).anyMatch(line -> line.equals("java.lang.IllegalStateException: boom"));
    assertThat(lines)
        .anyMatch(line -> line.startsWith("\tat org.aftm.app.cli.LogLineForgingTest."));
  }
}
