package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.app.session.RunningSession;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aftm condition add|list|delete} against a real database in a temporary data directory. */
class ConditionCommandTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path dataDir;

  @Test
  void addListsTheNewConditionWithItsIdAndStateNew() {
    Run added =
        condition(
            "add",
            "--item",
            "TXF",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--quantity",
            "2",
            "--take-profit",
            "120",
            "--following");

    assertThat(added.exitCode).as(added.err).isZero();
    assertThat(added.out).contains("Added condition 1");
    assertThat(row(added, 1)).contains("TXF", "buy", "22000", "22030", "new", "yes");

    Run listed = condition("list");

    assertThat(listed.exitCode).as(listed.err).isZero();
    assertThat(row(listed, 1))
        .contains("TXF", "buy", "22000", "30", "2", "22030", "22150", "22000", "new", "yes");
  }

  @Test
  void eachAddGetsItsOwnId() {
    assertThat(
            condition("add", "--action", "buy", "--trigger", "22000", "--turning", "30").exitCode)
        .isZero();
    Run second =
        condition(
            "add", "--item", "MXF", "--action", "sell", "--trigger", "22100", "--turning", "20");

    assertThat(second.out).contains("Added condition 2");
    Run listed = condition("list");
    assertThat(row(listed, 1)).contains("TXF", "buy");
    assertThat(row(listed, 2)).contains("MXF", "sell", "22080");
  }

  @Test
  void deleteRemovesTheCondition() {
    condition("add", "--action", "buy", "--trigger", "22000", "--turning", "30");

    Run deleted = condition("delete", "1");

    assertThat(deleted.exitCode).as(deleted.err).isZero();
    assertThat(deleted.out)
        .contains("Condition 1 deleted in the database")
        .contains("No aftm runs on this data directory");
    assertThat(rows(condition("list"))).isEmpty();
  }

  @Test
  void listJsonPrintsOneObjectPerConditionWithItsOrderProgress() throws IOException {
    addReferenceConditions();
    // What the strategy stores as the orders progress: #1 entered 2 lots at 21985; #2 (a sell)
    // entered 2 lots at 22055 on its second attempt and took profit at 21960.
    store(
        1,
        ConditionState.ENTERED,
        new ConditionProgress(1, 2, 2 * units(21985), true, 0, null, 0, 0, 0, 0, false, ""));
    store(
        2,
        ConditionState.EXITED,
        new ConditionProgress(
            2,
            2,
            2 * units(22055),
            true,
            1,
            ConditionStep.TOOK_PROFIT,
            0,
            0,
            2,
            2 * units(21960),
            true,
            ""));

    Run listed = condition("list", "--all", "--json");

    assertThat(listed.exitCode).as(listed.err).isZero();
    List<JsonNode> lines = jsonLines(listed);
    assertThat(lines).hasSize(2);
    JsonNode entered = lines.get(0);
    assertThat(entered.path("id").asLong()).isEqualTo(1);
    assertThat(entered.path("item_code").asText()).isEqualTo("TXF");
    assertThat(entered.path("action").asText()).isEqualTo("buy");
    assertThat(entered.path("quantity").asInt()).isEqualTo(2);
    assertThat(entered.path("state").asText()).isEqualTo("entered");
    assertThat(entered.path("entry_filled").asInt()).isEqualTo(2);
    assertThat(entered.path("exit_filled").asInt()).isZero();
    assertThat(entered.path("attempts").asInt()).isEqualTo(1);
    assertThat(entered.path("entry_price").decimalValue()).isEqualByComparingTo("21985");
    assertThat(entered.path("exit_price").isNull()).as("no exit yet: %s", entered).isTrue();
    assertThat(entered.path("realized_pnl_points").decimalValue()).isEqualByComparingTo("0");
    JsonNode exited = lines.get(1);
    assertThat(exited.path("id").asLong()).isEqualTo(2);
    assertThat(exited.path("item_code").asText()).isEqualTo("TXF");
    assertThat(exited.path("action").asText()).isEqualTo("sell");
    assertThat(exited.path("quantity").asInt()).isEqualTo(2);
    assertThat(exited.path("state").asText()).isEqualTo("exited");
    assertThat(exited.path("entry_filled").asInt()).isEqualTo(2);
    assertThat(exited.path("exit_filled").asInt()).isEqualTo(2);
    assertThat(exited.path("attempts").asInt()).as("two entry attempts and one exit").isEqualTo(3);
    assertThat(exited.path("entry_price").decimalValue()).isEqualByComparingTo("22055");
    assertThat(exited.path("exit_price").decimalValue()).isEqualByComparingTo("21960");
    assertThat(exited.path("realized_pnl_points").decimalValue())
        .as("a short: (22055 - 21960) x 2 lots")
        .isEqualByComparingTo("190");
    // Without --all, the finished condition is left out.
    assertThat(jsonLines(condition("list", "--json")))
        .extracting(line -> line.path("id").asLong())
        .containsExactly(1L);
  }

  @Test
  void addJsonWithoutARunningMainProcessSaysNotActiveInTheStrategyAndSucceeds() throws IOException {
    Run added =
        condition("add", "--action", "sell", "--trigger", "22080", "--turning", "20", "--json");

    assertThat(added.exitCode).as(added.err).isZero();
    List<JsonNode> lines = jsonLines(added);
    assertThat(lines).as("only the JSON object on stdout: %s", added.out).hasSize(1);
    JsonNode result = lines.get(0);
    assertThat(result.path("active_in_strategy").isBoolean()).isTrue();
    assertThat(result.path("active_in_strategy").asBoolean()).isFalse();
    assertThat(result.path("strategy").asText()).isEqualTo("not_running");
    assertThat(result.path("id").asLong()).isEqualTo(1);
    assertThat(result.path("action").asText()).isEqualTo("sell");
    assertThat(result.path("state").asText()).isEqualTo("new");
    // Stored all the same: it applies when aftm run starts.
    assertThat(row(condition("list"), 1)).contains("TXF", "sell", "22080", "new");
  }

  @Test
  void deletingAConditionThatHoldsLotsIsRefusedWithoutForce() {
    addReferenceConditions();
    store(
        1,
        ConditionState.ENTERED,
        new ConditionProgress(1, 2, 2 * units(21985), true, 0, null, 0, 0, 0, 0, false, ""));

    Run refused = condition("delete", "1");

    assertThat(refused.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(refused.err).contains("condition 1 is entered", "2 filled", "--force");
    assertThat(rows(condition("list"))).hasSize(2);

    Run forced = condition("delete", "1", "--force", "--json");

    assertThat(forced.exitCode).as(forced.err).isZero();
    assertThat(forced.out).contains("\"active_in_strategy\":false");
    assertThat(rows(condition("list"))).singleElement().asString().startsWith("2 ");
  }

  @Test
  void aRunningMainProcessThatDoesNotConfirmMakesTheCommandFailButKeepsTheCondition()
      throws IOException {
    assertThat(condition("list").exitCode).isZero(); // creates the database
    // A "main process" that is alive (this JVM) but whose gateway never answers: a plain TCP
    // listener that never speaks ZeroMQ.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      new RunningSession(
              ProcessHandle.current().pid(),
              "tcp://127.0.0.1:" + silent.getLocalPort(),
              "tcp://127.0.0.1:1",
              "tcp://127.0.0.1:1",
              -1,
              "SIM-0001",
              "TXF",
              System.currentTimeMillis())
          .write(dataDir);

      Run added =
          condition("add", "--action", "buy", "--trigger", "22000", "--turning", "30", "--json");

      assertThat(added.exitCode).as(added.out + added.err).isEqualTo(1);
      JsonNode result = jsonLines(added).get(0);
      assertThat(result.path("active_in_strategy").asBoolean()).isFalse();
      assertThat(result.path("strategy").asText()).isEqualTo("not_confirmed");
    }
    assertThat(rows(condition("list"))).singleElement().asString().startsWith("1 ");
  }

  /** #1 buy TXF 2 lots at trigger 22000; #2 sell TXF 2 lots at trigger 22080. */
  private void addReferenceConditions() {
    assertThat(
            condition(
                    "add",
                    "--action",
                    "buy",
                    "--trigger",
                    "22000",
                    "--turning",
                    "30",
                    "--quantity",
                    "2",
                    "--take-profit",
                    "120")
                .exitCode)
        .isZero();
    assertThat(
            condition(
                    "add",
                    "--action",
                    "sell",
                    "--trigger",
                    "22080",
                    "--turning",
                    "20",
                    "--quantity",
                    "2")
                .exitCode)
        .isZero();
  }

  /** Stores a condition's progress as the strategy would, through a second connection. */
  private void store(long id, ConditionState state, ConditionProgress progress) {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot stored = store.loadCondition(id).orElseThrow();
      assertThat(
              store.saveConditionState(
                  new ConditionSnapshot(id, stored.spec(), state, stored.triggerPrice(), progress)))
          .isTrue();
    }
  }

  private static long units(long points) {
    return Price.ofPoints(points).units();
  }

  private static List<JsonNode> jsonLines(Run run) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : run.out.lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
      nodes.add(node);
    }
    return nodes;
  }

  @Test
  void deletingAnUnknownIdIsBadInput() {
    condition("add", "--action", "buy", "--trigger", "22000", "--turning", "30");

    Run deleted = condition("delete", "99");

    assertThat(deleted.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(deleted.err).contains("99");
    assertThat(rows(condition("list"))).hasSize(1);
  }

  @Test
  void aBadActionIsRefusedNamingTheAllowedValuesAndStoresNothing() {
    Run added = condition("add", "--action", "hold", "--trigger", "22000", "--turning", "30");

    assertThat(added.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(added.err).contains("hold", "\"buy\"", "\"sell\"");
    assertThat(added.out).isEmpty();
    assertThat(rows(condition("list"))).isEmpty();
  }

  @Test
  void badNumbersAreRefusedNamingTheOptionAndStoreNothing() {
    Run badTrigger =
        condition("add", "--action", "buy", "--trigger", "22000.12345", "--turning", "30");
    Run badQuantity =
        condition(
            "add", "--action", "buy", "--trigger", "22000", "--turning", "30", "--quantity", "0");
    Run badTurning = condition("add", "--action", "buy", "--trigger", "22000", "--turning", "-5");

    assertThat(badTrigger.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(badTrigger.err).contains("--trigger");
    assertThat(badQuantity.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(badQuantity.err).contains("quantity");
    assertThat(badTurning.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(badTurning.err).contains("turning");
    assertThat(rows(condition("list"))).isEmpty();
  }

  @Test
  void aMissingRequiredOptionIsBadInput() {
    Run added = condition("add", "--action", "buy", "--turning", "30");

    assertThat(added.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(added.err).contains("--trigger");
  }

  private Run condition(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // No main process made link keys here: the commands connect as with AFTM_LINK_SECURITY=none.
    String[] args = new String[arguments.length + 5];
    args[0] = "condition";
    System.arraycopy(arguments, 0, args, 1, arguments.length);
    args[arguments.length + 1] = "--data-dir";
    args[arguments.length + 2] = dataDir.toString();
    args[arguments.length + 3] = "-c";
    args[arguments.length + 4] = "AFTM_LINK_SECURITY=none";
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args);
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** The table rows (after the ID header line) of a list or add output. */
  private static List<String> rows(Run run) {
    assertThat(run.exitCode).as(run.err).isZero();
    List<String> lines = run.out.lines().toList();
    int header = 0;
    while (header < lines.size() && !lines.get(header).startsWith("ID ")) {
      header++;
    }
    assertThat(header).as("a table header in %s", run.out).isLessThan(lines.size());
    return lines.subList(header + 1, lines.size()).stream()
        .filter(line -> !line.isBlank())
        .toList();
  }

  private static String row(Run run, long id) {
    return rows(run).stream()
        .filter(line -> line.startsWith(id + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for condition " + id + " in:\n" + run.out));
  }

  private record Run(int exitCode, String out, String err) {}
}
