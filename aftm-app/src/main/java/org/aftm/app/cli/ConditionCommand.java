package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.ConditionDesk;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aftm condition add|list|delete}: works from another terminal while {@code aftm run}
 * trades. The change is stored first (the durable copy), then relayed to the running strategy as a
 * command; the command says "active in the strategy" only once the strategy acknowledged it.
 */
@Command(
    name = "condition",
    mixinStandardHelpOptions = true,
    description = "Add, list or delete trading conditions (also while aftm run is trading).",
    subcommands = {
      ConditionCommand.Add.class,
      ConditionCommand.ListConditions.class,
      ConditionCommand.Delete.class
    })
final class ConditionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the CLI waits for the running strategy to acknowledge a change. */
  static final Duration ACKNOWLEDGE_TIMEOUT = Duration.ofSeconds(5);

  private static ConditionDesk open(AftmConfig config, PrintWriter err) {
    LogSetup.toFile(config, "cli", "cli");
    if (!ConditionDesk.hasDatabase(config)) {
      // Most likely the wrong directory: say so loudly rather than trade on a database nobody runs.
      err.println(
          "aftm condition: note: no database in "
              + config.dataDir().toAbsolutePath()
              + "; creating a new one. A running aftm uses the database of its own --data-dir"
              + " (AFTM_DATA_DIR).");
      err.flush();
    }
    return ConditionDesk.open(config);
  }

  /** The strategy only sees registered items' ticks: a condition on another never trades. */
  private static void warnIfNotTraded(ConditionDesk desk, String itemCode, PrintWriter err) {
    List<String> items = desk.sessionItems();
    if (!items.isEmpty() && !items.contains(itemCode)) {
      err.println(
          "aftm condition: warning: the last session registered "
              + String.join(", ", items)
              + ", not "
              + itemCode
              + "; this condition sees ticks only while "
              + itemCode
              + " is registered (AFTM_ITEM_CODE, or register item in aftm console).");
      err.flush();
    }
  }

  /** Prints conditions as a table: state, trailed trigger, derived prices, fills and P&L. */
  static void print(PrintWriter out, List<ConditionSnapshot> conditions) {
    String format =
        "%-5s %-8s %-4s %-10s %-7s %-4s %-10s %-10s %-10s %-9s %-5s %-9s %-11s %-11s %s%n";
    out.printf(
        format,
        "ID",
        "ITEM",
        "SIDE",
        "TRIGGER",
        "TURN",
        "QTY",
        "ORDER",
        "TP",
        "SL",
        "STATE",
        "TRAIL",
        "FILLED",
        "ENTRY AVG",
        "EXIT AVG",
        "P&L PTS / NOTE");
    for (ConditionSnapshot c : conditions) {
      ConditionSpec s = c.spec();
      String note =
          c.progress().failure().isEmpty()
              ? c.realizedPnlPoints().toString()
              : "failed: " + c.progress().failure();
      out.printf(
          format,
          c.id(),
          s.itemCode(),
          s.action().wire(),
          c.triggerPrice(),
          s.turningPoint(),
          s.quantity(),
          c.orderPrice(),
          c.takeProfitPrice(),
          c.stopLossPrice(),
          c.state().text(),
          s.following() ? "yes" : "no",
          c.entryFilled() + "/" + c.exitFilled(),
          c.entryPrice() == null ? "-" : c.entryPrice(),
          c.exitPrice() == null ? "-" : c.exitPrice(),
          note);
    }
    out.flush();
  }

  /** One condition as the JSON object of {@code condition list --json}. */
  static ObjectNode toJson(ConditionSnapshot c) {
    ConditionSpec s = c.spec();
    ObjectNode node = JSON.createObjectNode();
    node.put("id", c.id());
    node.put("item_code", s.itemCode());
    node.put("action", s.action().wire());
    node.put("quantity", s.quantity());
    node.put("state", c.state().text());
    node.put("entry_filled", c.entryFilled());
    node.put("exit_filled", c.exitFilled());
    node.put("attempts", c.progress().entryAttempts() + c.progress().exitAttempts());
    node.put("entry_attempts", c.progress().entryAttempts());
    node.put("exit_attempts", c.progress().exitAttempts());
    putPrice(node, "entry_price", c.entryPrice());
    putPrice(node, "exit_price", c.exitPrice());
    putPrice(node, "realized_pnl_points", c.realizedPnlPoints());
    putPrice(node, "trigger_price", c.triggerPrice());
    putPrice(node, "turning_point", s.turningPoint());
    putPrice(node, "order_price", c.orderPrice());
    putPrice(node, "take_profit_price", c.takeProfitPrice());
    putPrice(node, "stop_loss_price", c.stopLossPrice());
    node.put("following", s.following());
    if (c.progress().failure().isEmpty()) {
      node.putNull("failure");
    } else {
      node.put("failure", c.progress().failure());
    }
    return node;
  }

  private static void putPrice(ObjectNode node, String field, Price price) {
    if (price == null) {
      node.putNull(field);
    } else {
      node.put(field, price.toBigDecimal());
    }
  }

  /** Tells the operator (or a script) what became of a relayed change; the exit code. */
  private static int report(
      PrintWriter out,
      boolean json,
      String verb,
      long id,
      ConditionDesk.Activation activation,
      ObjectNode result) {
    if (json) {
      result.put("active_in_strategy", activation == ConditionDesk.Activation.ACTIVE);
      result.put("strategy", activation.name().toLowerCase(java.util.Locale.ROOT));
      out.println(result);
    } else {
      switch (activation) {
        case ACTIVE -> out.println("Condition " + id + " " + verb + ": active in the strategy.");
        case NOT_RUNNING ->
            out.println(
                "Condition "
                    + id
                    + " "
                    + verb
                    + " in the database. No aftm runs on this data directory: it applies when"
                    + " aftm run starts.");
        case STRATEGY_NOT_STARTED ->
            out.println(
                "Condition "
                    + id
                    + " "
                    + verb
                    + " in the database. The running aftm has not started its strategy (aftm"
                    + " console: start all): it applies when the strategy starts.");
        case NOT_CONFIRMED ->
            out.println(
                "Condition "
                    + id
                    + " "
                    + verb
                    + " in the database, but the running strategy did not confirm it within "
                    + ACKNOWLEDGE_TIMEOUT.toSeconds()
                    + " s. It applies when the strategy reloads (restart or resync); check"
                    + " logs/strategy.log.");
      }
    }
    out.flush();
    return activation == ConditionDesk.Activation.NOT_CONFIRMED ? 1 : 0;
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a condition.")
  static final class Add implements Callable<Integer> {
    @Option(
        names = "--item",
        paramLabel = "CODE",
        description = "Instrument (default: the first of AFTM_ITEM_CODE).")
    String item;

    @Option(names = "--action", required = true, description = "buy or sell.")
    String action;

    @Option(
        names = "--trigger",
        required = true,
        paramLabel = "PRICE",
        description = "Trigger price.")
    String trigger;

    @Option(
        names = "--turning",
        required = true,
        paramLabel = "POINTS",
        description = "Turning point (0 disables trailing).")
    String turning;

    @Option(
        names = "--quantity",
        defaultValue = "1",
        description = "Lots (default ${DEFAULT-VALUE}).")
    int quantity;

    @Option(
        names = "--take-profit",
        defaultValue = "90",
        paramLabel = "POINTS",
        description = "Take-profit points (default ${DEFAULT-VALUE}).")
    String takeProfit;

    @Option(
        names = "--stop-loss",
        defaultValue = "30",
        paramLabel = "POINTS",
        description = "Stop-loss points (default ${DEFAULT-VALUE}).")
    String stopLoss;

    @Option(names = "--following", description = "Trail the trigger until entry.")
    boolean following;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      AftmConfig config = configOptions.load();
      ConditionSpec conditionSpec;
      try {
        conditionSpec =
            new ConditionSpec(
                item != null ? item : config.itemCodes().get(0),
                Side.fromWire(action),
                parse("--trigger", trigger),
                parse("--turning", turning),
                quantity,
                parse("--take-profit", takeProfit),
                parse("--stop-loss", stopLoss),
                following);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage(), e);
      }
      if (conditionSpec.quantity() > config.maxOrderQuantity()) {
        throw new BadInputException(
            "--quantity "
                + conditionSpec.quantity()
                + " exceeds AFTM_MAX_ORDER_QTY "
                + config.maxOrderQuantity()
                + ": the gateway would refuse every order of this condition");
      }
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      try (ConditionDesk desk = open(config, err)) {
        warnIfNotTraded(desk, conditionSpec.itemCode(), err);
        ConditionSnapshot stored = desk.register().registerCondition(conditionSpec);
        if (!json) {
          out.println("Added condition " + stored.id() + " to " + desk.databaseFile() + ":");
          print(out, List.of(stored));
        }
        ConditionDesk.Activation activation =
            desk.relay(
                org.aftm.domain.condition.ConditionCommand.Change.ADDED,
                stored.id(),
                ACKNOWLEDGE_TIMEOUT);
        return report(out, json, "added", stored.id(), activation, toJson(stored));
      }
    }

    private static Price parse(String option, String text) {
      try {
        return Price.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List conditions with their state, fills and P&L.")
  static final class ListConditions implements Callable<Integer> {
    @Option(names = "--all", description = "Include finished (exited and failed) conditions.")
    boolean all;

    @Option(names = "--json", description = "One JSON object per condition, one per line.")
    boolean json;

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ConditionDesk desk = open(configOptions.load(), spec.commandLine().getErr())) {
        List<ConditionSnapshot> conditions = desk.conditions(all);
        if (json) {
          conditions.forEach(c -> out.println(toJson(c)));
          out.flush();
        } else {
          print(out, conditions);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a condition by id.")
  static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The condition's id (see condition list).")
    long id;

    @Option(
        names = "--force",
        description =
            "Delete even a condition that holds lots or has an order out: its position then has no"
                + " take profit or stop loss.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ConditionDesk desk = open(configOptions.load(), spec.commandLine().getErr())) {
        ConditionSnapshot condition =
            desk.find(id).orElseThrow(() -> new BadInputException("no condition with id " + id));
        if (condition.state().mayHoldPosition() && !force) {
          throw new BadInputException(
              "condition "
                  + id
                  + " is "
                  + condition.state().text()
                  + " ("
                  + condition.spec().action().wire()
                  + " "
                  + condition.spec().itemCode()
                  + ", "
                  + condition.entryFilled()
                  + " filled, "
                  + condition.exitFilled()
                  + " closed); deleting it leaves its lots without take profit or stop loss."
                  + " Wait for its exit, or delete with --force.");
        }
        if (!desk.delete().deleteCondition(id)) {
          throw new BadInputException("no condition with id " + id);
        }
        ConditionDesk.Activation activation =
            desk.relay(
                org.aftm.domain.condition.ConditionCommand.Change.DELETED, id, ACKNOWLEDGE_TIMEOUT);
        return report(out, json, "deleted", id, activation, toJson(condition));
      }
    }
  }
}
