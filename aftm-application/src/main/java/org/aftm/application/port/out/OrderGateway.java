package org.aftm.application.port.out;

import java.util.List;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * The order gateway as a child process sees it: the one way to the broker (ADR 0001). A refusal, by
 * the gateway or the broker, is a result; {@link OrderGatewayUnavailableException} means no answer
 * came after every retry.
 *
 * <p>Not thread-safe: one thread per instance.
 */
public interface OrderGateway {

  /**
   * Sends an order. A retry after a timeout reuses the request's client order id, so it never
   * places a second order.
   *
   * @param originNanos {@link System#nanoTime()} of the tick that caused the order, or 0; lets the
   *     gateway measure tick-to-order latency
   */
  OrderResult sendOrder(OrderRequest request, long originNanos);

  /**
   * Sends an exit that closes a particular entry: the gateway caps it at what that entry filled, so
   * an exit never closes another condition's lots. Gateways that know no such link place it as a
   * plain order.
   *
   * @param closesClientOrderId the client order id of the entry this order closes
   */
  default OrderResult sendOrder(
      OrderRequest request, long originNanos, String closesClientOrderId) {
    return sendOrder(request, originNanos);
  }

  GatewayHealth healthCheck();

  /**
   * The current state of each order the main process knows among these client order ids; ids it
   * never saw are left out. A strategy asks this after a restart or a gap in its order updates,
   * before it acts again.
   */
  List<OrderUpdate> orderStates(List<String> clientOrderIds);

  /** Tells the main process that the strategy applied a condition command. */
  void acknowledgeCommand(long commandId);

  List<Position> positions(String account);
}
