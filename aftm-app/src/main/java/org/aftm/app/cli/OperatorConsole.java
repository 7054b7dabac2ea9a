package org.aftm.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ExchangeMode;
import org.aftm.app.metrics.ProcessLabel;
import org.aftm.app.process.ProcessSupervisor;
import org.aftm.app.wiring.MainProcess;
import org.aftm.application.port.in.CheckReadinessUseCase;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's console: the Python system's menu over a main process started in stages. One
 * thread (the console's) reads the operator's input and drives every stage; nothing the operator
 * types ends it with a stack trace, and end of input at any prompt exits as {@code 0} does, with
 * trading stopped.
 */
final class OperatorConsole {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorConsole.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final MainProcess main;
  private final AftmConfig config;
  private final ConsoleInput input;
  private final PrintWriter out;
  private final AtomicLong manualOrders = new AtomicLong();
  private String environment = "";

  OperatorConsole(MainProcess main, AftmConfig config, ConsoleInput input, PrintWriter out) {
    this.main = main;
    this.config = config;
    this.input = input;
    this.out = out;
  }

  /** Runs the menu until the operator exits; trading is stopped on return. */
  void run() {
    say(
        "AFTM operator console. Data directory "
            + config.dataDir().toAbsolutePath()
            + ". Type a number; 0 or Ctrl-D exits.");
    boolean showMenu = true;
    while (true) {
      ConsoleState state = state();
      if (showMenu) {
        printMenu(state);
      }
      String typed;
      try {
        typed = input.line("aftm> ");
      } catch (ConsoleInput.EndOfInput e) {
        say("End of input.");
        exitNow();
        return;
      } catch (ConsoleInput.InputCancelled e) {
        showMenu = false;
        continue;
      }
      if (typed.isEmpty()) {
        showMenu = true;
        continue;
      }
      Optional<MenuEntry> entry = MenuEntry.parse(typed);
      if (entry.isEmpty()) {
        say("No menu entry '" + typed + "': type one of the numbers shown.");
        showMenu = false;
        continue;
      }
      Optional<String> why = entry.get().unavailableBecause(state);
      if (why.isPresent()) {
        say(
            entry.get().number()
                + " "
                + entry.get().label()
                + " is not possible now: "
                + why.get());
        showMenu = false;
        continue;
      }
      try {
        if (entry.get() == MenuEntry.EXIT) {
          if (confirmExit()) {
            exitNow();
            return;
          }
        } else {
          perform(entry.get());
        }
      } catch (ConsoleInput.EndOfInput e) {
        say("End of input.");
        exitNow();
        return;
      } catch (ConsoleInput.InputCancelled e) {
        say("Cancelled.");
      } catch (MainProcess.LoginRefusedException | IllegalArgumentException e) {
        say("Refused: " + e.getMessage());
      } catch (RuntimeException | IOException e) {
        // The operator reads the failure on the screen below; the trace goes to the log file only
        // (warnings and errors would also reach the terminal's stderr, between the menu lines).
        LOG.info("Console action {} failed", entry.get(), e);
        say(
            "Failed: "
                + e.getMessage()
                + " (details in "
                + config.logDir().resolve("aftm.log")
                + ")");
      }
      showMenu = true;
    }
  }

  private ConsoleState state() {
    return new ConsoleState(main.loggedIn(), main.serving(), main.tradingStarted());
  }

  private void printMenu(ConsoleState state) {
    out.println();
    for (MenuEntry entry : MenuEntry.available(state)) {
      out.printf(Locale.ROOT, "  %2d  %s%n", entry.number(), entry.label());
    }
    out.flush();
  }

  private void perform(MenuEntry entry) throws IOException {
    switch (entry) {
      case LOGIN -> login();
      case LOGOUT -> logout();
      case REGISTER_ITEM -> registerItem();
      case CREATE_CONDITION -> createCondition();
      case SELECT_ORDER_ACCOUNT -> selectOrderAccount();
      case SEND_MARKET_ORDER -> sendMarketOrder();
      case SHOW_FUTURES -> showFutures();
      case POSITIONS -> showPositions();
      case START_ALL -> startAll();
      case SHOW_CONDITIONS -> showConditions();
      case DELETE_CONDITION -> deleteCondition();
      case HALT_REDUCE_RESUME -> haltReduceResume();
      case FLATTEN -> flatten();
      case TRADES -> trades();
      case STATUS -> status();
      case STOP_TRADING -> stopTrading();
      case EXIT -> throw new IllegalStateException("exit is handled by the loop");
    }
  }

  // ---- 1, 2: login, logout

  private void login() {
    String account = ask("Account", main.account().orElse(config.account()));
    char[] password = input.secret("Password: ");
    String target = ask("Environment: test or production", "test").toLowerCase(Locale.ROOT);
    if (!target.equals("test") && !target.equals("production")) {
      java.util.Arrays.fill(password, '\0');
      throw new IllegalArgumentException("environment '" + target + "': answer test or production");
    }
    main.logIn(account, password); // wipes the password
    environment = target;
    LOG.info("Console login of account {} ({})", account, target);
    say(
        "Logged in as "
            + account
            + " ("
            + target
            + (config.exchangeMode() == ExchangeMode.SIM
                ? ": the simulated broker serves test and production alike"
                : ": the FIX venue of AFTM_FIX_*")
            + "). Order accounts: "
            + String.join(", ", main.brokerOrderAccounts())
            + ".");
  }

  private void logout() {
    main.logOut();
    say(
        "Logged out."
            + (main.serving() ? " The gateway refuses orders until you log in again." : ""));
  }

  // ---- 3, 7: instruments

  private void registerItem() {
    String suggestion = main.contracts().isEmpty() ? "" : main.contracts().get(0).product();
    String item = ask("Instrument (code or product, e.g. TXF, MXF)", suggestion);
    if (main.registerItem(item)) {
      say(
          "Registered "
              + item
              + "; quotes subscribed. Registered: "
              + String.join(", ", main.itemCodes())
              + ".");
    } else {
      say(item + " is registered already.");
    }
  }

  private void showFutures() {
    out.printf(
        Locale.ROOT,
        "%-10s %-8s %-24s %-8s %-10s %s%n",
        "CODE",
        "PRODUCT",
        "NAME",
        "MONTH",
        "TICK",
        "POINT VALUE (TWD)");
    for (Contract c : main.contracts()) {
      out.printf(
          Locale.ROOT,
          "%-10s %-8s %-24s %-8s %-10s %d%n",
          c.code(),
          c.product(),
          c.name(),
          c.deliveryMonth(),
          c.tickSize(),
          c.pointValue());
    }
    out.flush();
  }

  // ---- 4, 11, 12: conditions

  private void createCondition() {
    List<String> items = main.itemCodes();
    String item = ask("Instrument", items.isEmpty() ? config.itemCodes().get(0) : items.get(0));
    Side side = Side.fromWire(ask("Action: buy or sell", "").toLowerCase(Locale.ROOT));
    Price trigger = price("Trigger price", "");
    Price turning = price("Turning point (points, 0 = no trailing)", "0");
    int quantity = whole("Quantity (lots)", "1");
    Price takeProfit = price("Take profit (points)", "90");
    Price stopLoss = price("Stop loss (points)", "30");
    boolean following = yes("Follow (trail the trigger until entry)?", false);
    ConditionSpec spec =
        new ConditionSpec(item, side, trigger, turning, quantity, takeProfit, stopLoss, following);
    if (quantity > config.maxOrderQuantity()) {
      throw new IllegalArgumentException(
          "quantity "
              + quantity
              + " exceeds AFTM_MAX_ORDER_QTY "
              + config.maxOrderQuantity()
              + ": the gateway would refuse every order of this condition");
    }
    ConditionSnapshot stored = main.conditions().registerCondition(spec);
    say("Created condition " + stored.id() + ":");
    ConditionCommand.print(out, List.of(stored));
    if (!items.contains(item)) {
      say("Note: " + item + " is not registered; the condition trades once it is (3).");
    } else if (main.tradingStarted()) {
      say("The running strategy picks it up.");
    }
  }

  private void showConditions() {
    List<ConditionSnapshot> active = main.conditions().listConditions(false);
    long finished = main.conditions().listConditions(true).size() - (long) active.size();
    if (active.isEmpty()) {
      say("No active condition.");
    } else {
      ConditionCommand.print(out, active);
    }
    if (finished > 0) {
      say(finished + " finished condition(s): aftm condition list --all shows them.");
    }
  }

  private void deleteCondition() {
    long id = whole("Condition id", "");
    List<ConditionSnapshot> all = main.conditions().listConditions(true);
    ConditionSnapshot condition =
        all.stream()
            .filter(c -> c.id() == id)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no condition with id " + id));
    if (condition.state().mayHoldPosition()
        && !yes(
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
      say("Kept condition " + id + ".");
      return;
    }
    if (main.conditions().deleteCondition(id)) {
      say("Deleted condition " + id + ".");
    } else {
      say("No condition with id " + id + ".");
    }
  }

  // ---- 5: order account

  private void selectOrderAccount() throws IOException {
    List<String> accounts = main.brokerOrderAccounts();
    if (accounts.isEmpty()) {
      say("The broker lists no order account for this login.");
      return;
    }
    for (int i = 0; i < accounts.size(); i++) {
      out.printf(Locale.ROOT, "  %d  %s%n", i + 1, accounts.get(i));
    }
    String preferred = config.orderAccount().isEmpty() ? accounts.get(0) : config.orderAccount();
    String typed = ask("Order account (number or name)", preferred);
    String chosen = typed;
    if (typed.matches("\\d{1,3}")) {
      int index = Integer.parseInt(typed) - 1;
      if (index < 0 || index >= accounts.size()) {
        throw new IllegalArgumentException("no order account number " + typed);
      }
      chosen = accounts.get(index);
    }
    say("Serving " + chosen + ": reconciling with the broker, opening the gateway ...");
    main.selectOrderAccount(chosen);
    say(
        "Order account "
            + chosen
            + " selected. Gateway "
            + main.gatewayEndpoint()
            + main.statusPageUrl().map(url -> ", status " + url).orElse("")
            + ". aftm condition, positions, flatten and trading work from another terminal now.");
  }

  // ---- 6, 8, 14, 15: orders and positions

  private void sendMarketOrder() {
    Side side = Side.fromWire(ask("Side: buy or sell", "").toLowerCase(Locale.ROOT));
    List<String> items = main.itemCodes();
    String item = ask("Instrument", items.isEmpty() ? "" : items.get(0));
    if (!items.contains(item)) {
      throw new IllegalArgumentException(
          item + " is not registered (3 register item): no quotes, no market price for it");
    }
    int quantity = whole("Quantity (lots)", "1");
    if (!yes(
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
      say("Not sent.");
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
      say(
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
      say("Refused: " + result.errorCode() + " " + result.errorMessage());
    }
  }

  private void showPositions() {
    List<Position> positions = main.positions();
    if (positions.isEmpty()) {
      say("No position in " + main.orderAccount() + ".");
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-10s %6s %12s %12s %14s %14s%n",
        "ITEM",
        "LOTS",
        "AVG PRICE",
        "LAST",
        "OPEN P&L PTS",
        "REALIZED PTS");
    for (Position p : positions) {
      out.printf(
          Locale.ROOT,
          "%-10s %6d %12s %12s %14s %14s%n",
          p.itemCode(),
          p.quantity(),
          p.isFlat() ? "-" : p.averagePrice(),
          p.lastPrice(),
          p.unrealizedPnlPoints(),
          p.realizedPnlPoints());
    }
    say(StatusLine.positionText(positions));
  }

  private void flatten() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    if (held.isEmpty()) {
      say("Nothing held in " + main.orderAccount() + ".");
      return;
    }
    say("Held: " + heldText(held));
    String which = ask("Instrument to flatten, or all", "all");
    Optional<String> item = which.equalsIgnoreCase("all") ? Optional.empty() : Optional.of(which);
    if (item.isPresent() && held.stream().noneMatch(p -> p.itemCode().equals(item.get()))) {
      throw new IllegalArgumentException(
          "nothing held in " + item.get() + "; held: " + heldText(held));
    }
    if (!yes("Flatten " + item.orElse("every position") + " at market?", false)) {
      say("Not flattened.");
      return;
    }
    ControlTradingUseCase.FlattenReport report = main.tradingControl().flatten(item);
    for (OrderResult order : report.orders()) {
      say(
          order.sent()
              ? "  sent " + order.clientOrderId() + ": " + order.filledQuantity() + " filled"
              : "  refused " + order.clientOrderId() + ": " + order.errorMessage());
    }
    say(report.allSent() ? "Flatten orders sent." : "Not every flatten order was sent.");
  }

  private void trades() {
    ZoneId zone = ZoneId.systemDefault();
    LocalDate today = LocalDate.now(zone);
    List<Fill> fills =
        main.recordedFills().stream()
            .filter(
                f -> LocalDate.ofInstant(Instant.ofEpochMilli(f.timeMillis()), zone).equals(today))
            .toList();
    if (fills.isEmpty()) {
      say("No fills today (" + today + ").");
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-8s %-10s %-4s %5s %12s  %s%n",
        "TIME",
        "ITEM",
        "SIDE",
        "LOTS",
        "PRICE",
        "ORDER");
    for (Fill f : fills) {
      out.printf(
          Locale.ROOT,
          "%-8s %-10s %-4s %5d %12s  %s%n",
          TIME.format(Instant.ofEpochMilli(f.timeMillis()).atZone(zone)),
          f.itemCode(),
          f.side().wire(),
          f.quantity(),
          f.price(),
          f.clientOrderId());
    }
    say(fills.size() + " fill(s) today. aftm trades and aftm report daily give the full views.");
  }

  // ---- 10, 13, 16, 17: trading

  private void startAll() throws IOException {
    if (main.tradingStarted()) {
      say("Trading runs already.");
      return;
    }
    List<String> items = main.itemCodes();
    List<ConditionSnapshot> active = main.conditions().listConditions(false);
    long onItems = active.stream().filter(c -> items.contains(c.spec().itemCode())).count();
    StartPrerequisites prerequisites =
        StartPrerequisites.check(
            main.loggedIn() ? main.account() : Optional.empty(),
            items,
            main.serving() ? Optional.of(main.orderAccount()) : Optional.empty(),
            onItems,
            active.size() - onItems);
    say("Start all needs:");
    prerequisites.lines().forEach(out::println);
    List<String> missing = prerequisites.missing();
    if (!missing.isEmpty()) {
      say("Not started: missing " + String.join(", ", missing) + ".");
      return;
    }
    say("Starting the order executor and the strategy ...");
    main.startTrading(
        role -> {
          ProcessSupervisor supervisor = main.supervisor();
          String pid =
              supervisor == null || supervisor.status().get(role) == null
                  ? ""
                  : " (pid " + supervisor.status().get(role).pid() + ")";
          say("  " + ProcessLabel.of(role) + " ready" + pid);
        });
    say("Trading " + String.join(", ", items) + " for order account " + main.orderAccount() + ".");
  }

  private void haltReduceResume() {
    ControlTradingUseCase control = main.tradingControl();
    say("Trading state: " + StatusLine.tradingText(control.tradingStatus()));
    String choice = ask("halt, reduce or resume (blank: back)", "").toLowerCase(Locale.ROOT);
    if (choice.isEmpty()) {
      return;
    }
    String reason = ask("Reason", "operator console");
    TradingStatus now =
        switch (choice) {
          case "halt", "h" -> control.halt(reason);
          case "reduce", "r" -> control.reduce(reason);
          case "resume", "u" -> control.resume(reason);
          default ->
              throw new IllegalArgumentException("'" + choice + "': answer halt, reduce or resume");
        };
    say("Trading state now: " + StatusLine.tradingText(now));
  }

  private void status() {
    CheckReadinessUseCase.ReadinessReport readiness = main.checkReadiness();
    say("Ready: " + (readiness.ready() ? "yes" : "no"));
    readiness.components().forEach((name, state) -> out.printf("  %-16s %s%n", name, state));
    say(
        "Account "
            + main.account().orElse("-")
            + (environment.isEmpty() ? "" : " (" + environment + ")")
            + ", order account "
            + main.orderAccount()
            + ", items "
            + String.join(", ", main.itemCodes()));
    main.tradingStatus().ifPresent(t -> say("Trading state: " + StatusLine.tradingText(t)));
    say(
        String.format(
            Locale.ROOT,
            "Ticks %d (dropped %d), orders sent %d (refused %d), fills %d, working %d",
            main.ticksPublished(),
            main.ticksDropped(),
            main.metrics().sent(),
            main.metrics().refused(),
            main.fills(),
            main.orderLifecycle().workingCount()));
    main.metrics().sampleInterval();
    say("Tick to order since the start: " + StatusLine.latencyText(main.metrics().total()));
    say(StatusLine.positionText(main.positions()));
    String problems = StatusLine.problems(main);
    if (!problems.isEmpty()) {
      say("!! " + problems);
    }
  }

  private void stopTrading() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    if (!held.isEmpty()
        && !yes(
            "Held: "
                + heldText(held)
                + ". Stopping leaves them without take profit or stop loss until the next start."
                + " Stop?",
            false)) {
      say("Trading goes on.");
      return;
    }
    main.stopTrading();
    say("Trading stopped: the strategy and the order executor are down; the gateway still serves.");
  }

  // ---- 0: exit

  /** Asks before leaving positions open; true to exit. */
  private boolean confirmExit() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    return held.isEmpty()
        || yes(
            "Open positions: "
                + heldText(held)
                + ". They stay open at the broker, unmanaged. Exit anyway?",
            false);
  }

  /** Stops trading and everything else; names what is left open. */
  private void exitNow() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    if (main.tradingStarted()) {
      say("Stopping trading ...");
    }
    main.stopTrading();
    main.close();
    if (!held.isEmpty()) {
      say("Left open at the broker: " + heldText(held) + ".");
    }
    say("Stopped.");
  }

  // ---- prompts

  private String ask(String question, String suggestion) {
    String answer =
        input.line(question + (suggestion.isEmpty() ? "" : " [" + suggestion + "]") + ": ");
    String value = answer.isEmpty() ? suggestion : answer;
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          question.toLowerCase(Locale.ROOT) + ": an answer is needed");
    }
    return value;
  }

  private boolean yes(String question, boolean suggestion) {
    String answer = input.line(question + (suggestion ? " [Y/n]: " : " [y/N]: "));
    if (answer.isEmpty()) {
      return suggestion;
    }
    return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
  }

  private Price price(String question, String suggestion) {
    String text = ask(question, suggestion);
    try {
      return Price.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          question.toLowerCase(Locale.ROOT) + " '" + text + "': " + e.getMessage(), e);
    }
  }

  private int whole(String question, String suggestion) {
    String text = ask(question, suggestion);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          question.toLowerCase(Locale.ROOT) + " '" + text + "': not a whole number", e);
    }
  }

  private static String heldText(List<Position> held) {
    StringBuilder text = new StringBuilder();
    for (Position p : held) {
      text.append(text.length() == 0 ? "" : ", ")
          .append(p.itemCode())
          .append(' ')
          .append(p.quantity() > 0 ? "+" : "")
          .append(p.quantity())
          .append(" @ ")
          .append(p.averagePrice());
    }
    return text.toString();
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }
}
