package org.aftm.domain.order;

import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;

/**
 * An order as docs/architecture.md §2.1's {@code send_order} carries it: the ten required fields
 * plus the optional {@code client_order_id}. Validated on construction; the message names the bad
 * field.
 *
 * @param clientOrderId the caller's idempotency key, or {@code null}; a repeat gets the first
 *     answer
 */
public record OrderRequest(
    String orderAccount,
    String itemCode,
    Side side,
    OrderType orderType,
    Price price,
    int quantity,
    OpenClose openClose,
    String note,
    DayTrade dayTrade,
    TimeInForce timeInForce,
    String clientOrderId) {

  /**
   * Longest note and client order id accepted, so a hostile caller cannot bloat the audit trail.
   */
  public static final int MAX_TEXT_LENGTH = 128;

  public OrderRequest {
    requireText("order_account", orderAccount);
    requireText("item_code", itemCode);
    requireValue("side", side);
    requireValue("order_type", orderType);
    requireValue("price", price);
    requireValue("open_close", openClose);
    requireValue("day_trade", dayTrade);
    requireValue("time_in_force", timeInForce);
    if (note == null) {
      throw new IllegalArgumentException("note is required");
    }
    if (note.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("note must be at most " + MAX_TEXT_LENGTH + " characters");
    }
    if (clientOrderId != null
        && (clientOrderId.isBlank() || clientOrderId.length() > MAX_TEXT_LENGTH)) {
      throw new IllegalArgumentException(
          "client_order_id must be 1 to " + MAX_TEXT_LENGTH + " characters");
    }
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be > 0 but was " + quantity);
    }
    if (price.isNegative()) {
      throw new IllegalArgumentException("price must be >= 0 but was " + price);
    }
    if (orderType == OrderType.LIMIT && !price.isPositive()) {
      throw new IllegalArgumentException("price must be > 0 for a Limit order");
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_TEXT_LENGTH + " characters");
    }
  }

  private static void requireValue(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  /** A copy with another client order id, for a caller that sent none. */
  public OrderRequest withClientOrderId(String newClientOrderId) {
    return new OrderRequest(
        orderAccount,
        itemCode,
        side,
        orderType,
        price,
        quantity,
        openClose,
        note,
        dayTrade,
        timeInForce,
        newClientOrderId);
  }

  /** A copy with another quantity and open/close, for an exit resized by the pre-trade checks. */
  public OrderRequest withQuantityAndOpenClose(int newQuantity, OpenClose newOpenClose) {
    return new OrderRequest(
        orderAccount,
        itemCode,
        side,
        orderType,
        price,
        newQuantity,
        newOpenClose,
        note,
        dayTrade,
        timeInForce,
        clientOrderId);
  }

  /** A copy with another quantity, for an exit clamped to what is held. */
  public OrderRequest withQuantity(int newQuantity) {
    return withQuantityAndOpenClose(newQuantity, openClose);
  }
}
