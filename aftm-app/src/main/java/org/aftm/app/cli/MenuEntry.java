package org.aftm.app.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator console's menu: the Python system's numbers ({@code 1} login to {@code 10} start
 * all, {@code 0} exit) and the console's own from {@code 11}. Each entry knows when it is possible;
 * the menu shows only those.
 */
enum MenuEntry {
  LOGIN(1, "Login", s -> s.loggedIn() ? "logged in already" : null),
  LOGOUT(
      2,
      "Logout",
      s -> !s.loggedIn() ? "not logged in" : s.tradingStarted() ? "stop trading (17) first" : null),
  REGISTER_ITEM(3, "Register item", MenuEntry::needsLogin),
  CREATE_CONDITION(4, "Create condition", MenuEntry::needsLogin),
  SELECT_ORDER_ACCOUNT(
      5,
      "Select order account",
      s ->
          !s.loggedIn()
              ? "log in (1) first"
              : s.serving() ? "the order account is fixed for this session" : null),
  SEND_MARKET_ORDER(6, "Send market order", MenuEntry::needsServing),
  SHOW_FUTURES(7, "Show futures", MenuEntry::needsLogin),
  POSITIONS(8, "Positions", MenuEntry::needsServing),
  START_ALL(
      10,
      "Start all (strategy and order executor)",
      s ->
          !s.loggedIn()
              ? "log in (1) first"
              : s.tradingStarted() ? "trading runs already; stop trading (17) first" : null),
  SHOW_CONDITIONS(11, "Show conditions", MenuEntry::needsLogin),
  DELETE_CONDITION(12, "Delete condition", MenuEntry::needsLogin),
  HALT_REDUCE_RESUME(13, "Halt / reduce / resume trading", MenuEntry::needsServing),
  FLATTEN(14, "Flatten (one instrument or all)", MenuEntry::needsServing),
  TRADES(15, "Trades (today's blotter)", MenuEntry::needsServing),
  STATUS(16, "Status", MenuEntry::needsServing),
  STOP_TRADING(17, "Stop trading", s -> s.tradingStarted() ? null : "trading is not running"),
  EXIT(0, "Exit", s -> null);

  private final int number;
  private final String label;
  private final Function<ConsoleState, String> whyNot;

  MenuEntry(int number, String label, Function<ConsoleState, String> whyNot) {
    this.number = number;
    this.label = label;
    this.whyNot = whyNot;
  }

  int number() {
    return number;
  }

  String label() {
    return label;
  }

  /** Why the entry is not possible in this state; empty when it is. */
  Optional<String> unavailableBecause(ConsoleState state) {
    return Optional.ofNullable(whyNot.apply(state));
  }

  /** The entries possible in this state, in menu order (exit last). */
  static List<MenuEntry> available(ConsoleState state) {
    return Arrays.stream(values()).filter(e -> e.unavailableBecause(state).isEmpty()).toList();
  }

  /** The entry the operator typed: its number, with or without spaces around. */
  static Optional<MenuEntry> parse(String typed) {
    String text = typed.strip();
    return Arrays.stream(values()).filter(e -> Integer.toString(e.number).equals(text)).findFirst();
  }

  private static String needsLogin(ConsoleState s) {
    return s.loggedIn() ? null : "log in (1) first";
  }

  private static String needsServing(ConsoleState s) {
    if (!s.loggedIn() && !s.serving()) {
      return "log in (1) first";
    }
    return s.serving() ? null : "select an order account (5) first";
  }
}
