package org.aftm.domain.model;

import java.util.Objects;

/**
 * A futures contract the broker lists.
 *
 * @param code the item code orders and quotes use, e.g. {@code "TXFL6"}
 * @param product the product root, e.g. {@code "TXF"}
 * @param name a human-readable name
 * @param deliveryMonth the delivery month as {@code yyyyMM}
 * @param tickSize the smallest price step
 * @param pointValue the money value of one point for one lot (TWD)
 * @param limitDown the lowest price allowed today
 * @param limitUp the highest price allowed today
 */
public record Contract(
    String code,
    String product,
    String name,
    String deliveryMonth,
    Price tickSize,
    long pointValue,
    Price limitDown,
    Price limitUp) {

  public Contract {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(deliveryMonth, "deliveryMonth");
    Objects.requireNonNull(tickSize, "tickSize");
    Objects.requireNonNull(limitDown, "limitDown");
    Objects.requireNonNull(limitUp, "limitUp");
    if (code.isBlank()) {
      throw new IllegalArgumentException("contract code is blank");
    }
    if (!tickSize.isPositive()) {
      throw new IllegalArgumentException("tick size of " + code + " must be > 0");
    }
    if (pointValue <= 0) {
      throw new IllegalArgumentException("point value of " + code + " must be > 0");
    }
  }

  /** Whether {@code priceUnits} is on the tick grid and within today's limits. */
  public boolean accepts(long priceUnits) {
    return priceUnits >= limitDown.units()
        && priceUnits <= limitUp.units()
        && priceUnits % tickSize.units() == 0;
  }
}
