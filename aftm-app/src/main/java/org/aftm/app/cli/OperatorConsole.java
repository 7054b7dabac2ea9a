package org.aftm.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ExchangeMode;
import org.aftm.app.config.StrategyInstances;
import org.aftm.app.metrics.ProcessLabel;
import org.aftm.app.process.ProcessSupervisor;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.order.Position;
import org.aftm.domain.strategy.ConfiguredStrategy;
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

  private final MainProcess main;
  private final AftmConfig config;
  private final ConsolePrompts prompts;
  private final ConsoleViews views;
  private final ConsoleTrading trading;
  private final PrintWriter out;
  private String environment = "";

  OperatorConsole(MainProcess main, AftmConfig config, ConsoleInput input, PrintWriter out) {
    this.main = main;
    this.config = config;
    this.prompts = new ConsolePrompts(input, out);
    this.views = new ConsoleViews(main, prompts);
    this.trading = new ConsoleTrading(main, config, prompts);
    this.out = out;
  }

  /** Runs the menu until the operator exits; trading is stopped on return. */
  void run() {
    prompts.say(
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
        typed = prompts.line("aftm> ");
      } catch (ConsoleInput.EndOfInput e) {
        prompts.say("End of input.");
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
        prompts.say("No menu entry '" + typed + "': type one of the numbers shown.");
        showMenu = false;
        continue;
      }
      Optional<String> why = entry.get().unavailableBecause(state);
      if (why.isPresent()) {
        prompts.say(
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
        prompts.say("End of input.");
        exitNow();
        return;
      } catch (ConsoleInput.InputCancelled e) {
        prompts.say("Cancelled.");
      } catch (MainProcess.LoginRefusedException | IllegalArgumentException e) {
        prompts.say("Refused: " + e.getMessage());
      } catch (RuntimeException | IOException e) {
        // The operator reads the failure on the screen below; the trace goes to the log file only
        // (warnings and errors would also reach the terminal's stderr, between the menu lines).
        LOG.info("Console action {} failed", entry.get(), e);
        prompts.say(
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
      case CREATE_CONDITION -> trading.createCondition();
      case SELECT_ORDER_ACCOUNT -> selectOrderAccount();
      case SEND_MARKET_ORDER -> trading.sendMarketOrder();
      case SHOW_FUTURES -> views.showFutures();
      case POSITIONS -> views.showPositions();
      case START_ALL -> startAll();
      case SHOW_CONDITIONS -> views.showConditions();
      case DELETE_CONDITION -> trading.deleteCondition();
      case HALT_REDUCE_RESUME -> trading.haltReduceResume();
      case FLATTEN -> trading.flatten();
      case TRADES -> views.trades();
      case STATUS -> views.status(environment);
      case STOP_TRADING -> stopTrading();
      case EXIT -> throw new IllegalStateException("exit is handled by the loop");
    }
  }

  // ---- 1, 2: login, logout

  private void login() {
    String account = prompts.ask("Account", main.account().orElse(config.account()));
    char[] password = prompts.secret("Password: ");
    String target;
    try {
      target = prompts.ask("Environment: test or production", "test").toLowerCase(Locale.ROOT);
      if (!target.equals("test") && !target.equals("production")) {
        throw new IllegalArgumentException(
            "environment '" + target + "': answer test or production");
      }
      main.logIn(account, password);
    } finally {
      // logIn wipes it too; here also when the prompt ends in end of input or a cancel.
      java.util.Arrays.fill(password, '\0');
    }
    environment = target;
    LOG.info("Console login of account {} ({})", account, target);
    prompts.say(
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
    prompts.say(
        "Logged out."
            + (main.serving() ? " The gateway refuses orders until you log in again." : ""));
  }

  // ---- 3, 7: instruments

  private void registerItem() {
    String suggestion = main.contracts().isEmpty() ? "" : main.contracts().get(0).product();
    String item = prompts.ask("Instrument (code or product, e.g. TXF, MXF)", suggestion);
    if (main.registerItem(item)) {
      prompts.say(
          "Registered "
              + item
              + "; quotes subscribed. Registered: "
              + String.join(", ", main.itemCodes())
              + ".");
    } else {
      prompts.say(item + " is registered already.");
    }
  }

  // ---- 4, 11, 12: conditions

  // ---- 5: order account

  private void selectOrderAccount() throws IOException {
    List<String> accounts = main.brokerOrderAccounts();
    if (accounts.isEmpty()) {
      prompts.say("The broker lists no order account for this login.");
      return;
    }
    for (int i = 0; i < accounts.size(); i++) {
      out.printf(Locale.ROOT, "  %d  %s%n", i + 1, accounts.get(i));
    }
    String preferred = config.orderAccount().isEmpty() ? accounts.get(0) : config.orderAccount();
    String typed = prompts.ask("Order account (number or name)", preferred);
    String chosen = typed;
    if (typed.matches("\\d{1,3}")) {
      int index = Integer.parseInt(typed) - 1;
      if (index < 0 || index >= accounts.size()) {
        throw new IllegalArgumentException("no order account number " + typed);
      }
      chosen = accounts.get(index);
    }
    prompts.say("Serving " + chosen + ": reconciling with the broker, opening the gateway ...");
    main.selectOrderAccount(chosen);
    prompts.say(
        "Order account "
            + chosen
            + " selected. Gateway "
            + main.gatewayEndpoint()
            + main.statusPageUrl().map(url -> ", status " + url).orElse("")
            + ". aftm condition, positions, flatten and trading work from another terminal now.");
  }

  // ---- 6, 8, 14, 15: orders and positions

  // ---- 10, 13, 16, 17: trading

  private void startAll() throws IOException {
    if (main.tradingStarted()) {
      prompts.say("Trading runs already.");
      return;
    }
    List<String> items = main.itemCodes();
    List<ConditionSnapshot> active = main.conditions().listConditions(false);
    long onItems = active.stream().filter(c -> items.contains(c.spec().itemCode())).count();
    List<ConfiguredStrategy> instances = StrategyInstances.of(config);
    StartPrerequisites prerequisites =
        StartPrerequisites.check(
            main.loggedIn() ? main.account() : Optional.empty(),
            items,
            main.serving() ? Optional.of(main.orderAccount()) : Optional.empty(),
            instances.stream().anyMatch(i -> i.plugin().runsOverConditions()),
            instances.stream().flatMap(i -> i.instruments().stream()).toList(),
            onItems,
            active.size() - onItems);
    prompts.say("Start all needs:");
    prerequisites.lines().forEach(out::println);
    List<String> missing = prerequisites.missing();
    if (!missing.isEmpty()) {
      prompts.say("Not started: missing " + String.join(", ", missing) + ".");
      return;
    }
    prompts.say("Starting the order executor and the strategy ...");
    main.startTrading(
        role -> {
          ProcessSupervisor supervisor = main.supervisor();
          String pid =
              supervisor == null || supervisor.status().get(role) == null
                  ? ""
                  : " (pid " + supervisor.status().get(role).pid() + ")";
          prompts.say("  " + ProcessLabel.of(role) + " ready" + pid);
        });
    prompts.say(
        "Trading " + String.join(", ", items) + " for order account " + main.orderAccount() + ".");
  }

  private void stopTrading() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    if (!held.isEmpty()
        && !prompts.yes(
            "Held: "
                + ConsoleViews.heldText(held)
                + ". Stopping leaves them without take profit or stop loss until the next start."
                + " Stop?",
            false)) {
      prompts.say("Trading goes on.");
      return;
    }
    main.stopTrading();
    prompts.say(
        "Trading stopped: the strategy and the order executor are down; the gateway still serves.");
  }

  // ---- 0: exit

  /** Asks before leaving positions open; true to exit. */
  private boolean confirmExit() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    return held.isEmpty()
        || prompts.yes(
            "Open positions: "
                + ConsoleViews.heldText(held)
                + ". They stay open at the broker, unmanaged. Exit anyway?",
            false);
  }

  /** Stops trading and everything else; names what is left open. */
  private void exitNow() {
    List<Position> held = main.positions().stream().filter(p -> !p.isFlat()).toList();
    if (main.tradingStarted()) {
      prompts.say("Stopping trading ...");
    }
    main.stopTrading();
    main.close();
    if (!held.isEmpty()) {
      prompts.say("Left open at the broker: " + ConsoleViews.heldText(held) + ".");
    }
    prompts.say("Stopped.");
  }

  // ---- prompts

}
