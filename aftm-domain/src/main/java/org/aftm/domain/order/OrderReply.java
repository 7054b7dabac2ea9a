package org.aftm.domain.order;

/**
 * The broker's asynchronous word on an order after placement (DESIGN §5's order reply event).
 *
 * @param orderSerial the broker's serial
 * @param orderAccount the account
 * @param status what became of the order
 * @param filledQuantity lots filled so far
 * @param remainingQuantity lots still resting
 * @param message the broker's text
 */
public record OrderReply(
    String orderSerial, String orderAccount, OrderStatus status, int filledQuantity, int remainingQuantity, String message) {}
