package org.aftm.app.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.aftm.domain.model.Price;

/**
 * Prices as the operator reads them. An average price is a quotient (cost over lots) that the
 * domain truncates to four places, so {@code 22000.3333} is an artefact, not a price: it shows to
 * 0.01, half up; so do points realized against such an average (a condition's partly closed lots:
 * {@code -23.6666}). Sums of fills (the portfolio's P&amp;L in points or TWD) are exact and show as
 * they are. JSON keeps the exact four places for scripts.
 */
final class PriceText {

  private static final int AVERAGE_PLACES = 2;

  private PriceText() {}

  /** An average, or points against one, to at most two places, half up, without trailing zeros. */
  static String average(Price price) {
    BigDecimal rounded =
        price.toBigDecimal().setScale(AVERAGE_PLACES, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.toPlainString();
  }
}
