package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aftm condition add|list|delete} against a real database in a temporary data directory. */
class ConditionCommandTest {

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
    assertThat(deleted.out).contains("Deleted condition 1");
    assertThat(rows(condition("list"))).isEmpty();
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
    String[] args = new String[arguments.length + 3];
    args[0] = "condition";
    System.arraycopy(arguments, 0, args, 1, arguments.length);
    args[arguments.length + 1] = "--data-dir";
    args[arguments.length + 2] = dataDir.toString();
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
