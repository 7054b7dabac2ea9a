package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal {@code aftm condition add} can print, through the real command line (picocli in
 * process) on a real SQLite database in a temporary data directory: one line naming the flag the
 * operator typed, exit code 2, no stack trace, and nothing stored. Also the rows an older version
 * could store, which {@code condition list} shows marked instead of failing.
 *
 * <p>The simulated broker's front-month codes depend on today's date, so {@code TXF?} and {@code
 * MXF?} stand for them in the expected messages.
 */
class ConditionInputCliTest {

  private static final String PREFIX = "aftm condition add: ";

  @TempDir Path dataDir;

  static Stream<Arguments> refusals() {
    return Stream.of(
        refused(
            "--action must be \"buy\" or \"sell\", was \"hold\"",
            "--action",
            "hold",
            "--trigger",
            "22000",
            "--turning",
            "30"),
        refused(
            "--trigger must be a decimal number with at most 12 digits before the point and 4"
                + " after it, was abc",
            "--action",
            "buy",
            "--trigger",
            "abc",
            "--turning",
            "30"),
        refused(
            "--trigger must be a decimal number with at most 12 digits before the point and 4"
                + " after it, was 2.2e4",
            "--action",
            "buy",
            "--trigger",
            "2.2e4",
            "--turning",
            "30"),
        refused(
            "--trigger must be a decimal number with at most 12 digits before the point and 4"
                + " after it, was 22000.12345",
            "--action",
            "buy",
            "--trigger",
            "22000.12345",
            "--turning",
            "30"),
        refused(
            "--trigger must be > 0, was 0", "--action", "buy", "--trigger", "0", "--turning", "30"),
        refused(
            "--trigger must be > 0, was -22000",
            "--action",
            "buy",
            "--trigger",
            "-22000",
            "--turning",
            "30"),
        refused(
            "--trigger must be a multiple of the tick size 1 of TXF (TXF?), was 22000.5",
            "--action",
            "buy",
            "--trigger",
            "22000.5",
            "--turning",
            "30"),
        refused(
            "--trigger must be within today's price limits of TXF (TXF?), 19800 to 24200, was"
                + " 99999999999",
            "--action",
            "buy",
            "--trigger",
            "99999999999",
            "--turning",
            "30"),
        refused(
            "--trigger must be within today's price limits of TXF (TXF?), 19800 to 24200, was"
                + " 2200",
            "--action",
            "buy",
            "--trigger",
            "2200",
            "--turning",
            "30"),
        refused(
            "--turning must be >= 0, was -5",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "-5"),
        refused(
            "--turning must be a multiple of the tick size 1 of TXF (TXF?), was 30.5",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30.5"),
        refused(
            "--turning must be at most 24200 points, the limit-up price of TXF (TXF?), was 30000",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30000"),
        refused(
            "--turning would put the order price at 0 (trigger 19800 - 19800); it must stay above"
                + " 0, was 19800",
            "--action",
            "sell",
            "--trigger",
            "19800",
            "--turning",
            "19800"),
        refused(
            "--quantity must be > 0, was 0",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--quantity",
            "0"),
        refused(
            "--quantity must be a whole number of lots, was 2x",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--quantity",
            "2x"),
        refused(
            "--quantity must be a whole number of lots, was 99999999999",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--quantity",
            "99999999999"),
        refused(
            "--quantity must be at most 10 (AFTM_MAX_ORDER_QTY, the most lots in one order), was"
                + " 11",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--quantity",
            "11"),
        refused(
            "--take-profit must be > 0, was 0",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--take-profit",
            "0"),
        refused(
            "--take-profit must be a multiple of the tick size 1 of TXF (TXF?), was 90.25",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--take-profit",
            "90.25"),
        refused(
            "--take-profit must be at most 24200 points, the limit-up price of TXF (TXF?), was"
                + " 99999",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--take-profit",
            "99999"),
        refused(
            "--take-profit would put the take-profit price at 0 (order price 19800 - 19800); it"
                + " must stay above 0, was 19800",
            "--action",
            "sell",
            "--trigger",
            "19800",
            "--turning",
            "0",
            "--take-profit",
            "19800"),
        refused(
            "--take-profit must be a decimal number with at most 12 digits before the point and 4"
                + " after it, was ninety",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--take-profit",
            "ninety"),
        refused(
            "--stop-loss must be > 0, was -1",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--stop-loss",
            "-1"),
        refused(
            "--stop-loss must be a multiple of the tick size 1 of MXF (MXF?), was 0.5",
            "--item",
            "MXF",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--stop-loss",
            "0.5"),
        refused(
            "--stop-loss would put the stop-loss price at 0 (order price 20000 - 20000); it must"
                + " stay above 0, was 20000",
            "--action",
            "buy",
            "--trigger",
            "20000",
            "--turning",
            "0",
            "--stop-loss",
            "20000"),
        refused(
            "--stop-loss would put the stop-loss price at -200 (order price 19800 - 20000) once the"
                + " trigger trailed down to the limit-down price 19800; it must stay above 0, was"
                + " 20000",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "0",
            "--stop-loss",
            "20000",
            "--following"),
        refused(
            "--item must be an instrument the broker lists (TXF, TXF?, TXF?, MXF, MXF?, MXF?), was"
                + " TXO",
            "--item",
            "TXO",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30"),
        refused(
            "--item is required",
            "--item",
            " ",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30"),
        refused(
            "--item (default AFTM_ITEM_CODE) must be an instrument the broker lists (TXF, TXF?,"
                + " TXF?, MXF, MXF?, MXF?), was ABC",
            "-c",
            "AFTM_ITEM_CODE=ABC",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30"));
  }

  private static Arguments refused(String message, String... arguments) {
    return Arguments.of(message, arguments);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aRefusedConditionGetsOneLineNamingTheFlagAndNothingIsStored(
      String message, String[] arguments) {
    Run added = condition(with("add", arguments));

    assertThat(added.exitCode).as(added.err).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(added.out).isEmpty();
    assertThat(frontMonthsHidden(added.err)).isEqualTo(PREFIX + message + System.lineSeparator());
    assertThat(Files.exists(dataDir.resolve(SqliteDatabase.FILE_NAME)))
        .as("refused before the data directory was opened")
        .isFalse();
    assertThat(rows(condition("list"))).isEmpty();
  }

  /**
   * The reported case: {@code --trigger 99999999999} used to be stored, then {@code add} failed
   * with a stack trace and {@code condition list} failed until the row was removed by hand.
   */
  @Test
  void anAbsurdTriggerIsRefusedAndTheListStillWorks() {
    assertThat(
            condition("add", "--action", "buy", "--trigger", "22000", "--turning", "30").exitCode)
        .isZero();

    Run absurd = condition("add", "--action", "buy", "--trigger", "99999999999", "--turning", "30");

    assertThat(absurd.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(absurd.err).startsWith(PREFIX + "--trigger must be within").doesNotContain("\tat ");
    Run listed = condition("list");
    assertThat(rows(listed)).singleElement().asString().startsWith("1 ").contains("22000");
    assertThat(condition("list", "--json").out.lines().toList()).hasSize(1);
  }

  /**
   * A row stored by an older version without today's checks (a trigger whose take-profit price is
   * beyond any price): listed, marked, with its id, and deletable.
   */
  @Test
  void aRowThatCannotBeShownIsListedMarkedAndCanBeDeleted() {
    assertThat(
            condition("add", "--action", "buy", "--trigger", "22000", "--turning", "30").exitCode)
        .isZero();
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      // What an older aftm stored for --trigger 99999999999: the store's port has no checks.
      new SqlitePersistenceAdapter(database)
          .insertCondition(
              new ConditionSpec(
                  "TXF",
                  Side.BUY,
                  Price.ofPoints(99_999_999_999L),
                  Price.ofPoints(30),
                  1,
                  ConditionSpec.DEFAULT_TAKE_PROFIT_POINT,
                  ConditionSpec.DEFAULT_STOP_LOSS_POINT,
                  false));
    }

    Run listed = condition("list");

    assertThat(listed.exitCode).as(listed.err).isZero();
    assertThat(rows(listed)).hasSize(2);
    assertThat(rows(listed).get(0)).startsWith("1 ").contains("22000", "new");
    assertThat(rows(listed).get(1))
        .startsWith("2 ")
        .contains("TXF", "UNREADABLE", "price out of range", "aftm condition delete 2");
    Run json = condition("list", "--json");
    assertThat(json.exitCode).as(json.err).isZero();
    assertThat(json.out.lines().toList())
        .hasSize(2)
        .last()
        .asString()
        .contains("\"id\":2", "\"state\":\"unreadable\"", "price out of range");

    Run deleted = condition("delete", "2", "--json");

    assertThat(deleted.exitCode).as(deleted.err).isZero();
    assertThat(deleted.out).contains("\"id\":2", "\"active_in_strategy\":false");
    assertThat(rows(condition("list"))).singleElement().asString().startsWith("1 ");
  }

  /** A row damaged by hand cannot even be loaded: listed apart; deleted only with --force. */
  @Test
  void aRowThatCannotBeReadIsListedAndNeedsForceToDelete() throws SQLException {
    assertThat(
            condition("add", "--action", "buy", "--trigger", "22000", "--turning", "30").exitCode)
        .isZero();
    assertThat(
            condition("add", "--action", "sell", "--trigger", "22100", "--turning", "30").exitCode)
        .isZero();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME));
        Statement update = connection.createStatement()) {
      update.executeUpdate("UPDATE conditions SET item_code = ' ' WHERE id = 1");
    }

    Run listed = condition("list");

    assertThat(listed.exitCode).as(listed.err).isZero();
    assertThat(rows(listed).get(0)).startsWith("2 ").contains("sell", "22100");
    assertThat(rows(listed).get(1))
        .startsWith("1 ")
        .contains("UNREADABLE", "item is required", "aftm condition delete 1");

    Run refused = condition("delete", "1");

    assertThat(refused.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(refused.err)
        .isEqualTo(
            "aftm condition delete: condition 1 cannot be read (item is required), so whether it"
                + " holds lots is unknown. Check aftm positions, then delete it with --force."
                + System.lineSeparator());

    Run forced = condition("delete", "1", "--force");

    assertThat(forced.exitCode).as(forced.err).isZero();
    assertThat(rows(condition("list"))).singleElement().asString().startsWith("2 ");
  }

  private static String[] with(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static String frontMonthsHidden(String text) {
    return text.replaceAll("(TXF|MXF)[A-L][0-9]", "$1?");
  }

  private Run condition(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>();
    args.add("condition");
    args.addAll(List.of(arguments));
    args.addAll(List.of("--data-dir", dataDir.toString(), "-c", "AFTM_LINK_SECURITY=none"));
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args.toArray(String[]::new));
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** The table rows (after the ID header line) of a list output. */
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

  private record Run(int exitCode, String out, String err) {}
}
