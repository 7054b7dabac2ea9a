package org.aftm.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * The comparisons of a reconciliation, on snapshots already taken: pure functions, so each kind of
 * {@link Difference} can be tested without a broker or a database. Instruments flat on both sides
 * agree; an instrument listed on one side only counts as flat on the other.
 */
final class ReconciliationDifferences {

  /** Positions stored as last known (at start, before the portfolio adopts the broker's). */
  static final String STORED_POSITION = "stored_position";

  /** The live portfolio, built from fills. */
  static final String POSITION = "position";

  /** The sum over conditions of their signed open lots. */
  static final String CONDITIONS = "conditions";

  /** An order working on one side only. */
  static final String OPEN_ORDER = "open_order";

  /** An order the audit trail recorded as sent that the broker never received. */
  static final String AUDIT = "audit";

  private ReconciliationDifferences() {}

  /**
   * Per instrument, the broker's net lots against AFTM's.
   *
   * @param kind {@link #STORED_POSITION} or {@link #POSITION}
   */
  static List<Difference> positions(
      String kind, String account, List<Position> broker, List<Position> aftm) {
    return compare(kind, netLots(account, broker), netLots(account, aftm), "");
  }

  /** Per instrument, the broker's net lots against the conditions' signed open lots. */
  static List<Difference> conditions(
      String account, List<Position> broker, List<ConditionSnapshot> conditions) {
    Map<String, Integer> byConditions = new HashMap<>();
    for (ConditionSnapshot condition : conditions) {
      int open = condition.entryFilled() - condition.exitFilled();
      if (open != 0) {
        byConditions.merge(
            condition.spec().itemCode(), condition.spec().action().sign() * open, Integer::sum);
      }
    }
    return compare(CONDITIONS, netLots(account, broker), byConditions, " by conditions");
  }

  /** Net lots per instrument of the account; several rows of one instrument add up. */
  static Map<String, Integer> netLots(String account, List<Position> positions) {
    Map<String, Integer> lots = new HashMap<>();
    for (Position p : positions) {
      if (p.account().equals(account)) {
        lots.merge(p.itemCode(), p.quantity(), Integer::sum);
      }
    }
    return lots;
  }

  private static List<Difference> compare(
      String kind, Map<String, Integer> broker, Map<String, Integer> aftm, String aftmSuffix) {
    Map<String, Integer> items = new TreeMap<>(broker);
    aftm.forEach(items::putIfAbsent);
    List<Difference> differences = new ArrayList<>();
    for (String item : items.keySet()) {
      int theirs = broker.getOrDefault(item, 0);
      int ours = aftm.getOrDefault(item, 0);
      if (theirs != ours) {
        differences.add(new Difference(kind, item, lots(theirs), lots(ours) + aftmSuffix));
      }
    }
    return differences;
  }

  /** Signed net lots as the table shows them: {@code +2 lots}, {@code -1 lots}, {@code flat}. */
  static String lots(int net) {
    return net == 0 ? "flat" : (net > 0 ? "+" : "") + net + " lots";
  }

  /** An order's state as the table shows it: {@code accepted, 0 of 1 filled}. */
  static String describe(OrderUpdate order) {
    return order.state().wire()
        + ", "
        + order.filledQuantity()
        + " of "
        + order.quantity()
        + " filled";
  }

  /** One line for a log or a halt reason. */
  static String line(Difference difference) {
    return difference.kind()
        + " "
        + difference.subject()
        + ": broker "
        + difference.broker()
        + ", AFTM "
        + difference.aftm();
  }
}
