package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.session.RunningSession;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands against a running main process (with its two real child JVMs) on free
 * ports, as from another terminal: {@code aftm condition add|list|delete} and {@code aftm
 * positions} find it through {@code session.json} in the data directory alone, and a condition
 * change is reported active only once the running strategy acknowledged it.
 */
@Timeout(180)
class ConditionCommandsIT {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void conditionsAddedAndDeletedFromTheCliAreActiveInTheRunningStrategy() throws IOException {
    system = new RunningSystem(dataDir);
    // Free ports only: the CLI cannot find the gateway at its configured default.
    RunningSession session = RunningSession.find(dataDir).orElseThrow();
    assertThat(session.gatewayEndpoint())
        .isEqualTo(system.main.gatewayEndpoint())
        .doesNotEndWith(":" + system.config.gatewayPort())
        .doesNotEndWith(":5557");
    assertThat(session.orderEventEndpoint()).isEqualTo(system.main.orderEventEndpoint());

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
            "30",
            "--quantity",
            "2",
            "--take-profit",
            "120",
            "--following",
            "--json");

    assertThat(added.exitCode).as(added.err).isZero();
    JsonNode addedJson = added.single();
    assertThat(addedJson.path("active_in_strategy").asBoolean()).as(added.out).isTrue();
    assertThat(addedJson.path("strategy").asText()).isEqualTo("active");
    assertThat(addedJson.path("state").asText()).isEqualTo("new");
    long buyId = addedJson.path("id").asLong();

    // The strategy trades it: it came only through the CLI, the store and the command.
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    system.awaitFills(1);
    system.awaitState(buyId, ConditionState.ENTERED);
    assertThat(system.fills)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.side()).isEqualTo(Side.BUY);
              assertThat(f.quantity()).isEqualTo(2);
            });

    Run positions = cli("positions", "--json");

    assertThat(positions.exitCode).as(positions.err).isZero();
    JsonNode position = positions.single();
    assertThat(position.path("account").asText()).isEqualTo(system.main.orderAccount());
    assertThat(position.path("item_code").asText()).isEqualTo("TXF");
    assertThat(position.path("quantity").asInt()).isEqualTo(2);
    assertThat(position.path("average_price").decimalValue()).isEqualByComparingTo("21985");
    assertThat(position.path("realized_pnl_points").decimalValue()).isEqualByComparingTo("0");
    assertThat(position.path("point_value_twd").asLong()).isPositive();

    Run listed = cli("condition", "list", "--json");

    assertThat(listed.exitCode).as(listed.err).isZero();
    JsonNode entered = listed.single();
    assertThat(entered.path("id").asLong()).isEqualTo(buyId);
    assertThat(entered.path("state").asText()).isEqualTo("entered");
    assertThat(entered.path("entry_filled").asInt()).isEqualTo(2);
    assertThat(entered.path("exit_filled").asInt()).isZero();
    assertThat(entered.path("attempts").asInt()).isEqualTo(1);
    assertThat(entered.path("entry_price").decimalValue()).isEqualByComparingTo("21985");

    // It holds lots: deleting it would leave them without take profit or stop loss.
    Run refused = cli("condition", "delete", Long.toString(buyId), "--json");

    assertThat(refused.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(refused.err).contains("entered", "--force");
    assertThat(system.stateOf(buyId)).isEqualTo(ConditionState.ENTERED);

    // A second condition, added and deleted while trading; its prices lie between the held buy's
    // stop loss (21950) and take profit (22100).
    Run sell =
        cli(
            "condition",
            "add",
            "--action",
            "sell",
            "--trigger",
            "22060",
            "--turning",
            "20",
            "--json");
    assertThat(sell.exitCode).as(sell.err).isZero();
    assertThat(sell.single().path("active_in_strategy").asBoolean()).isTrue();
    long sellId = sell.single().path("id").asLong();
    long appliedBeforeDelete = system.strategyCounter("commands_applied");

    Run deleted = cli("condition", "delete", Long.toString(sellId), "--json");

    assertThat(deleted.exitCode).as(deleted.err).isZero();
    JsonNode deletedJson = deleted.single();
    assertThat(deletedJson.path("active_in_strategy").asBoolean()).as(deleted.out).isTrue();
    assertThat(deletedJson.path("id").asLong()).isEqualTo(sellId);
    system.awaitCommandsApplied(appliedBeforeDelete + 1);
    assertThat(cli("condition", "list", "--all", "--json").lines())
        .extracting(line -> line.path("id").asLong())
        .containsExactly(buyId);
    // The deleted sell would trigger at 22060 and enter at 22040: nothing may trade.
    system.tick(22060);
    system.tick(22040);
    await("no order of the deleted condition")
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> system.main.metrics().sent() == 1);
    assertThat(system.fills).extracting(Fill::side).containsExactly(Side.BUY);
  }

  @Test
  void textOutputSaysActiveInTheStrategyAndPositionsShowTheHealth() {
    system = new RunningSystem(dataDir);

    Run added = cli("condition", "add", "--action", "buy", "--trigger", "21000", "--turning", "30");

    assertThat(added.exitCode).as(added.err).isZero();
    assertThat(added.out)
        .contains("Added condition 1", "Condition 1 added: active in the strategy.");

    Run positions = cli("positions");

    assertThat(positions.exitCode).as(positions.err).isZero();
    assertThat(positions.out)
        .contains("Gateway " + system.main.gatewayEndpoint())
        .contains("(no positions for " + system.main.orderAccount() + ")");
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

  private record Run(int exitCode, String out, String err) {
    List<JsonNode> lines() throws IOException {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
        nodes.add(node);
      }
      return nodes;
    }

    JsonNode single() throws IOException {
      List<JsonNode> nodes = lines();
      assertThat(nodes).as("one JSON line in: %s / %s", out, err).hasSize(1);
      return nodes.get(0);
    }
  }
}
