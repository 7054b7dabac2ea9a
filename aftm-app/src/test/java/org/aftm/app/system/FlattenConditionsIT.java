package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.process.ChildRole;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm flatten --yes} against the real main process and its two child JVMs: the broker goes
 * flat, the condition that held the lots is told (docs/architecture.md §12.2) and records them as
 * closed by the flatten, and a reconciliation then finds the conditions and the broker agreeing.
 */
@Timeout(180)
class FlattenConditionsIT {

  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aFlattenLeavesTheConditionsAndTheBrokerAgreeing() {
    system = new RunningSystem(dataDir);
    long id = enterTwoLots();
    String account = system.main.orderAccount();
    system.tick(22057); // the price the flatten fills at

    Run flatten = cli("flatten", "--yes");

    assertThat(flatten.exitCode).as(flatten.out + flatten.err).isZero();
    system.awaitFills(2);
    assertThat(system.fills.get(1))
        .satisfies(
            f -> {
              assertThat(f.clientOrderId()).startsWith("flatten-");
              assertThat(f.side()).isEqualTo(Side.SELL);
              assertThat(f.quantity()).isEqualTo(2);
            });
    await("the broker flat")
        .atMost(Duration.ofSeconds(10))
        .until(() -> system.main.portfolio().netQuantity(account, "TXF") == 0);
    system.awaitState(id, ConditionState.FAILED);
    ConditionSnapshot closed = condition(id);
    assertThat(closed.progress().exitFilled())
        .isEqualTo(closed.progress().entryFilled())
        .isEqualTo(2);
    String flattenId = system.fills.get(1).clientOrderId();
    assertThat(closed.progress().failure())
        .isEqualTo("closed by flatten " + flattenId + " at 22057");
    assertThat(closed.exitPrice()).isEqualTo(Price.ofPoints(22057));

    ReconciliationReport report = system.main.reconcile().reconcile();

    assertThat(report.differences()).as("conditions and broker agree").isEmpty();
    Run reconcile = cli("reconcile");
    assertThat(reconcile.exitCode).as(reconcile.out + reconcile.err).isZero();

    // Its take profit would fire at 22492: the condition is finished and places nothing.
    system.tick(22600);
    await("no order of the closed condition")
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.main.metrics().sent() == 2);
    assertThat(system.fills).extracting(Fill::clientOrderId).hasSize(2);
  }

  @Test
  void aConditionIsToldEvenWhenTheStrategyIsDownAtTheFlatten() {
    system = new RunningSystem(dataDir);
    long id = enterTwoLots();
    ProcessHandle strategy =
        ProcessHandle.of(system.main.supervisor().status().get(ChildRole.STRATEGY).pid())
            .orElseThrow();

    strategy.destroyForcibly(); // kill -9
    await("strategy dead").atMost(Duration.ofSeconds(10)).until(() -> !strategy.isAlive());
    Run flatten = cli("flatten", "--yes");

    assertThat(flatten.exitCode).as(flatten.out + flatten.err).isZero();
    await("the broker flat")
        .atMost(Duration.ofSeconds(10))
        .until(() -> system.main.portfolio().netQuantity(system.main.orderAccount(), "TXF") == 0);
    // The supervisor restarts the strategy; the main process relays the close until it is
    // acknowledged (1 s doubling).
    await("condition closed by the flatten after the strategy's restart")
        .atMost(Duration.ofSeconds(90))
        .until(() -> condition(id).state() == ConditionState.FAILED);
    assertThat(system.main.supervisor().status().get(ChildRole.STRATEGY).pid())
        .isNotEqualTo(strategy.pid());
    ConditionSnapshot closed = condition(id);
    assertThat(closed.progress().exitFilled()).isEqualTo(closed.progress().entryFilled());
    assertThat(closed.progress().failure()).startsWith("closed by flatten flatten-");
    assertThat(system.main.reconcile().reconcile().differences()).isEmpty();
  }

  /** Adds a buy of two lots through the CLI and lets it enter; returns its id. */
  private long enterTwoLots() {
    Run added =
        cli(
            "condition",
            "add",
            "--item",
            "TXF",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "2",
            "--quantity",
            "2",
            "--take-profit",
            "500",
            "--stop-loss",
            "500",
            "--following");
    assertThat(added.exitCode).as(added.err).isZero();
    long id = system.main.conditions().listConditions(false).get(0).id();
    // Triggers at 21990 (trailing there), enters on the 2-point turn back.
    for (long price : new long[] {22010, 21990, 21992}) {
      system.tick(price);
    }
    system.awaitFills(1);
    system.awaitState(id, ConditionState.ENTERED);
    assertThat(system.main.portfolio().netQuantity(system.main.orderAccount(), "TXF")).isEqualTo(2);
    return id;
  }

  private ConditionSnapshot condition(long id) {
    return system.main.conditions().listConditions(true).stream()
        .filter(c -> c.id() == id)
        .findFirst()
        .orElseThrow();
  }

  /** Runs the CLI in this JVM, as an operator would in another terminal, on the data dir alone. */
  private Run cli(String... arguments) {
    String[] args = new String[arguments.length + 2];
    System.arraycopy(arguments, 0, args, 0, arguments.length);
    args[arguments.length] = "--data-dir";
    args[arguments.length + 1] = dataDir.toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args);
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
