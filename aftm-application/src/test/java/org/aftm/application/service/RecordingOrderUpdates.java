package org.aftm.application.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderUpdate;

/** Records what the main process tells the strategy. */
final class RecordingOrderUpdates implements PublishOrderUpdatesPort {

  final List<OrderUpdate> updates = new CopyOnWriteArrayList<>();
  final List<ConditionCommand> commands = new CopyOnWriteArrayList<>();

  @Override
  public void publish(OrderUpdate update) {
    updates.add(update);
  }

  @Override
  public void publish(ConditionCommand command) {
    commands.add(command);
  }

  /** The updates published for one order, in order. */
  List<OrderUpdate> of(String clientOrderId) {
    return updates.stream().filter(u -> u.clientOrderId().equals(clientOrderId)).toList();
  }

  OrderUpdate last() {
    return updates.get(updates.size() - 1);
  }
}
