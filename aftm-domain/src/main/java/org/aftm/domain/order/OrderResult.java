package org.aftm.domain.order;

import java.util.Objects;

/**
 * The answer to one order: docs/architecture.md §2.1's {@code send_order} data. A refusal is a
 * value ({@code sent == false} with an error code), not an exception.
 *
 * @param sent {@code is_send_order}: whether the broker took the order
 * @param note the order's note, echoed
 * @param orderSerial the broker's serial, empty when not sent
 * @param errorCode empty when sent, else an UPPER_SNAKE code
 * @param errorMessage empty when sent, else a human-readable reason
 * @param clientOrderId the caller's idempotency key, or {@code null}
 * @param status what became of the order
 * @param filledQuantity lots filled by the time of the answer
 */
public record OrderResult(
    boolean sent,
    String note,
    String orderSerial,
    String errorCode,
    String errorMessage,
    String clientOrderId,
    OrderState status,
    int filledQuantity) {

  public OrderResult {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(orderSerial, "orderSerial");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(status, "status");
  }

  public static OrderResult accepted(
      String note,
      String orderSerial,
      String clientOrderId,
      OrderState status,
      int filledQuantity) {
    return new OrderResult(true, note, orderSerial, "", "", clientOrderId, status, filledQuantity);
  }

  public static OrderResult rejected(
      String note, String errorCode, String errorMessage, String clientOrderId) {
    return new OrderResult(
        false, note, "", errorCode, errorMessage, clientOrderId, OrderState.REJECTED, 0);
  }
}
