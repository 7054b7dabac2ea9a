package org.aftm.adapter.zmq.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.in.GetOrderStatesUseCase;
import org.aftm.domain.order.OrderUpdate;

/** Answers from a map of known orders, leaving unknown ids out, or fails. */
public final class FakeGetOrderStates implements GetOrderStatesUseCase {

  public final Map<String, OrderUpdate> known = new ConcurrentHashMap<>();
  public final List<List<String>> queries = new CopyOnWriteArrayList<>();
  public volatile RuntimeException failure;

  public void know(OrderUpdate... updates) {
    for (OrderUpdate update : updates) {
      known.put(update.clientOrderId(), update);
    }
  }

  @Override
  public List<OrderUpdate> orderStates(List<String> clientOrderIds) {
    queries.add(List.copyOf(clientOrderIds));
    if (failure != null) {
      throw failure;
    }
    return clientOrderIds.stream().filter(known::containsKey).map(known::get).toList();
  }
}
