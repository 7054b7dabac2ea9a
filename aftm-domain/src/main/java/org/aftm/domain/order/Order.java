package org.aftm.domain.order;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One order through its life, keyed by its client order id: applies the events a broker reports
 * through an explicit table of allowed transitions. An event the table does not allow is refused
 * and leaves the order as it was; a repeated execution applies once.
 *
 * <p>Allowed: submitted → accepted | rejected | fill | cancelled | expired | unknown; accepted →
 * fill | rejected | cancelled | expired | unknown; partially filled → fill | cancelled | expired |
 * unknown; unknown → anything that resolves it (an accept resolves it to partially filled if lots
 * filled before). Filled, rejected, cancelled and expired are final. A reject after a fill, or a
 * fill past the ordered quantity, is refused.
 *
 * <p>Not thread-safe: its owner serialises access.
 */
public final class Order {

  /** What {@link #apply} did with an event. */
  public enum Outcome {
    /** The event changed the order. */
    APPLIED,
    /** The event was already applied (same execution, or an accept after the order moved on). */
    DUPLICATE,
    /** The lifecycle does not allow the event; the order is unchanged. */
    REFUSED
  }

  private final String clientOrderId;
  private final OrderRequest request;
  private final String closesClientOrderId;
  private final Set<String> executions = new HashSet<>(4);
  private OrderState state = OrderState.SUBMITTED;
  private String orderSerial = "";
  private int filledQuantity;
  private long filledCostUnits;
  private String errorCode = "";
  private String reason = "";
  private String lastRefusal = "";

  /**
   * A submitted order.
   *
   * @param closesClientOrderId for an exit, the entry it closes, or {@code null}
   */
  public Order(OrderRequest request, String closesClientOrderId) {
    this.request = Objects.requireNonNull(request, "request");
    if (request.clientOrderId() == null) {
      throw new IllegalArgumentException("an order in the lifecycle needs a client_order_id");
    }
    this.clientOrderId = request.clientOrderId();
    this.closesClientOrderId = closesClientOrderId;
  }

  /**
   * Rebuilds an order as it was stored.
   *
   * @param executions the execution ids already applied, so a repeated report is recognised
   */
  public static Order restore(
      OrderRequest request,
      String closesClientOrderId,
      OrderState state,
      String orderSerial,
      int filledQuantity,
      long filledCostUnits,
      String errorCode,
      String reason,
      Set<String> executions) {
    Order order = new Order(request, closesClientOrderId);
    order.state = Objects.requireNonNull(state, "state");
    order.orderSerial = orderSerial == null ? "" : orderSerial;
    order.filledQuantity = filledQuantity;
    order.filledCostUnits = filledCostUnits;
    order.errorCode = errorCode == null ? "" : errorCode;
    order.reason = reason == null ? "" : reason;
    order.executions.addAll(executions);
    return order;
  }

  /** An independent copy, for a writer on another thread. */
  public Order copy() {
    return restore(
        request,
        closesClientOrderId,
        state,
        orderSerial,
        filledQuantity,
        filledCostUnits,
        errorCode,
        reason,
        executions);
  }

  /** Applies one event if the lifecycle allows it; see {@link #lastRefusal()} when refused. */
  public Outcome apply(OrderEvent event) {
    if (!clientOrderId.equals(event.clientOrderId())) {
      return refuse(event, "it belongs to order " + event.clientOrderId());
    }
    if (event instanceof OrderEvent.Filled fill) {
      return applyFill(fill);
    }
    if (event instanceof OrderEvent.Accepted accepted) {
      if (state == OrderState.ACCEPTED
          || state == OrderState.PARTIALLY_FILLED
          || state == OrderState.FILLED) {
        return Outcome.DUPLICATE;
      }
      if (state != OrderState.SUBMITTED && state != OrderState.UNKNOWN) {
        return refuse(event, "the order is already " + state.wire());
      }
      // An order that filled in part before its outcome became unknown still works with those
      // lots filled.
      state = filledQuantity > 0 ? OrderState.PARTIALLY_FILLED : OrderState.ACCEPTED;
      serial(accepted.orderSerial());
      return Outcome.APPLIED;
    }
    if (state.isFinal()) {
      return state == terminalStateOf(event)
          ? Outcome.DUPLICATE
          : refuse(event, "the order is already " + state.wire());
    }
    if (event instanceof OrderEvent.Rejected rejected) {
      if (filledQuantity > 0) {
        return refuse(event, filledQuantity + " lots already filled");
      }
      state = OrderState.REJECTED;
      errorCode = rejected.errorCode();
      reason = rejected.reason();
      return Outcome.APPLIED;
    }
    if (event instanceof OrderEvent.Cancelled cancelled) {
      state = OrderState.CANCELLED;
      serial(cancelled.orderSerial());
      reason = cancelled.reason();
      return Outcome.APPLIED;
    }
    if (event instanceof OrderEvent.Expired expired) {
      state = OrderState.EXPIRED;
      serial(expired.orderSerial());
      reason = expired.reason();
      return Outcome.APPLIED;
    }
    OrderEvent.Unknown unknown = (OrderEvent.Unknown) event;
    state = OrderState.UNKNOWN;
    reason = unknown.reason();
    return Outcome.APPLIED;
  }

  private Outcome applyFill(OrderEvent.Filled fill) {
    if (executions.contains(fill.executionId())) {
      return Outcome.DUPLICATE;
    }
    if (state.isFinal()) {
      return refuse(fill, "the order is already " + state.wire());
    }
    int remaining = request.quantity() - filledQuantity;
    if (fill.quantity() > remaining) {
      return refuse(
          fill, "it fills " + fill.quantity() + " lots but only " + remaining + " remain");
    }
    executions.add(fill.executionId());
    filledQuantity += fill.quantity();
    filledCostUnits =
        Math.addExact(filledCostUnits, Math.multiplyExact(fill.price().units(), fill.quantity()));
    serial(fill.orderSerial());
    state = filledQuantity == request.quantity() ? OrderState.FILLED : OrderState.PARTIALLY_FILLED;
    return Outcome.APPLIED;
  }

  private static OrderState terminalStateOf(OrderEvent event) {
    if (event instanceof OrderEvent.Rejected) {
      return OrderState.REJECTED;
    }
    if (event instanceof OrderEvent.Cancelled) {
      return OrderState.CANCELLED;
    }
    if (event instanceof OrderEvent.Expired) {
      return OrderState.EXPIRED;
    }
    return null;
  }

  private void serial(String serial) {
    if (serial != null && !serial.isEmpty()) {
      orderSerial = serial;
    }
  }

  private Outcome refuse(OrderEvent event, String why) {
    lastRefusal =
        event.getClass().getSimpleName().toLowerCase()
            + " for "
            + clientOrderId
            + " refused: "
            + why;
    return Outcome.REFUSED;
  }

  /** Why the last refused event was refused, or empty. */
  public String lastRefusal() {
    return lastRefusal;
  }

  /** The order as the strategy sees it. */
  public OrderUpdate toUpdate() {
    return new OrderUpdate(
        clientOrderId,
        state,
        request.quantity(),
        filledQuantity,
        filledCostUnits,
        errorCode,
        reason);
  }

  public String clientOrderId() {
    return clientOrderId;
  }

  public OrderRequest request() {
    return request;
  }

  /** For an exit, the entry it closes; {@code null} otherwise. */
  public String closesClientOrderId() {
    return closesClientOrderId;
  }

  public OrderState state() {
    return state;
  }

  public String orderSerial() {
    return orderSerial;
  }

  public int filledQuantity() {
    return filledQuantity;
  }

  /** Lots still working: ordered minus filled while the order lives, zero once final. */
  public int workingQuantity() {
    return state.isFinal() ? 0 : request.quantity() - filledQuantity;
  }

  public long filledCostUnits() {
    return filledCostUnits;
  }

  public String errorCode() {
    return errorCode;
  }

  public String reason() {
    return reason;
  }

  /** Execution ids applied so far. */
  public Set<String> executions() {
    return Set.copyOf(executions);
  }
}
