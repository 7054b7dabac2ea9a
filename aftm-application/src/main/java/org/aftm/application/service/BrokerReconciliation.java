package org.aftm.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the main process into agreement with the broker at start: the portfolio takes the broker's
 * positions, the orders a previous run left working are asked of the broker one by one and moved to
 * its word, and what still disagrees is reported: per instrument, the broker's net lots against the
 * sum over conditions of their signed {@code entry_filled − exit_filled}.
 */
public final class BrokerReconciliation {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerReconciliation.class);

  private final ExchangeApi exchange;
  private final Portfolio portfolio;
  private final OrderLifecycle lifecycle;
  private final OrderJournalPort journal;
  private final LoadConditionsPort conditions;

  public BrokerReconciliation(
      ExchangeApi exchange,
      Portfolio portfolio,
      OrderLifecycle lifecycle,
      OrderJournalPort journal,
      LoadConditionsPort conditions) {
    this.exchange = exchange;
    this.portfolio = portfolio;
    this.lifecycle = lifecycle;
    this.journal = journal;
    this.conditions = conditions;
  }

  /**
   * What the reconciliation found.
   *
   * @param ordersRecovered working orders moved to the broker's word
   * @param differences one line per instrument where the conditions and the broker disagree
   */
  public record Report(int ordersRecovered, List<String> differences) {
    public boolean agrees() {
      return differences.isEmpty();
    }
  }

  /** Adopts the broker's positions and working orders' states; reports what disagrees. */
  public Report reconcileAtStart(String account) {
    portfolio.adopt(exchange.positions(account));
    List<Order> working = journal.loadWorkingOrders();
    lifecycle.restore(working);
    for (Order order : working) {
      lifecycle.recover(
          order.clientOrderId(), exchange.orderState(order.clientOrderId()).orElse(null));
    }
    Report report = new Report(working.size(), conditionDifferences(account));
    if (report.agrees()) {
      LOG.info(
          "Reconciled with the broker: {} working orders recovered; conditions and positions agree",
          working.size());
    } else {
      for (String difference : report.differences()) {
        LOG.warn("Reconciliation: {}", difference);
      }
    }
    return report;
  }

  /**
   * Per instrument: the portfolio's net lots (the broker's, after {@link #reconcileAtStart})
   * against the conditions' signed open lots.
   */
  public List<String> conditionDifferences(String account) {
    Map<String, Integer> byConditions = new HashMap<>();
    for (ConditionSnapshot condition : conditions.loadAllConditions()) {
      int open = condition.entryFilled() - condition.exitFilled();
      if (open != 0) {
        byConditions.merge(
            condition.spec().itemCode(), condition.spec().action().sign() * open, Integer::sum);
      }
    }
    Map<String, Integer> held = new TreeMap<>();
    for (Position position : portfolio.positions(account)) {
      held.put(position.itemCode(), position.quantity());
    }
    byConditions.keySet().forEach(item -> held.putIfAbsent(item, 0));
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : held.entrySet()) {
      int expected = byConditions.getOrDefault(entry.getKey(), 0);
      if (expected != entry.getValue()) {
        differences.add(
            entry.getKey()
                + ": the broker holds "
                + entry.getValue()
                + " lots, the conditions account for "
                + expected);
      }
    }
    return differences;
  }
}
