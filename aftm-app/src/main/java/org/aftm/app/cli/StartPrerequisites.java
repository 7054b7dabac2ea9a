package org.aftm.app.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What "start all" needs before it starts the strategy and the order executor: logged in, an item
 * registered, an order account selected, an active condition on a registered item when a configured
 * strategy instance ({@code AFTM_STRATEGIES}) trades conditions, and every instrument an instance
 * names registered. Printed as a table; the start is refused while any is missing, naming it.
 */
record StartPrerequisites(List<Row> rows) {

  /** One prerequisite: met or not, with what the operator has (or does next). */
  record Row(String name, boolean met, String detail) {}

  StartPrerequisites {
    rows = List.copyOf(rows);
  }

  /**
   * @param account the account logged in, or empty
   * @param items the registered instruments
   * @param orderAccount the selected order account, or empty
   * @param conditionsNeeded whether a configured instance trades conditions (without one, a
   *     condition is stored but nothing trades it, so none is required)
   * @param strategyInstruments the instruments the configured instances name (an instance naming
   *     none trades every registered one)
   * @param activeConditions active (unfinished) conditions on registered instruments
   * @param otherConditions active conditions on instruments not registered (they see no ticks)
   */
  static StartPrerequisites check(
      Optional<String> account,
      List<String> items,
      Optional<String> orderAccount,
      boolean conditionsNeeded,
      Collection<String> strategyInstruments,
      long activeConditions,
      long otherConditions) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("logged in", account.isPresent(), account.orElse("no: 1 login")));
    rows.add(
        new Row(
            "item registered",
            !items.isEmpty(),
            items.isEmpty() ? "no: 3 register item" : String.join(", ", items)));
    rows.add(
        new Row(
            "order account selected",
            orderAccount.isPresent(),
            orderAccount.orElse("no: 5 select order account")));
    if (conditionsNeeded) {
      String conditions =
          activeConditions > 0
              ? activeConditions + " on registered items"
              : otherConditions > 0
                  ? "no: " + otherConditions + " only on items not registered (3 register item)"
                  : "no: 4 create condition";
      rows.add(new Row("an active condition", activeConditions > 0, conditions));
    } else {
      rows.add(
          new Row("an active condition", true, "not needed: no configured strategy trades them"));
    }
    Set<String> named = new LinkedHashSet<>(strategyInstruments);
    List<String> unregistered = named.stream().filter(i -> !items.contains(i)).toList();
    String instruments =
        !unregistered.isEmpty()
            ? "no: " + String.join(", ", unregistered) + " not registered (3 register item)"
            : named.isEmpty()
                ? "the instances trade every registered item"
                : String.join(", ", named);
    rows.add(new Row("strategy instruments registered", unregistered.isEmpty(), instruments));
    return new StartPrerequisites(rows);
  }

  /** The names of what is missing, in table order; empty when the start may go ahead. */
  List<String> missing() {
    return rows.stream().filter(r -> !r.met()).map(Row::name).toList();
  }

  /** The table, one line per prerequisite. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Row row : rows) {
      lines.add(String.format("  [%s] %-32s %s", row.met() ? "x" : " ", row.name(), row.detail()));
    }
    return lines;
  }
}
