package org.aftm.domain.order;

import java.util.Objects;

/**
 * Who sent an order, for the audit trail: the name the gateway's link gave the client and the key
 * it authenticated, or one of the constants for orders the main process makes itself. Recorded with
 * the request, so an operator can see which client placed each order.
 *
 * @param name the client's allow-listed name ({@code order-executor}, {@code operator}, an
 *     operator-added name), {@code unauthenticated} on a link without CURVE, or a constant's name
 * @param publicKey the client's CURVE public key in Z85, or empty when the link authenticated none
 */
public record OrderSender(String name, String publicKey) {

  /** An order the main process made itself: the operator's or the session close's flatten. */
  public static final OrderSender MAIN_PROCESS = new OrderSender("main-process", "");

  /** A manual order the operator sent from the console of the main process ({@code aftm}). */
  public static final OrderSender OPERATOR_CONSOLE = new OrderSender("operator-console", "");

  /** An order of a backtest replay, which reaches no broker. */
  public static final OrderSender REPLAY = new OrderSender("replay", "");

  /**
   * No sender given (tools and tests), and what an order recorded before the audit kept senders
   * (schema version 5) reads as.
   */
  public static final OrderSender UNRECORDED = new OrderSender("unrecorded", "");

  public OrderSender {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** Name and, when there is one, key: {@code operator (key rq:A...)}, for logs and the CLI. */
  @Override
  public String toString() {
    return publicKey.isEmpty() ? name : name + " (key " + publicKey + ")";
  }
}
