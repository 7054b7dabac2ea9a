package org.aftm.application.service;

/**
 * Pre-trade limits the gateway applies to every order.
 *
 * @param maxOrderQuantity most lots in one order
 * @param maxPositionQuantity most net lots held in one instrument after an opening order
 * @param maxOrderAgeNanos an order whose tick is older than this is refused, never placed late
 */
public record RiskLimits(int maxOrderQuantity, int maxPositionQuantity, long maxOrderAgeNanos) {

  public RiskLimits {
    if (maxOrderQuantity <= 0) {
      throw new IllegalArgumentException("maxOrderQuantity must be > 0");
    }
    if (maxPositionQuantity <= 0) {
      throw new IllegalArgumentException("maxPositionQuantity must be > 0");
    }
    if (maxOrderAgeNanos <= 0) {
      throw new IllegalArgumentException("maxOrderAgeNanos must be > 0");
    }
  }

  /** Limits with no age limit. */
  public RiskLimits(int maxOrderQuantity, int maxPositionQuantity) {
    this(maxOrderQuantity, maxPositionQuantity, Long.MAX_VALUE);
  }
}
