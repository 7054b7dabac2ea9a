package org.aftm.application.service;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.aftm.application.port.in.ErrorCode;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places orders at the broker for the gateway: answers a repeated client order id with the first
 * answer, applies the risk limits, clamps a close to what is held, and records every request and
 * answer in the audit trail before answering.
 *
 * <p>Thread-safe: orders are serialised under one lock, so a retry racing its original can never
 * place twice.
 */
public final class PlaceOrderService implements PlaceOrderUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(PlaceOrderService.class);

  private final ExchangeApi exchange;
  private final OrderAuditPort audit;
  private final RiskLimits limits;
  private final TradingMetrics metrics;
  private final InstantSource clock;
  private final LongSupplier nanoClock;
  private final Object lock = new Object();
  /** Answers by client order id; the audit trail is the durable copy, this saves a query per repeat. */
  private final Map<String, OrderResult> answered = new ConcurrentHashMap<>();

  public PlaceOrderService(
      ExchangeApi exchange,
      OrderAuditPort audit,
      RiskLimits limits,
      TradingMetrics metrics,
      InstantSource clock,
      LongSupplier nanoClock) {
    this.exchange = exchange;
    this.audit = audit;
    this.limits = limits;
    this.metrics = metrics;
    this.clock = clock;
    this.nanoClock = nanoClock;
  }

  @Override
  public OrderResult placeOrder(PlaceOrderCommand command) {
    OrderRequest request = command.request();
    String clientOrderId = request.clientOrderId();
    synchronized (lock) {
      if (clientOrderId != null) {
        Optional<OrderResult> first = firstAnswer(clientOrderId);
        if (first.isPresent()) {
          metrics.duplicateOrderAnswered();
          LOG.info("Repeated client_order_id {}: answering with the first answer, placing nothing", clientOrderId);
          return first.get();
        }
      }
      long auditId = audit.recordRequest(request, clock.millis());
      OrderResult result = checkAndPlace(request);
      audit.recordResult(auditId, result, clock.millis());
      if (clientOrderId != null) {
        answered.put(clientOrderId, result);
      }
      long origin = command.originNanos();
      metrics.orderAnswered(result.sent(), result.errorCode(), result.sent() && origin > 0 ? nanoClock.getAsLong() - origin : 0);
      return result;
    }
  }

  private Optional<OrderResult> firstAnswer(String clientOrderId) {
    OrderResult cached = answered.get(clientOrderId);
    return cached != null ? Optional.of(cached) : audit.findResultByClientOrderId(clientOrderId);
  }

  private OrderResult checkAndPlace(OrderRequest request) {
    if (!exchange.isLoggedIn()) {
      return refuse(request, ErrorCode.NOT_LOGGED_IN, "not logged in to the broker");
    }
    if (request.quantity() > limits.maxOrderQuantity()) {
      return refuse(request, ErrorCode.RISK_LIMIT,
          "quantity " + request.quantity() + " exceeds the limit of " + limits.maxOrderQuantity() + " lots per order");
    }
    try {
      int held = heldQuantity(request.orderAccount(), request.itemCode());
      OrderRequest toPlace = request;
      if (request.openClose() == OpenClose.CLOSE) {
        if (held == 0 || Integer.signum(held) == request.side().sign()) {
          return refuse(request, ErrorCode.NO_POSITION_TO_CLOSE,
              "nothing to close: " + request.side().wire() + " " + request.itemCode() + " while holding " + held);
        }
        if (request.quantity() > Math.abs(held)) {
          LOG.warn("Close order for {} lots of {} clamped to the {} held", request.quantity(), request.itemCode(), Math.abs(held));
          toPlace = request.withQuantity(Math.abs(held));
        }
      } else {
        long after = held + (long) request.side().sign() * request.quantity();
        if (Math.abs(after) > Math.abs(held) && Math.abs(after) > limits.maxPositionQuantity()) {
          return refuse(request, ErrorCode.RISK_LIMIT,
              "position in " + request.itemCode() + " would be " + after + " lots, over the limit of " + limits.maxPositionQuantity());
        }
      }
      OrderResult result = exchange.placeOrder(toPlace);
      return withClientOrderId(result, request.clientOrderId());
    } catch (ExchangeException e) {
      LOG.error("Broker failed while placing {}: {}", request, e.getMessage(), e);
      return refuse(request, ErrorCode.ORDER_EXECUTION_ERROR, "broker error: " + e.getMessage());
    }
  }

  private int heldQuantity(String account, String itemCode) {
    List<Position> positions = exchange.positions(account);
    for (Position position : positions) {
      if (position.itemCode().equals(itemCode)) {
        return position.quantity();
      }
    }
    return 0;
  }

  private static OrderResult refuse(OrderRequest request, ErrorCode code, String message) {
    LOG.warn("Order refused ({}): {}", code.wire(), message);
    return OrderResult.rejected(request.note(), code.wire(), message, request.clientOrderId());
  }

  private static OrderResult withClientOrderId(OrderResult result, String clientOrderId) {
    if (clientOrderId == null || clientOrderId.equals(result.clientOrderId())) {
      return result;
    }
    return new OrderResult(
        result.sent(), result.note(), result.orderSerial(), result.errorCode(), result.errorMessage(),
        clientOrderId, result.status(), result.filledQuantity());
  }
}
