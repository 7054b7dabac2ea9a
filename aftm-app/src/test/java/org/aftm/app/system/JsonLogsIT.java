package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.app.session.RunningSession;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9, structured logs, on a real {@code aftm run} with its two children and {@code
 * AFTM_LOG_FORMAT=json}: a condition enters and exits on the simulated broker, the run stops, and
 * then every line of every log file of every process (the main process, the strategy, the order
 * executor and the CLI that added the condition) is one JSON object with the fixed fields; the
 * lines about an order, a signal or a condition carry its ids; and no secret (the password, a link
 * secret key, the HTTP control token, the order-id secret) is in any file of the log directory.
 */
@Timeout(180)
class JsonLogsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> FIELDS =
      List.of("time", "level", "process", "thread", "logger", "message");

  /** Random per run, so that nothing but this run's process can hold it. */
  private final String password = "pw-" + UUID.randomUUID().toString().replace("-", "");

  @TempDir Path baseDir;

  private Path dataDir;
  private AftmRunProcess run;

  @AfterEach
  void stop() throws Exception {
    if (run != null) {
      run.close();
    }
    KeptDataDir.copyIfAsked(dataDir);
  }

  @Test
  void everyLineOfEveryProcessIsJsonWithItsIdsAndNoSecret() throws Exception {
    dataDir = baseDir.resolve("data");
    Map<String, String> config = new LinkedHashMap<>();
    config.put("ZMQ_TICK_PORT", "0");
    config.put("ZMQ_SIGNAL_PORT", "0");
    config.put("DLL_GATEWAY_PORT", "0");
    config.put("AFTM_ORDER_EVENT_PORT", "0");
    config.put("AFTM_HTTP_PORT", "0");
    config.put("AFTM_SIM_TICK_RATE", "50");
    config.put("AFTM_LOG_FORMAT", "json");
    run =
        AftmRunProcess.startWithPasswordOnStdin(
                dataDir,
                config,
                Map.of("AFTM_SIM_DEMO_PASSWORD", "sha256:" + sha256Hex(password)),
                password.getBytes(StandardCharsets.UTF_8),
                List.of())
            .awaitTrading();
    List<ProcessHandle> children = run.children();
    assertThat(children).hasSize(2);

    long conditionId = addCondition();
    await("condition " + conditionId + " entered and exited")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> stateOf(conditionId) == ConditionState.EXITED);
    String token = Files.readString(dataDir.resolve("keys/http.token")).strip();
    refusedHttpRequest();

    // Stopped as an operator stops it, so every process writes out its queued lines.
    run.process.destroy();
    assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).as("aftm run stopped").isTrue();
    await("children stopped")
        .atMost(Duration.ofSeconds(30))
        .until(() -> children.stream().allMatch(AftmRunProcess::exited));

    Path logs = dataDir.resolve("logs");
    Map<String, List<JsonNode>> byFile = new TreeMap<>();
    for (String file : List.of("aftm.log", "strategy.log", "order-executor.log", "cli.log")) {
      byFile.put(file, parsedLines(logs.resolve(file)));
    }
    Set<String> processes = new TreeSet<>();
    byFile.forEach(
        (file, lines) -> {
          assertThat(lines).as(file).isNotEmpty();
          for (JsonNode line : lines) {
            for (String field : FIELDS) {
              assertThat(line.path(field).isTextual())
                  .as("%s: field %s in %s", file, field, line)
                  .isTrue();
            }
            processes.add(line.path("process").asText());
          }
        });
    assertThat(processes).containsExactlyInAnyOrder("main", "strategy", "executor", "cli");
    assertThat(byFile.get("aftm.log")).allMatch(l -> l.path("process").asText().equals("main"));
    assertThat(byFile.get("strategy.log"))
        .allMatch(l -> l.path("process").asText().equals("strategy"));
    assertThat(byFile.get("order-executor.log"))
        .allMatch(l -> l.path("process").asText().equals("executor"));

    String entry = "aftm-" + conditionId + "-entry";
    String exit = "aftm-" + conditionId + "-exit";
    // Main: the order sent, its fills and its end, each with the order's ids.
    List<JsonNode> mainOrderLines =
        byFile.get("aftm.log").stream()
            .filter(l -> messageStartsWith(l, "Order \"", "Fill of order "))
            .toList();
    assertThat(mainOrderLines).as("the main process's order lines").isNotEmpty();
    assertThat(mainOrderLines).allSatisfy(l -> assertIds(l, true));
    assertThat(mainOrderLines)
        .anySatisfy(l -> assertOrder(l, "Fill of order ", entry, conditionId))
        .anySatisfy(l -> assertOrder(l, "Fill of order ", exit, conditionId));
    // Strategy: its signals and the condition's changes.
    List<JsonNode> strategyLines =
        byFile.get("strategy.log").stream()
            .filter(l -> l.path("message").asText().matches("(Signal|Condition) \\d.*"))
            .toList();
    assertThat(strategyLines).allSatisfy(l -> assertIds(l, false));
    assertThat(strategyLines)
        .anySatisfy(l -> assertOrder(l, "Signal " + conditionId + "-entry ", entry, conditionId))
        .anySatisfy(l -> assertOrder(l, "Signal " + conditionId + "-exit ", exit, conditionId))
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText())
                  .startsWith("Condition " + conditionId + " finished");
              assertThat(l.path("condition_id").asText()).isEqualTo(Long.toString(conditionId));
            });
    assertThat(strategyLines)
        .filteredOn(l -> l.path("message").asText().matches("Signal \\d.*"))
        .allSatisfy(l -> assertIds(l, true));
    // Executor: each order it placed.
    List<JsonNode> executorLines =
        byFile.get("order-executor.log").stream()
            .filter(l -> l.path("message").asText().contains(" for signal "))
            .toList();
    assertThat(executorLines).allSatisfy(l -> assertIds(l, true));
    assertThat(executorLines)
        .anySatisfy(l -> assertOrder(l, "Order ", entry, conditionId))
        .anySatisfy(l -> assertOrder(l, "Order ", exit, conditionId));

    // A child's raw output: its warnings on stderr are JSON lines too.
    for (String file : List.of("strategy.out", "order-executor.out")) {
      for (String line : Files.readAllLines(logs.resolve(file), StandardCharsets.UTF_8)) {
        assertThat(line)
            .as("%s: a text log line", file)
            .doesNotMatch("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*");
        if (line.startsWith("{")) {
          assertThat(JSON.readTree(line).path("process").asText()).as(line).isNotEmpty();
        }
      }
    }

    List<String> secrets = secrets(token);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.toList()) {
        String content = Files.readString(file, StandardCharsets.ISO_8859_1);
        for (String secret : secrets) {
          assertThat(content).as("%s holds a secret", file.getFileName()).doesNotContain(secret);
        }
      }
    }
  }

  /**
   * The ids of a line about an order, a signal or a condition: the instrument, the condition
   * (unless the order is no condition's) and, when {@code withOrder}, the client order id.
   */
  private static void assertIds(JsonNode line, boolean withOrder) {
    assertThat(line.path("item_code").asText()).as("item_code in %s", line).isEqualTo("TXF");
    assertThat(line.path("condition_id").isTextual() || (withOrder && isFlatten(line)))
        .as("condition_id in %s", line)
        .isTrue();
    assertThat(line.path("client_order_id").isTextual() || !withOrder)
        .as("client_order_id in %s", line)
        .isTrue();
  }

  private static boolean isFlatten(JsonNode line) {
    return !line.path("client_order_id").asText().startsWith("aftm-");
  }

  private static void assertOrder(
      JsonNode line, String messageStart, String clientOrderId, long conditionId) {
    assertThat(line.path("message").asText()).startsWith(messageStart);
    assertThat(line.path("client_order_id").asText()).isEqualTo(clientOrderId);
    assertThat(line.path("condition_id").asText()).isEqualTo(Long.toString(conditionId));
    assertThat(line.path("item_code").asText()).isEqualTo("TXF");
  }

  private static boolean messageStartsWith(JsonNode line, String... starts) {
    String message = line.path("message").asText();
    return Stream.of(starts).anyMatch(message::startsWith);
  }

  /** Every line of the file, each of which must be one JSON object. */
  private static List<JsonNode> parsedLines(Path file) throws IOException {
    List<JsonNode> parsed = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError(file.getFileName() + ":" + number + " is not JSON: " + line, e);
      }
      assertThat(node.isObject()).as("%s:%s %s", file.getFileName(), number, line).isTrue();
      parsed.add(node);
    }
    return parsed;
  }

  /**
   * The password, each link secret key, the HTTP token and the order-id secret (as hex and Base64),
   * as text that must appear in no log.
   */
  private List<String> secrets(String token) throws IOException {
    List<String> secrets = new ArrayList<>(List.of(password, token));
    Path keys = dataDir.resolve("keys");
    try (Stream<Path> files = Files.list(keys)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".key")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("secret ")) {
            secrets.add(line.substring("secret ".length()).strip());
          }
        }
      }
    }
    byte[] orderIdSecret = Files.readAllBytes(keys.resolve("order-id.secret"));
    secrets.add(HexFormat.of().formatHex(orderIdSecret));
    secrets.add(HexFormat.of().withUpperCase().formatHex(orderIdSecret));
    secrets.add(Base64.getEncoder().encodeToString(orderIdSecret));
    assertThat(secrets)
        .as("the password, the token, the link keys, the order-id secret")
        .hasSizeGreaterThanOrEqualTo(8);
    return secrets;
  }

  /** A control request with a wrong token: refused, and the refusal logged. */
  private void refusedHttpRequest() throws IOException, InterruptedException {
    int port =
        RunningSession.find(dataDir).map(RunningSession::httpPort).orElseThrow(AssertionError::new);
    HttpResponse<String> refused =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/trading/halt?reason=json%20logs"))
                    .header("Authorization", "Bearer not-the-token")
                    .POST(BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
  }

  /**
   * {@code aftm condition add --json} as its own process, in JSON too: a buy with a high trigger
   * (the limit-up price) triggers on the next tick, trails it, enters on a 2-point turn and exits 3
   * points either way.
   */
  private long addCondition() throws IOException, InterruptedException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "org.aftm.app.cli.AftmCli",
            "condition",
            "add",
            "--data-dir",
            dataDir.toString(),
            "-c",
            "AFTM_LOG_FORMAT=json",
            "--action",
            "buy",
            "--trigger",
            "24200",
            "--turning",
            "2",
            "--quantity",
            "1",
            "--take-profit",
            "3",
            "--stop-loss",
            "3",
            "--following",
            "--json");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("AFTM_"));
    Process cli = builder.start();
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.exitValue()).as("condition add: %s", out).isZero();
    JsonNode added = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().get());
    assertThat(added.path("active_in_strategy").asBoolean()).as(out).isTrue();
    return added.path("id").asLong();
  }

  private ConditionState stateOf(long conditionId) {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      return new SqlitePersistenceAdapter(database)
          .loadAllConditions().stream()
              .filter(c -> c.id() == conditionId)
              .findFirst()
              .map(ConditionSnapshot::state)
              .orElseThrow();
    }
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
