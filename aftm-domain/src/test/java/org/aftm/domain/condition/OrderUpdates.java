package org.aftm.domain.condition;

import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;

/** Order updates for tests: what the main process would tell the strategy of one order. */
public final class OrderUpdates {

  private OrderUpdates() {}

  /** The order filled in full at {@code priceUnits}. */
  public static OrderUpdate filled(ConditionOrderId id, int quantity, long priceUnits) {
    return new OrderUpdate(
        id.clientOrderId(), OrderState.FILLED, quantity, quantity, quantity * priceUnits, "", "");
  }

  /** Part of the order filled at {@code priceUnits}; the rest still works. */
  public static OrderUpdate partiallyFilled(
      ConditionOrderId id, int quantity, int filled, long priceUnits) {
    return new OrderUpdate(
        id.clientOrderId(),
        OrderState.PARTIALLY_FILLED,
        quantity,
        filled,
        filled * priceUnits,
        "",
        "");
  }

  /** The order was refused; nothing filled. */
  public static OrderUpdate rejected(ConditionOrderId id, int quantity, ErrorCode code) {
    return new OrderUpdate(
        id.clientOrderId(), OrderState.REJECTED, quantity, 0, 0, code.wire(), "refused in a test");
  }

  /** The broker took the order; nothing filled yet. */
  public static OrderUpdate accepted(ConditionOrderId id, int quantity) {
    return new OrderUpdate(id.clientOrderId(), OrderState.ACCEPTED, quantity, 0, 0, "", "");
  }

  /** The order's unfilled rest was cancelled after {@code filled} lots at {@code priceUnits}. */
  public static OrderUpdate cancelled(
      ConditionOrderId id, int quantity, int filled, long priceUnits) {
    return new OrderUpdate(
        id.clientOrderId(),
        OrderState.CANCELLED,
        quantity,
        filled,
        filled * priceUnits,
        "",
        "IOC rest cancelled");
  }

  /** The order expired with nothing filled. */
  public static OrderUpdate expired(ConditionOrderId id, int quantity) {
    return new OrderUpdate(id.clientOrderId(), OrderState.EXPIRED, quantity, 0, 0, "", "expired");
  }

  /**
   * Fills the condition's current order in full at {@code priceUnits}, as the broker would answer
   * its last signal, with the default of three entry attempts.
   */
  public static ConditionStep fillCurrent(Condition condition, long priceUnits) {
    ConditionOrderId id = condition.currentOrderId();
    return condition.onOrderUpdate(
        id, filled(id, condition.signalQuantity(), priceUnits), DEFAULT_MAX_ENTRY_ATTEMPTS);
  }

  /** Refuses the condition's current order with {@code code}. */
  public static ConditionStep rejectCurrent(Condition condition, ErrorCode code) {
    ConditionOrderId id = condition.currentOrderId();
    return condition.onOrderUpdate(
        id, rejected(id, condition.signalQuantity(), code), DEFAULT_MAX_ENTRY_ATTEMPTS);
  }

  /** The strategy's default. */
  public static final int DEFAULT_MAX_ENTRY_ATTEMPTS = 3;
}
