package org.aftm.application.port.out;

import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderUpdate;

/**
 * The main process's channel to the strategy: what became of each order, and the operator's
 * condition changes as commands. Sequenced, so the strategy sees a gap and asks for the current
 * order states. Never blocks. Thread-safe: the gateway thread and the broker's event thread both
 * publish.
 */
public interface PublishOrderUpdatesPort {

  /** An order as it stands after an event. */
  void publish(OrderUpdate update);

  /**
   * An operator's change to the conditions, or a condition's lots a flatten closed, for the running
   * strategy to apply and acknowledge.
   */
  void publish(ConditionCommand command);
}
