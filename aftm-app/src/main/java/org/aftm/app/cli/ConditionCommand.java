package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.ConditionDesk;
import org.aftm.domain.condition.ConditionField;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.InvalidConditionException;
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

  /**
   * Prints conditions as a table, then each row that cannot be shown by its id and why, with how to
   * delete it.
   */
  static void print(PrintWriter out, ConditionListing listing) {
    print(out, listing.conditions());
    for (ConditionListing.Unreadable row : listing.unreadable()) {
      out.printf(
          "%-5s %-8s UNREADABLE: %s (delete it: aftm condition delete %d)%n",
          row.id(), row.itemCode() == null ? "-" : row.itemCode(), row.problem(), row.id());
    }
    out.flush();
  }

  /** One row that cannot be shown as the JSON object of {@code condition list --json}. */
  static ObjectNode toJson(ConditionListing.Unreadable row) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", row.id());
    if (row.itemCode() == null) {
      node.putNull("item_code");
    } else {
      node.put("item_code", row.itemCode());
    }
    node.put("state", "unreadable");
    node.put("failure", row.problem());
    return node;
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
              ? PriceText.average(c.realizedPnlPoints())
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
          c.entryPrice() == null ? "-" : PriceText.average(c.entryPrice()),
          c.exitPrice() == null ? "-" : PriceText.average(c.exitPrice()),
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
        paramLabel = "LOTS",
        description = "Lots (default ${DEFAULT-VALUE}, at most AFTM_MAX_ORDER_QTY).")
    String quantity;

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
                side(action),
                price(ConditionField.TRIGGER_PRICE, trigger),
                price(ConditionField.TURNING_POINT, turning),
                lots(quantity),
                price(ConditionField.TAKE_PROFIT_POINT, takeProfit),
                price(ConditionField.STOP_LOSS_POINT, stopLoss),
                following);
        // Checked before the data directory is opened, so a refused condition leaves nothing; the
        // catalog checks again, as on every other path.
        ConditionDesk.rules(config).check(conditionSpec);
      } catch (InvalidConditionException e) {
        throw refusal(e);
      }
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      try (ConditionDesk desk = open(config, err)) {
        warnIfNotTraded(desk, conditionSpec.itemCode(), err);
        ConditionSnapshot stored;
        try {
          stored = desk.register().registerCondition(conditionSpec);
        } catch (InvalidConditionException e) {
          throw refusal(e);
        }
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

    /** The refusal in the operator's words: the flag typed (or defaulted), then the problem. */
    private BadInputException refusal(InvalidConditionException e) {
      return new BadInputException(option(e.field()) + " " + e.problem(), e);
    }

    /** The flag that sets a field; the item names its default's key when no --item was given. */
    private String option(ConditionField field) {
      return switch (field) {
        case ITEM_CODE -> item != null ? "--item" : "--item (default AFTM_ITEM_CODE)";
        case ACTION -> "--action";
        case TRIGGER_PRICE -> "--trigger";
        case TURNING_POINT -> "--turning";
        case QUANTITY -> "--quantity";
        case TAKE_PROFIT_POINT -> "--take-profit";
        case STOP_LOSS_POINT -> "--stop-loss";
        case FOLLOWING -> "--following";
      };
    }

    private static Side side(String text) {
      try {
        return Side.fromWire(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidConditionException(
            ConditionField.ACTION, "must be \"buy\" or \"sell\", was \"" + text + "\"");
      }
    }

    /** Parsed here rather than by picocli, so a bad number gets the same one line as the rest. */
    private static int lots(String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new InvalidConditionException(
            ConditionField.QUANTITY, "must be a whole number of lots, was " + text);
      }
    }

    private static Price price(ConditionField field, String text) {
      return ConditionRules.parsePrice(field, text);
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
        ConditionListing listing = desk.listing(all);
        if (json) {
          listing.conditions().forEach(c -> out.println(toJson(c)));
          listing.unreadable().forEach(row -> out.println(toJson(row)));
          out.flush();
        } else {
          print(out, listing);
        }
      }
      return 0;
    }
  }

  /** The JSON of a condition about to be deleted, also when it cannot be shown. */
  private static ObjectNode deletedJson(long id, ConditionSnapshot condition, String unreadable) {
    if (condition == null) {
      return toJson(new ConditionListing.Unreadable(id, null, unreadable));
    }
    try {
      return toJson(condition);
    } catch (IllegalArgumentException | ArithmeticException e) {
      // Stored before today's checks, with derived prices out of range.
      return toJson(
          new ConditionListing.Unreadable(id, condition.spec().itemCode(), e.getMessage()));
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
        Optional<ConditionSnapshot> found;
        String unreadable = null;
        try {
          found = desk.find(id);
        } catch (IllegalArgumentException e) {
          // A row that cannot be read has an unknown state: it may hold lots.
          found = Optional.empty();
          unreadable = e.getMessage();
          if (!force) {
            throw new BadInputException(
                "condition "
                    + id
                    + " cannot be read ("
                    + unreadable
                    + "), so whether it holds lots is unknown. Check aftm positions, then delete"
                    + " it with --force.");
          }
        }
        if (found.isEmpty() && unreadable == null) {
          throw new BadInputException("no condition with id " + id);
        }
        ConditionSnapshot condition = found.orElse(null);
        if (condition != null && condition.state().mayHoldPosition() && !force) {
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
        ObjectNode result = deletedJson(id, condition, unreadable);
        if (!desk.delete().deleteCondition(id)) {
          throw new BadInputException("no condition with id " + id);
        }
        ConditionDesk.Activation activation =
            desk.relay(
                org.aftm.domain.condition.ConditionCommand.Change.DELETED, id, ACKNOWLEDGE_TIMEOUT);
        return report(out, json, "deleted", id, activation, result);
      }
    }
  }
}
