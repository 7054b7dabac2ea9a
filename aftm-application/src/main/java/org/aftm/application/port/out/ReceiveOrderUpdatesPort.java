package org.aftm.application.port.out;

import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderUpdate;

/** The strategy's end of {@link PublishOrderUpdatesPort}: polled without blocking by one thread. */
public interface ReceiveOrderUpdatesPort {

  /** Handles up to {@code limit} waiting messages and returns how many it handled. */
  int poll(Handler handler, int limit);

  /** Received, gaps (missed by sequence), malformed. */
  LinkCounters counters();

  /** Receives what the main process sends, on the polling thread. */
  interface Handler {
    void onOrderUpdate(OrderUpdate update);

    void onCommand(ConditionCommand command);

    /**
     * Messages were missed (a gap in the sequence, or the publisher restarted): order states and
     * commands may have been lost, so the receiver should ask for the current states and reload its
     * conditions.
     */
    void onGap(long missed);
  }
}
