package org.aftm.application.port.out;

import java.util.List;
import java.util.Optional;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;

/**
 * The durable copy of the order lifecycle: each order's state and fills, so a restarted main
 * process finds its working orders and each condition's fills again. Rows are those of the audit
 * trail ({@link OrderAuditPort}), keyed by client order id.
 */
public interface OrderJournalPort {

  /**
   * Stores the order's state after an event (state, serial, filled quantity and cost, error code
   * and reason) and, for a fill, the fill with its execution id. Durable on return.
   *
   * @param fill the fill the event was, or {@code null}
   */
  void recordOrderChange(Order order, Fill fill, long epochMillis);

  /** One change for {@link #recordOrderChanges}. */
  record OrderChange(Order order, Fill fill, long epochMillis) {}

  /**
   * Stores several changes in one transaction, in order; durable on return. A change of an order
   * whose request was never recorded is skipped with a log line rather than failing the others.
   */
  default void recordOrderChanges(List<OrderChange> changes) {
    for (OrderChange change : changes) {
      recordOrderChange(change.order(), change.fill(), change.epochMillis());
    }
  }

  /** The order with its applied executions, if it was ever recorded. */
  Optional<Order> loadOrder(String clientOrderId);

  /** The exits that close an entry ({@code closes_client_order_id}), with their fills. */
  List<Order> loadOrdersClosing(String entryClientOrderId);

  /** Orders not in a final state (submitted, accepted, partially filled, unknown). */
  List<Order> loadWorkingOrders();
}
