package org.aftm.application.port.in;

import java.util.Objects;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderSender;

/**
 * Place one order.
 *
 * @param request the validated order
 * @param originNanos {@link System#nanoTime()} of the tick that caused it, or 0 when unknown; an
 *     order older than the gateway's age limit is refused, never placed late
 * @param closesClientOrderId for an exit, the client order id of the entry it closes, or {@code
 *     null}; the exit is then capped at what that entry filled
 * @param origin who asked for it
 * @param sender who sent it, as the audit trail records it
 */
public record PlaceOrderCommand(
    OrderRequest request,
    long originNanos,
    String closesClientOrderId,
    OrderOrigin origin,
    OrderSender sender) {

  public PlaceOrderCommand {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(sender, "sender");
  }

  /** An order of this origin with no recorded sender ({@link OrderSender#UNRECORDED}). */
  public PlaceOrderCommand(
      OrderRequest request, long originNanos, String closesClientOrderId, OrderOrigin origin) {
    this(request, originNanos, closesClientOrderId, origin, OrderSender.UNRECORDED);
  }

  /** A strategy's order. */
  public PlaceOrderCommand(OrderRequest request, long originNanos, String closesClientOrderId) {
    this(request, originNanos, closesClientOrderId, OrderOrigin.STRATEGY);
  }

  /** A strategy's order that closes no particular entry. */
  public PlaceOrderCommand(OrderRequest request, long originNanos) {
    this(request, originNanos, null, OrderOrigin.STRATEGY);
  }

  /** The same order with another request (resized, or given a client order id). */
  public PlaceOrderCommand withRequest(OrderRequest replacement) {
    return new PlaceOrderCommand(replacement, originNanos, closesClientOrderId, origin, sender);
  }
}
