package org.aftm.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.service.ConditionCatalogService;
import org.aftm.application.service.SignalOrders;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.SignalReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aftm condition add|list|delete}: works from another terminal while {@code aftm run}
 * trades; the running strategy sees a change before its next tick.
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

  /** Opens the store, runs the work, closes the store. */
  private static <T> T withCatalog(AftmConfig config, PrintWriter err, CatalogWork<T> work) {
    LogSetup.toFile(config.logDir(), "cli", config.logLevel());
    Path file = config.dataDir().resolve(SqliteDatabase.FILE_NAME).toAbsolutePath();
    if (!Files.exists(file)) {
      // Most likely the wrong directory: say so loudly rather than trade on a database nobody runs.
      err.println(
          "aftm condition: note: no database at "
              + file
              + "; creating a new one."
              + " A running aftm uses the database of its own --data-dir (AFTM_DATA_DIR).");
      err.flush();
    }
    try (SqliteDatabase database =
        SqliteDatabase.open(
            config.dataDir(), true, SqliteDatabase.SyncMode.valueOf(config.dbSync()))) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      return work.run(new ConditionCatalogService(store, store), store);
    }
  }

  /**
   * The strategy only sees the registered item's ticks: a condition on another item would never
   * trade.
   */
  private static void warnIfNotTraded(
      SqlitePersistenceAdapter store, String itemCode, PrintWriter err) {
    store
        .loadSession()
        .filter(session -> session.itemCode() != null && !session.itemCode().equals(itemCode))
        .ifPresent(
            session -> {
              err.println(
                  "aftm condition: warning: the last session registered "
                      + session.itemCode()
                      + ", not "
                      + itemCode
                      + "; this condition sees ticks only while "
                      + itemCode
                      + " is registered (AFTM_ITEM_CODE).");
              err.flush();
            });
  }

  private interface CatalogWork<T> {
    T run(ConditionCatalogService catalog, SqlitePersistenceAdapter store);
  }

  /**
   * Prints conditions with, for entered ones, what became of their orders (from the audit trail): a
   * condition whose order was refused or never arrived shows it here.
   */
  static void print(PrintWriter out, List<ConditionSnapshot> conditions, OrderAuditPort orders) {
    out.printf(
        "%-5s %-8s %-4s %-10s %-7s %-4s %-10s %-10s %-10s %-10s %-6s %-17s %s%n",
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
        "ENTRY/EXIT",
        "ORDERS");
    for (ConditionSnapshot c : conditions) {
      ConditionSpec s = c.spec();
      out.printf(
          "%-5d %-8s %-4s %-10s %-7s %-4d %-10s %-10s %-10s %-10s %-6s %-17s %s%n",
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
          (c.entryPrice() == null ? "-" : c.entryPrice())
              + "/"
              + (c.exitPrice() == null ? "-" : c.exitPrice()),
          orderOutcomes(c, orders));
    }
    out.flush();
  }

  /**
   * "entry filled 2, exit REFUSED STALE_ORDER": each leg the condition has reached, as the gateway
   * answered it.
   */
  static String orderOutcomes(ConditionSnapshot condition, OrderAuditPort orders) {
    if (condition.state() != ConditionState.ORDERED && condition.state() != ConditionState.EXITED) {
      return "-";
    }
    String entry =
        "entry "
            + outcome(orders, SignalOrders.clientOrderIdFor(condition.id(), SignalReason.ENTRY));
    if (condition.state() == ConditionState.ORDERED) {
      return entry;
    }
    return entry
        + ", exit "
        + outcome(orders, SignalOrders.clientOrderIdFor(condition.id(), SignalReason.TAKE_PROFIT));
  }

  private static String outcome(OrderAuditPort orders, String clientOrderId) {
    return orders
        .findResultByClientOrderId(clientOrderId)
        .map(
            r ->
                r.sent()
                    ? r.status().wire() + " " + r.filledQuantity()
                    : "REFUSED " + r.errorCode())
        .orElse("NOT RECEIVED");
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a condition.")
  static final class Add implements Callable<Integer> {
    @Option(
        names = "--item",
        paramLabel = "CODE",
        description = "Instrument (default: AFTM_ITEM_CODE).")
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

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      AftmConfig config = configOptions.load();
      ConditionSpec conditionSpec;
      try {
        conditionSpec =
            new ConditionSpec(
                item != null ? item : config.itemCode(),
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
      withCatalog(
          config,
          err,
          (catalog, store) -> {
            warnIfNotTraded(store, conditionSpec.itemCode(), err);
            ConditionSnapshot stored = catalog.registerCondition(conditionSpec);
            out.println(
                "Added condition "
                    + stored.id()
                    + " to "
                    + config.dataDir().resolve(SqliteDatabase.FILE_NAME).toAbsolutePath()
                    + ":");
            print(out, List.of(stored), store);
            return stored;
          });
      return 0;
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
      description = "List conditions with their state.")
  static final class ListConditions implements Callable<Integer> {
    @Option(names = "--all", description = "Include exited conditions.")
    boolean all;

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      withCatalog(
          configOptions.load(),
          spec.commandLine().getErr(),
          (catalog, store) -> {
            print(spec.commandLine().getOut(), catalog.listConditions(all), store);
            return null;
          });
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
            "Delete even a condition that has entered: its position then has no take profit or stop loss.")
    boolean force;

    @Mixin ConfigOptions configOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      withCatalog(
          configOptions.load(),
          spec.commandLine().getErr(),
          (catalog, store) -> {
            ConditionSnapshot condition =
                store
                    .loadCondition(id)
                    .orElseThrow(() -> new BadInputException("no condition with id " + id));
            if (condition.state() == ConditionState.ORDERED && !force) {
              throw new BadInputException(
                  "condition "
                      + id
                      + " has entered ("
                      + condition.spec().action().wire()
                      + " "
                      + condition.spec().quantity()
                      + " "
                      + condition.spec().itemCode()
                      + " at "
                      + condition.entryPrice()
                      + "); deleting it leaves that position without take profit or stop loss. Close the position first,"
                      + " or delete with --force.");
            }
            if (!catalog.deleteCondition(id)) {
              throw new BadInputException("no condition with id " + id);
            }
            return condition;
          });
      spec.commandLine().getOut().println("Deleted condition " + id + ".");
      return 0;
    }
  }
}
