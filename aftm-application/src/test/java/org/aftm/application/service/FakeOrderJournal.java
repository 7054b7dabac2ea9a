package org.aftm.application.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;

/** The order journal in memory: the last recorded copy of each order, and every fill. */
final class FakeOrderJournal implements OrderJournalPort {

  private final Map<String, Order> orders = new LinkedHashMap<>();
  final List<Fill> fills = new ArrayList<>();
  int changes;

  @Override
  public synchronized void recordOrderChange(Order order, Fill fill, long epochMillis) {
    changes++;
    orders.put(order.clientOrderId(), order.copy());
    if (fill != null) {
      fills.add(fill);
    }
  }

  @Override
  public synchronized Optional<Order> loadOrder(String clientOrderId) {
    return Optional.ofNullable(orders.get(clientOrderId)).map(Order::copy);
  }

  @Override
  public synchronized List<Order> loadOrdersClosing(String entryClientOrderId) {
    List<Order> result = new ArrayList<>();
    for (Order order : orders.values()) {
      if (entryClientOrderId.equals(order.closesClientOrderId())) {
        result.add(order.copy());
      }
    }
    return result;
  }

  @Override
  public synchronized List<Order> loadWorkingOrders() {
    List<Order> result = new ArrayList<>();
    for (Order order : orders.values()) {
      if (!order.state().isFinal()) {
        result.add(order.copy());
      }
    }
    return result;
  }
}
