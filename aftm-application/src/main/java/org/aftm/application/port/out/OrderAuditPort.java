package org.aftm.application.port.out;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;

/** The audit trail of ADR 0001: every order request and its answer, durable before acknowledged. */
public interface OrderAuditPort {

  /**
   * Records a request before it goes to the broker; returns the audit id to attach the answer to.
   *
   * @param closesClientOrderId for an exit, the client order id of the entry it closes, or {@code
   *     null}
   * @param sender who sent it, recorded with it in the same write
   */
  long recordRequest(
      OrderRequest request, String closesClientOrderId, OrderSender sender, long epochMillis);

  /** {@link #recordRequest(OrderRequest, String, OrderSender, long)} with no recorded sender. */
  default long recordRequest(OrderRequest request, String closesClientOrderId, long epochMillis) {
    return recordRequest(request, closesClientOrderId, OrderSender.UNRECORDED, epochMillis);
  }

  /** Records the answer given to an earlier request. */
  void recordResult(long auditId, OrderResult result, long epochMillis);

  /** The answer already given to a request with this client order id, if any. */
  Optional<OrderResult> findResultByClientOrderId(String clientOrderId);

  /**
   * Requests with a client order id recorded in {@code [fromMillis, beforeMillis)} that have no
   * recorded answer, oldest first, at most {@code limit}: orders whose process stopped between the
   * audit and the broker's answer, which nobody knows whether the broker placed. Reconciliation
   * asks the broker about each and records its word with {@link #recordResult}.
   */
  List<UnansweredRequest> findRequestsWithoutResult(long fromMillis, long beforeMillis, int limit);

  /**
   * A request recorded without an answer.
   *
   * @param auditId what {@link #recordRequest} returned, to attach the answer to
   * @param request the request as recorded (its client order id is never {@code null})
   * @param closesClientOrderId for an exit, the entry it closes, or {@code null}
   * @param requestedAtMillis when it was recorded
   * @param sender who sent it ({@link OrderSender#UNRECORDED} for a request recorded before the
   *     audit kept senders)
   */
  record UnansweredRequest(
      long auditId,
      OrderRequest request,
      String closesClientOrderId,
      long requestedAtMillis,
      OrderSender sender) {
    public UnansweredRequest {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(request.clientOrderId(), "request.clientOrderId");
      Objects.requireNonNull(sender, "sender");
    }

    /** A request with no recorded sender. */
    public UnansweredRequest(
        long auditId, OrderRequest request, String closesClientOrderId, long requestedAtMillis) {
      this(auditId, request, closesClientOrderId, requestedAtMillis, OrderSender.UNRECORDED);
    }
  }
}
