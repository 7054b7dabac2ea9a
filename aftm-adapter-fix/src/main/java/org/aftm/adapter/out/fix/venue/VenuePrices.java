package org.aftm.adapter.out.fix.venue;

import java.math.BigDecimal;
import org.aftm.domain.model.Price;

/** FIX decimals to and from AFTM's price units, exactly (no double on the way). */
final class VenuePrices {

  private VenuePrices() {}

  static BigDecimal decimal(long units) {
    BigDecimal value = BigDecimal.valueOf(units, Price.SCALE).stripTrailingZeros();
    // 1E+1 would print as "1E+1": keep plain integers at scale 0.
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  /**
   * @throws IllegalArgumentException when the decimal has more places than a price holds
   */
  static long units(BigDecimal value) {
    try {
      return Price.ofUnits(value.setScale(Price.SCALE).unscaledValue().longValueExact()).units();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "price " + value.toPlainString() + " has more than " + Price.SCALE + " decimal places");
    }
  }
}
