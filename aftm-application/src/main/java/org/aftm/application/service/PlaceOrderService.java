package org.aftm.application.service;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.order.ErrorCode;
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

  /**
   * Answers by client order id; the audit trail is the durable copy, this saves a query per repeat.
   */
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
    if (command.originNanos() > 0) {
      metrics.orderReceived(nanoClock.getAsLong() - command.originNanos());
    }
    synchronized (lock) {
      if (clientOrderId != null) {
        Optional<OrderResult> first = firstAnswer(clientOrderId);
        if (first.isPresent()) {
          metrics.duplicateOrderAnswered();
          LOG.info(
              "Repeated client_order_id {}: answering with the first answer, placing nothing",
              clientOrderId);
          return first.get();
        }
      }
      Decision decision = decide(command);
      // The request is durable before anything reaches the broker: after a crash, a retry finds it
      // and is told the outcome is unknown instead of placing a second order.
      long auditId =
          audit.recordRequest(decision.toRecord(), command.closesClientOrderId(), clock.millis());
      OrderResult result =
          decision.refusal() != null ? decision.refusal() : place(decision.toRecord());
      if (clientOrderId != null) {
        answered.put(clientOrderId, result);
      }
      try {
        audit.recordResult(auditId, result, clock.millis());
      } catch (RuntimeException e) {
        // The broker's answer stands: reporting a live order as refused would be worse than a gap
        // in the trail, and a retry is answered from memory meanwhile.
        LOG.error(
            "Could not record the answer to audit request {} ({}): {}",
            auditId,
            result,
            e.toString());
      }
      long origin = command.originNanos();
      metrics.orderAnswered(
          result.sent(),
          result.errorCode(),
          result.sent() && origin > 0 ? nanoClock.getAsLong() - origin : 0);
      return result;
    }
  }

  /**
   * What to do with an order: refuse it, or place this (possibly clamped) request.
   *
   * @param toRecord the request as it goes to the broker, or as it came when refused
   * @param refusal the refusal, or {@code null} to place {@code toRecord}
   */
  private record Decision(OrderRequest toRecord, OrderResult refusal) {
    static Decision place(OrderRequest request) {
      return new Decision(request, null);
    }
  }

  private Optional<OrderResult> firstAnswer(String clientOrderId) {
    OrderResult cached = answered.get(clientOrderId);
    return cached != null ? Optional.of(cached) : audit.findResultByClientOrderId(clientOrderId);
  }

  private Decision decide(PlaceOrderCommand command) {
    OrderRequest request = command.request();
    long age = command.originNanos() > 0 ? nanoClock.getAsLong() - command.originNanos() : 0;
    if (age > limits.maxOrderAgeNanos()) {
      return refuse(
          request,
          ErrorCode.STALE_ORDER,
          "the tick behind this order is "
              + age / 1_000_000
              + " ms old, over the limit of "
              + limits.maxOrderAgeNanos() / 1_000_000
              + " ms; not placed late");
    }
    if (!exchange.isLoggedIn()) {
      return refuse(request, ErrorCode.NOT_LOGGED_IN, "not logged in to the broker");
    }
    if (request.quantity() > limits.maxOrderQuantity()) {
      return refuse(
          request,
          ErrorCode.RISK_LIMIT,
          "quantity "
              + request.quantity()
              + " exceeds the limit of "
              + limits.maxOrderQuantity()
              + " lots per order");
    }
    try {
      int held = heldQuantity(request.orderAccount(), request.itemCode());
      if (request.openClose() != OpenClose.CLOSE) {
        long after = held + (long) request.side().sign() * request.quantity();
        if (Math.abs(after) > Math.abs(held) && Math.abs(after) > limits.maxPositionQuantity()) {
          return refuse(
              request,
              ErrorCode.RISK_LIMIT,
              "position in "
                  + request.itemCode()
                  + " would be "
                  + after
                  + " lots, over the limit of "
                  + limits.maxPositionQuantity());
        }
        return Decision.place(request);
      }
      if (held == 0 || Integer.signum(held) == request.side().sign()) {
        return refuse(
            request,
            ErrorCode.NO_POSITION_TO_CLOSE,
            "nothing to close: "
                + request.side().wire()
                + " "
                + request.itemCode()
                + " while holding "
                + held);
      }
      int closable = Math.abs(held);
      String closes = command.closesClientOrderId();
      if (closes != null) {
        OrderResult entry = firstAnswer(closes).orElse(null);
        int entryFilled = entry == null || !entry.sent() ? 0 : entry.filledQuantity();
        if (entryFilled == 0) {
          return refuse(
              request,
              ErrorCode.NO_POSITION_TO_CLOSE,
              "the entry "
                  + closes
                  + " this order closes has no fill; closing anything would touch other lots");
        }
        closable = Math.min(closable, entryFilled);
      }
      if (request.quantity() > closable) {
        LOG.warn(
            "Close order for {} lots of {} clamped to the {} it may close",
            request.quantity(),
            request.itemCode(),
            closable);
        return Decision.place(request.withQuantity(closable));
      }
      return Decision.place(request);
    } catch (ExchangeException e) {
      LOG.error("Broker failed while checking {}: {}", request, e.getMessage(), e);
      return refuse(request, ErrorCode.ORDER_EXECUTION_ERROR, "broker error: " + e.getMessage());
    }
  }

  private OrderResult place(OrderRequest request) {
    try {
      return withClientOrderId(exchange.placeOrder(request), request.clientOrderId());
    } catch (ExchangeException e) {
      LOG.error("Broker failed while placing {}: {}", request, e.getMessage(), e);
      return OrderResult.rejected(
          request.note(),
          ErrorCode.ORDER_EXECUTION_ERROR.wire(),
          "broker error, the order may or may not be placed; check orders and positions: "
              + e.getMessage(),
          request.clientOrderId());
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

  private static Decision refuse(OrderRequest request, ErrorCode code, String message) {
    LOG.warn("Order refused ({}): {}", code.wire(), message);
    return new Decision(
        request,
        OrderResult.rejected(request.note(), code.wire(), message, request.clientOrderId()));
  }

  private static OrderResult withClientOrderId(OrderResult result, String clientOrderId) {
    if (clientOrderId == null || clientOrderId.equals(result.clientOrderId())) {
      return result;
    }
    return new OrderResult(
        result.sent(),
        result.note(),
        result.orderSerial(),
        result.errorCode(),
        result.errorMessage(),
        clientOrderId,
        result.status(),
        result.filledQuantity());
  }
}
