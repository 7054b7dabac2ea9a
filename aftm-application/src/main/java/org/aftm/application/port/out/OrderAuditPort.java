package org.aftm.application.port.out;

import java.util.Optional;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;

/** The audit trail of ADR 0001: every order request and its answer, durable before acknowledged. */
public interface OrderAuditPort {

  /**
   * Records a request before it goes to the broker; returns the audit id to attach the answer to.
   *
   * @param closesClientOrderId for an exit, the client order id of the entry it closes, or {@code
   *     null}
   */
  long recordRequest(OrderRequest request, String closesClientOrderId, long epochMillis);

  /** Records the answer given to an earlier request. */
  void recordResult(long auditId, OrderResult result, long epochMillis);

  /** The answer already given to a request with this client order id, if any. */
  Optional<OrderResult> findResultByClientOrderId(String clientOrderId);
}
