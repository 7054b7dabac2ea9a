package org.aftm.adapter.zmq.codec;

import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderUpdate;

/**
 * One message of the order-update channel as it travels: either an {@link OrderUpdate} or a {@link
 * ConditionCommand}, stamped by its publisher so the subscriber can tell lost messages and a
 * restarted publisher.
 *
 * @param sessionId the publisher's session, a random number chosen when it started
 * @param sequence the publisher's sequence number, starting at 1 and shared by both kinds
 * @param update the order update, or {@code null} for a command
 * @param command the condition command, or {@code null} for an order update
 */
public record SequencedOrderMessage(
    long sessionId, long sequence, OrderUpdate update, ConditionCommand command) {

  public SequencedOrderMessage {
    if ((update == null) == (command == null)) {
      throw new IllegalArgumentException("exactly one of update and command is required");
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1 but was " + sequence);
    }
  }

  public static SequencedOrderMessage of(long sessionId, long sequence, OrderUpdate update) {
    return new SequencedOrderMessage(sessionId, sequence, update, null);
  }

  public static SequencedOrderMessage of(long sessionId, long sequence, ConditionCommand command) {
    return new SequencedOrderMessage(sessionId, sequence, null, command);
  }

  public boolean isCommand() {
    return command != null;
  }
}
