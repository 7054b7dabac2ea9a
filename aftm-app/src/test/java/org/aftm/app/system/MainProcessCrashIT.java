package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.session.RunningSession;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm run} killed with {@code kill -9} while it holds a position and has an entry on its
 * way to the broker, then started again on the same data directory: its children must die with it,
 * and after the restart the conditions ({@code aftm condition list --json}), the portfolio ({@code
 * aftm positions --json}) and the broker (its own journal) must agree lot for lot, or the
 * disagreement must be what the restart reported. A SIGTERM then stops it with exit code 0 and no
 * child left behind.
 */
@Timeout(240)
class MainProcessCrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fills come a second after the accept, so an entry is on its way long enough to be caught. */
  private static final Map<String, String> CONFIG = config();

  @TempDir Path dataDir;
  private final List<AftmRunProcess> runs = new ArrayList<>();
  private final List<String> cliFailures = new ArrayList<>();

  private static Map<String, String> config() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("ZMQ_TICK_PORT", "0");
    config.put("ZMQ_SIGNAL_PORT", "0");
    config.put("DLL_GATEWAY_PORT", "0");
    config.put("AFTM_ORDER_EVENT_PORT", "0");
    config.put("AFTM_HTTP_PORT", "0");
    config.put("AFTM_SIM_TICK_RATE", "50");
    config.put("AFTM_SIM_FILL_DELAY_MS", "1000");
    return config;
  }

  @AfterEach
  void killLeftovers() throws Exception {
    Exception first = null;
    for (AftmRunProcess run : runs) {
      try {
        run.close();
      } catch (Exception | AssertionError e) {
        first = first == null ? new Exception("cleaning up aftm run failed", e) : first;
      }
    }
    KeptDataDir.copyIfAsked(dataDir);
    if (first != null) {
      throw first;
    }
  }

  @Test
  void afterKillMinus9TheRestartAgreesWithTheBrokerOrReportsWhereNot() throws Exception {
    AftmRunProcess first = start();
    List<ProcessHandle> firstChildren = first.children();
    assertThat(firstChildren).hasSize(2);

    // Conditions that enter within a tick or two of a 2-point turn, and stay in: take profit and
    // stop loss far away.
    addCondition("buy", 3);
    addCondition("sell", 1);
    // Kill when one condition holds lots and another's entry is at the broker, not yet filled.
    await("a position open and another entry on its way")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              List<ConditionSnapshot> stored = storedConditions();
              boolean entered =
                  stored.stream()
                      .anyMatch(c -> c.state() == ConditionState.ENTERED && c.entryFilled() > 0);
              boolean ordered = stored.stream().anyMatch(c -> c.state() == ConditionState.ORDERED);
              boolean pending =
                  stored.stream()
                      .anyMatch(
                          c ->
                              c.state() == ConditionState.NEW
                                  || c.state() == ConditionState.TRIGGERED
                                  || c.state() == ConditionState.ORDERED);
              if (entered && !pending) {
                addCondition(stored.size() % 2 == 0 ? "buy" : "sell", 1 + stored.size() % 3);
              }
              return entered && ordered;
            });

    first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no close
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    await("children of the killed main process gone")
        .atMost(Duration.ofSeconds(30))
        .until(() -> firstChildren.stream().noneMatch(ProcessHandle::isAlive));
    List<ConditionSnapshot> atKill = storedConditions();

    AftmRunProcess second = start();
    List<ProcessHandle> secondChildren = second.children();
    assertThat(secondChildren).hasSize(2);

    // Settled: no entry on its way, and conditions, portfolio and broker unchanged between polls.
    AtomicReference<View> last = new AtomicReference<>();
    View settled =
        await("conditions, portfolio and broker settled after the restart")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                this::readView,
                view -> {
                  View before = last.getAndSet(view);
                  return view != null && !view.orderOut() && view.equals(before);
                });
    System.out.printf(
        "MainProcessCrashIT: at kill %s; after restart conditions %s, portfolio %s, broker %s;"
            + " CLI failures while settling %s%n",
        atKill.stream().map(c -> c.id() + " " + c.state().text() + " " + c.entryFilled()).toList(),
        settled.conditions(),
        settled.portfolio(),
        settled.broker(),
        cliFailures);

    // The portfolio is the broker's, lot for lot.
    assertThat(withoutFlat(settled.portfolio())).isEqualTo(withoutFlat(settled.broker()));
    // The conditions account for the broker's lots; where they do not, the restart said so.
    Map<String, Integer> byConditions = settled.byConditions();
    List<String> reported = reconciliationAtStart();
    TreeSet<String> items = new TreeSet<>(settled.broker().keySet());
    items.addAll(byConditions.keySet());
    for (String item : items) {
      int broker = settled.broker().getOrDefault(item, 0);
      int conditions = byConditions.getOrDefault(item, 0);
      if (broker != conditions) {
        String difference =
            "conditions " + item + ": broker " + lots(broker) + ", AFTM " + lots(conditions);
        assertThat(reported).as("reconciliation_at_start").contains(difference + " by conditions");
        assertThat(Files.readString(dataDir.resolve("logs").resolve("aftm.log")))
            .contains("Reconciliation difference: " + difference + " by conditions");
      }
    }
    assertThat(settled.conditions())
        .allSatisfy(
            c -> {
              int open = c.path("entry_filled").asInt() - c.path("exit_filled").asInt();
              if (open > 0) {
                assertThat(c.path("state").asText()).isIn("entered", "exiting");
              }
            });
    // Lots were held across the crash, so the comparison above compared something: every entry
    // fills in full here, and the buys outweigh the sells.
    assertThat(withoutFlat(settled.broker())).isNotEmpty();
    // The orders re-sent after the restart reached the broker once each.
    assertThat(BrokerJournalRecords.read(dataDir).placementsById())
        .isNotEmpty()
        .allSatisfy((id, count) -> assertThat(count).as(id).isOne());

    second.process.destroy(); // SIGTERM
    assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process.exitValue()).as("output: %s", second.output).isZero();
    await("children of the stopped main process gone")
        .atMost(Duration.ofSeconds(30))
        .until(() -> second.seenChildren().stream().noneMatch(ProcessHandle::isAlive));
  }

  private AftmRunProcess start() throws IOException {
    AftmRunProcess run = AftmRunProcess.start(dataDir, CONFIG);
    runs.add(run);
    return run.awaitTrading();
  }

  /**
   * {@code aftm condition add} from another terminal: a buy with a high trigger or a sell with a
   * low one (the simulated market's limit-up and limit-down prices) triggers on the next tick,
   * trails it, and enters on a 2-point turn.
   */
  private void addCondition(String action, int quantity) {
    String trigger = action.equals("buy") ? "24200" : "19800";
    CliResult result =
        cli(
            "condition",
            "add",
            "--data-dir",
            dataDir.toString(),
            "--action",
            action,
            "--trigger",
            trigger,
            "--turning",
            "2",
            "--quantity",
            Integer.toString(quantity),
            "--take-profit",
            "500",
            "--stop-loss",
            "500",
            "--following",
            "--json");
    assertThat(result.code).as("condition add: %s", result).isZero();
    assertThat(result.out).contains("\"active_in_strategy\":true");
  }

  /** The conditions as stored, read directly: fast enough to catch an entry on its way. */
  private List<ConditionSnapshot> storedConditions() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      return new SqlitePersistenceAdapter(database).loadAllConditions();
    }
  }

  private List<String> reconciliationAtStart() throws IOException, InterruptedException {
    int port =
        RunningSession.find(dataDir).map(RunningSession::httpPort).orElseThrow(AssertionError::new);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isIn(200, 503);
    List<String> differences = new ArrayList<>();
    JSON.readTree(response.body())
        .path("reconciliation_at_start")
        .forEach(
            d ->
                differences.add(
                    d.path("kind").asText()
                        + " "
                        + d.path("subject").asText()
                        + ": broker "
                        + d.path("broker").asText()
                        + ", AFTM "
                        + d.path("aftm").asText()));
    return differences;
  }

  /** Net lots as the reconciliation shows them. */
  private static String lots(int net) {
    return net == 0 ? "flat" : (net > 0 ? "+" : "") + net + " lots";
  }

  private static Map<String, Integer> withoutFlat(Map<String, Integer> positions) {
    Map<String, Integer> open = new TreeMap<>(positions);
    open.values().removeIf(q -> q == 0);
    return open;
  }

  record CliResult(int code, String out, String err) {}

  private static CliResult cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AftmCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new CliResult(code, out.toString(), err.toString());
  }

  private static List<JsonNode> jsonLines(String text) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        try {
          nodes.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException("not a JSON line: " + line, e);
        }
      }
    }
    return nodes;
  }

  /** The conditions and the portfolio as the CLI shows them, and the broker's own journal. */
  /**
   * The conditions and the portfolio as the CLI shows them, and the broker's own journal; {@code
   * null} when a command failed (the positions command gives a busy main process one short try),
   * with the failure kept for the report.
   */
  private View readView() {
    CliResult conditions =
        cli("condition", "list", "--all", "--json", "--data-dir", dataDir.toString());
    CliResult positions = cli("positions", "--json", "--data-dir", dataDir.toString());
    for (CliResult result : List.of(conditions, positions)) {
      if (result.code != 0) {
        cliFailures.add(result.err.strip());
        return null;
      }
    }
    Map<String, Integer> portfolio = new TreeMap<>();
    for (JsonNode p : jsonLines(positions.out)) {
      portfolio.put(p.path("item_code").asText(), p.path("quantity").asInt());
    }
    return new View(
        jsonLines(conditions.out), portfolio, BrokerJournalRecords.read(dataDir).netByItem());
  }

  /** One look at the three accounts of the position. */
  record View(
      List<JsonNode> conditions, Map<String, Integer> portfolio, Map<String, Integer> broker) {

    /** An entry on its way, or an exit. */
    boolean orderOut() {
      return conditions.stream()
          .map(c -> c.path("state").asText())
          .anyMatch(state -> state.equals("ordered") || state.equals("exiting"));
    }

    /** Per instrument, the signed lots the conditions hold. */
    Map<String, Integer> byConditions() {
      Map<String, Integer> net = new TreeMap<>();
      for (JsonNode c : conditions) {
        int sign = c.path("action").asText().equals("buy") ? 1 : -1;
        net.merge(
            c.path("item_code").asText(),
            sign * (c.path("entry_filled").asInt() - c.path("exit_filled").asInt()),
            Integer::sum);
      }
      return net;
    }
  }
}
