package org.aftm.application.service;

/**
 * Pre-trade limits the gateway applies to every order.
 *
 * @param maxOrderQuantity most lots in one order
 * @param maxPositionQuantity most net lots held in one instrument after an opening order
 */
public record RiskLimits(int maxOrderQuantity, int maxPositionQuantity) {

  public RiskLimits {
    if (maxOrderQuantity <= 0) {
      throw new IllegalArgumentException("maxOrderQuantity must be > 0");
    }
    if (maxPositionQuantity <= 0) {
      throw new IllegalArgumentException("maxPositionQuantity must be > 0");
    }
  }
}
