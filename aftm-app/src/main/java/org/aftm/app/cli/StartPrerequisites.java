package org.aftm.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What "start all" needs before it starts the strategy and the order executor: logged in, an item
 * registered, an order account selected and an active condition on a registered item. Printed as a
 * table; the start is refused while any is missing, naming it.
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
   * @param activeConditions active (unfinished) conditions on registered instruments
   * @param otherConditions active conditions on instruments not registered (they see no ticks)
   */
  static StartPrerequisites check(
      Optional<String> account,
      List<String> items,
      Optional<String> orderAccount,
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
    String conditions =
        activeConditions > 0
            ? activeConditions + " on registered items"
            : otherConditions > 0
                ? "no: " + otherConditions + " only on items not registered (3 register item)"
                : "no: 4 create condition";
    rows.add(new Row("an active condition", activeConditions > 0, conditions));
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
      lines.add(String.format("  [%s] %-24s %s", row.met() ? "x" : " ", row.name(), row.detail()));
    }
    return lines;
  }
}
