package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.LogFormat;
import org.aftm.app.process.ChildRole;
import org.aftm.application.log.LogScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AFTM_LOG_FORMAT=json}: each event one line holding one JSON object with the fixed fields,
 * the ids of the scope it was logged in, a stack trace as a field, and any text a client sent, line
 * breaks and control characters included, inside its string.
 */
@ExtendWith(RestoresLogging.class)
class JsonLogLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void everyEventIsOneJsonLineWithTheFixedFieldsTheScopesIdsAndItsStackTrace() throws IOException {
    List<JsonNode> lines =
        logAndRead(
            log -> {
              log.info("outside any scope");
              try (LogScope order = LogScope.order("aftm-7-entry", "TXF")) {
                log.info("placing");
                try (LogScope inner = LogScope.order("flat-1", "MXF")) {
                  log.info("a flatten order inside");
                }
                log.warn("placing again");
              }
              log.error("with a trace", new IllegalStateException("boom"));
            });

    assertThat(lines).hasSize(6);
    for (JsonNode line : lines) {
      assertThat(line.fieldNames())
          .toIterable()
          .as("%s", line)
          .contains("time", "level", "process", "thread", "logger", "message")
          .doesNotContain("@version", "level_value", "HOSTNAME");
      assertThat(line.path("process").asText()).isEqualTo("strategy");
      assertThat(line.path("logger").asText()).isEqualTo(JsonLogLinesTest.class.getName());
      assertThat(line.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
      assertThat(OffsetDateTime.parse(line.path("time").asText())).isNotNull();
    }
    assertThat(lines.get(0).has(LogScope.CLIENT_ORDER_ID)).isFalse();
    assertThat(lines.get(1).path("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(1).path("client_order_id").asText()).isEqualTo("aftm-7-entry");
    assertThat(lines.get(1).path("item_code").asText()).isEqualTo("TXF");
    assertThat(lines.get(1).path("condition_id").asText()).isEqualTo("7");
    // The inner order is no condition's: the outer condition id is not lent to it.
    assertThat(lines.get(2).path("client_order_id").asText()).isEqualTo("flat-1");
    assertThat(lines.get(2).path("item_code").asText()).isEqualTo("MXF");
    assertThat(lines.get(2).has("condition_id")).isFalse();
    // Closing the inner scope put the outer one's ids back.
    assertThat(lines.get(3).path("client_order_id").asText()).isEqualTo("aftm-7-entry");
    assertThat(lines.get(3).path("condition_id").asText()).isEqualTo("7");
    assertThat(lines.get(3).path("level").asText()).isEqualTo("WARN");
    // And closing the outer one left nothing behind on this (reused) thread.
    assertThat(lines.get(4).has("client_order_id")).isFalse();
    assertThat(lines.get(4).has("item_code")).isFalse();
    assertThat(lines.get(4).has("condition_id")).isFalse();
    assertThat(lines.get(4).path("level").asText()).isEqualTo("ERROR");
    assertThat(lines.get(4).path("stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("\tat org.aftm.app.cli.JsonLogLinesTest");
  }

  @Test
  void clientTextWithLineBreaksControlCharactersAndQuotesStaysInsideOneLine() throws IOException {
    String hostile =
        "x\r\n{\"time\":\"2026-12-01T10:00:00\",\"level\":\"INFO\",\"message\":\"forged\"}\n"
            + "bell\u0007 nul\u0000 esc\u001b[31m tab\t quote\" backslash\\ ls\u2028 nel\u0085 end";

    List<JsonNode> lines =
        logAndRead(
            log -> {
              log.warn("unknown operation {}", hostile);
            });

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("message").asText()).isEqualTo("unknown operation " + hostile);
    // Not even a Unicode line or next-line separator, which some readers split lines at.
    String raw = Files.readString(dataDir.resolve("logs").resolve("strategy.log"));
    assertThat(raw).doesNotContain("\u2028", "\u0085", "\u0000", "\u001b");
    assertThat(raw.chars().filter(c -> c == '\n').count()).isEqualTo(2);
  }

  @Test
  void textStaysTheLinePatternItWas() throws IOException {
    AftmConfig config =
        AftmConfig.defaults().with(java.util.Map.of(ConfigKey.AFTM_DATA_DIR, dataDir.toString()));
    assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
    LogSetup.toFile(config, "plain", LogSetup.MAIN_PROCESS);
    Logger log = LoggerFactory.getLogger(JsonLogLinesTest.class);
    try (LogScope scope = LogScope.order("aftm-7-entry", "TXF")) {
      log.info("a plain line");
    }
    log.info("last line");

    Path file = config.logDir().resolve("plain.log");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(file) && Files.readString(file).contains("last line"));
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).get(0))
        .matches(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+\\]"
                + " org\\.aftm\\.app\\.cli\\.JsonLogLinesTest: a plain line");
  }

  @Test
  void aChildTakesTheFormatFromItsConfigurationFlagsAndNamesItsProcess() {
    ChildArguments arguments =
        ChildArguments.parse(
            new String[] {
              "child",
              "order-executor",
              "--parent-pid",
              "1",
              "--telemetry",
              "tcp://127.0.0.1:1",
              "-c",
              "AFTM_LOG_FORMAT=json"
            });

    assertThat(arguments.loadConfig().logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(ChildRun.logProcess(ChildRole.STRATEGY)).isEqualTo("strategy");
    assertThat(ChildRun.logProcess(ChildRole.ORDER_EXECUTOR)).isEqualTo("executor");
  }

  private interface Logging {
    void to(Logger log);
  }

  /** Logs in JSON to a fresh file, then a last line, and returns every line parsed. */
  private List<JsonNode> logAndRead(Logging logging) throws IOException {
    AftmConfig config =
        AftmConfig.defaults()
            .with(
                java.util.Map.of(
                    ConfigKey.AFTM_DATA_DIR,
                    dataDir.toString(),
                    ConfigKey.AFTM_LOG_FORMAT,
                    "json"));
    LogSetup.toFile(config, "strategy", "strategy");
    Logger log = LoggerFactory.getLogger(JsonLogLinesTest.class);
    logging.to(log);
    log.info("last line");
    Path file = config.logDir().resolve("strategy.log");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(file) && Files.readString(file).contains("last line"));
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      parsed.add(JSON.readTree(line));
    }
    return parsed;
  }
}
