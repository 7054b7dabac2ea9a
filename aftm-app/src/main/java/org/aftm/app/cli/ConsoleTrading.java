package org.aftm.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.StrategyInstances;
import org.aftm.app.wiring.MainProcess;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.domain.condition.ConditionField;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.InvalidConditionException;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingStatus;

/**
 * The console's actions on conditions and orders: create (4) and delete (12) a condition, a manual
 * market order (6) through the main process's order path, flatten (14), and halt / reduce / resume
 * (13). Each asks what it needs and confirms what sends an order.
 */
final class ConsoleTrading {

  private final MainProcess main;
  private final AftmConfig config;
  private final ConsolePrompts prompts;
  private final PrintWriter out;
  private final AtomicLong manualOrders = new AtomicLong();

  ConsoleTrading(MainProcess main, AftmConfig config, ConsolePrompts prompts) {
    this.main = main;
    this.config = config;
    this.prompts = prompts;
    this.out = prompts.out();
  }

  void createCondition() {
    List<String> items = main.itemCodes();
    String item =
        prompts.ask("Instrument", items.isEmpty() ? config.itemCodes().get(0) : items.get(0));
    Side side = Side.fromWire(prompts.ask("Action: buy or sell", "").toLowerCase(Locale.ROOT));
    Price trigger = prompts.price("Trigger price", "");
    Price turning = prompts.price("Turning point (points, 0 = no trailing)", "0");
    int quantity = prompts.whole("Quantity (lots)", "1");
    Price takeProfit = prompts.price("Take profit (points)", "90");
    Price stopLoss = prompts.price("Stop loss (points)", "30");
    boolean following = prompts.yes("Follow (trail the trigger until entry)?", false);
    ConditionSnapshot stored;
    try {
      // ConditionRules checks the rest, AFTM_MAX_ORDER_QTY among them.
      stored =
          main.conditions()
              .registerCondition(
                  new ConditionSpec(
                      item, side, trigger, turning, quantity, takeProfit, stopLoss, following));
    } catch (InvalidConditionException e) {
      throw new IllegalArgumentException(prompt(e.field()) + " " + e.problem(), e);
    }
    prompts.say("Created condition " + stored.id() + ":");
    ConditionCommand.print(out, List.of(stored));
    if (!items.contains(item)) {
      prompts.say("Note: " + item + " is not registered; the condition trades once it is (3).");
    } else if (StrategyInstances.of(config).stream()
        .noneMatch(instance -> instance.plugin().runsOverConditions())) {
      prompts.say("Stored; no configured strategy (AFTM_STRATEGIES) trades conditions.");
    } else if (main.tradingStarted()) {
      prompts.say("The running strategy picks it up.");
    }
  }

  /** The prompt that asked for a field: a refusal names what the operator answered. */
  static String prompt(ConditionField field) {
    return switch (field) {
      case ITEM_CODE -> "Instrument";
      case ACTION -> "Action";
      case TRIGGER_PRICE -> "Trigger price";
      case TURNING_POINT -> "Turning point";
      case QUANTITY -> "Quantity";
      case TAKE_PROFIT_POINT -> "Take profit";
      case STOP_LOSS_POINT -> "Stop loss";
      case FOLLOWING -> "Follow";
    };
  }

  void deleteCondition() {
    long id = prompts.whole("Condition id", "");
    List<ConditionSnapshot> all = main.conditions().listConditions(true);
    ConditionSnapshot condition =
        all.stream()
            .filter(c -> c.id() == id)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no condition with id " + id));
    if (condition.state().mayHoldPosition()
        && !prompts.yes(
            "Condition "
                + id
                + " is "
                + condition.state().text()
                + " ("
                + condition.entryFilled()
                + " filled, "
                + condition.exitFilled()
                + " closed); deleting it leaves its lots without take profit or stop loss."
                + " Delete anyway?",
            false)) {
      prompts.say("Kept condition " + id + ".");
      return;
    }
    if (main.conditions().deleteCondition(id)) {
      prompts.say("Deleted condition " + id + ".");
    } else {
      prompts.say("No condition with id " + id + ".");
    }
  }

  void sendMarketOrder() {
    Side side = Side.fromWire(prompts.ask("Side: buy or sell", "").toLowerCase(Locale.ROOT));
    List<String> items = main.itemCodes();
    String item = prompts.ask("Instrument", items.isEmpty() ? "" : items.get(0));
    if (!items.contains(item)) {
      throw new IllegalArgumentException(
          item + " is not registered (3 register item): no quotes, no market price for it");
    }
    int quantity = prompts.whole("Quantity (lots)", "1");
    if (!prompts.yes(
        "Send "
            + side.wire().toUpperCase(Locale.ROOT)
            + " "
            + quantity
            + " "
            + item
            + " at market for order account "
            + main.orderAccount()
            + "? No condition manages it.",
        false)) {
      prompts.say("Not sent.");
      return;
    }
    String clientOrderId =
        "console-"
            + Long.toString(System.currentTimeMillis(), 36)
            + "-"
            + manualOrders.incrementAndGet();
    OrderRequest request =
        new OrderRequest(
            main.orderAccount(),
            item,
            side,
            OrderType.MARKET,
            Price.ZERO,
            quantity,
            OpenClose.AUTO,
            "operator console",
            DayTrade.NO,
            TimeInForce.IOC,
            clientOrderId);
    OrderResult result =
        main.orders()
            .placeOrder(
                new PlaceOrderCommand(
                    request, 0, null, OrderOrigin.MANUAL, OrderSender.OPERATOR_CONSOLE));
    if (result.sent()) {
      prompts.say(
          "Sent "
              + clientOrderId
              + " (broker serial "
              + result.orderSerial()
              + "): "
              + result.status().name().toLowerCase(Locale.ROOT)
              + ", "
              + result.filledQuantity()
              + " filled so far.");
    } else {
      prompts.say("Refused: " + result.errorCode() + " " + result.errorMessage());
    }
  }

  void flatten() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    if (held.isEmpty()) {
      prompts.say("Nothing held in " + main.orderAccount() + ".");
      return;
    }
    prompts.say("Held: " + ConsoleViews.heldText(held));
    String which = prompts.ask("Instrument to flatten, or all", "all");
    Optional<String> item = which.equalsIgnoreCase("all") ? Optional.empty() : Optional.of(which);
    if (item.isPresent() && held.stream().noneMatch(p -> p.itemCode().equals(item.get()))) {
      throw new IllegalArgumentException(
          "nothing held in " + item.get() + "; held: " + ConsoleViews.heldText(held));
    }
    if (!prompts.yes("Flatten " + item.orElse("every position") + " at market?", false)) {
      prompts.say("Not flattened.");
      return;
    }
    ControlTradingUseCase.FlattenReport report = main.tradingControl().flatten(item);
    for (OrderResult order : report.orders()) {
      prompts.say(
          order.sent()
              ? "  sent " + order.clientOrderId() + ": " + order.filledQuantity() + " filled"
              : "  refused " + order.clientOrderId() + ": " + order.errorMessage());
    }
    prompts.say(report.allSent() ? "Flatten orders sent." : "Not every flatten order was sent.");
  }

  void haltReduceResume() {
    ControlTradingUseCase control = main.tradingControl();
    prompts.say("Trading state: " + StatusLine.tradingText(control.tradingStatus()));
    String choice =
        prompts.ask("halt, reduce or resume (blank: back)", "").toLowerCase(Locale.ROOT);
    if (choice.isEmpty()) {
      return;
    }
    String reason = prompts.ask("Reason", "operator console");
    TradingStatus now =
        switch (choice) {
          case "halt", "h" -> control.halt(reason);
          case "reduce", "r" -> control.reduce(reason);
          case "resume", "u" -> control.resume(reason);
          default ->
              throw new IllegalArgumentException("'" + choice + "': answer halt, reduce or resume");
        };
    prompts.say("Trading state now: " + StatusLine.tradingText(now));
  }
}
