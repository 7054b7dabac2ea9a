package org.aftm.application.port.out;

/**
 * Counters and latencies the services report; implemented with HdrHistogram/Micrometer in the app.
 */
public interface TradingMetrics {

  TradingMetrics NONE = new TradingMetrics() {};

  /** What became of an order request that reached the placing of orders. */
  enum OrderOutcome {
    /** The broker took the order. */
    ACCEPTED,
    /** The broker said no. */
    REJECTED,
    /** A check of AFTM's said no (risk, rate, trading state, market hours...). */
    REFUSED,
    /** No decision: the broker failed or timed out, or the audit trail could not record it. */
    ERROR
  }

  /**
   * An order request reached the gateway; {@code tickToGatewayNanos} is 0 when the origin is
   * unknown.
   */
  default void orderReceived(long tickToGatewayNanos) {}

  /** An order answer went back; {@code tickToOrderNanos} is 0 when the origin is unknown. */
  default void orderAnswered(boolean sent, String errorCode, long tickToOrderNanos) {}

  /**
   * An order answer went back, with its outcome; by default told as {@link #orderAnswered(boolean,
   * String, long)}.
   *
   * @param errorCode the refusal's or rejection's code, empty when accepted
   */
  default void orderAnswered(OrderOutcome outcome, String errorCode, long tickToOrderNanos) {
    orderAnswered(outcome == OrderOutcome.ACCEPTED, errorCode, tickToOrderNanos);
  }

  /** A duplicate client order id was answered from the audit trail. */
  default void duplicateOrderAnswered() {}
}
