package org.aftm.application.port.out;

/**
 * Counters and latencies the services report; implemented with HdrHistogram/Micrometer in the app.
 */
public interface TradingMetrics {

  TradingMetrics NONE = new TradingMetrics() {};

  /**
   * An order request reached the gateway; {@code tickToGatewayNanos} is 0 when the origin is
   * unknown.
   */
  default void orderReceived(long tickToGatewayNanos) {}

  /** An order answer went back; {@code tickToOrderNanos} is 0 when the origin is unknown. */
  default void orderAnswered(boolean sent, String errorCode, long tickToOrderNanos) {}

  /** A duplicate client order id was answered from the audit trail. */
  default void duplicateOrderAnswered() {}
}
