package org.aftm.domain.condition;

import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/** Condition specs for tests, in whole points. */
public final class Specs {

  private Specs() {}

  public static ConditionSpec spec(
      String item,
      Side side,
      long trigger,
      long turning,
      int quantity,
      long takeProfit,
      long stopLoss,
      boolean following) {
    return new ConditionSpec(
        item,
        side,
        Price.ofPoints(trigger),
        Price.ofPoints(turning),
        quantity,
        Price.ofPoints(takeProfit),
        Price.ofPoints(stopLoss),
        following);
  }

  /**
   * docs/architecture.md §3's reference: buy TXF, trigger 22000, turning 30, TP 120, SL 30,
   * following on.
   */
  public static ConditionSpec reference(int quantity) {
    return spec("TXFF6", Side.BUY, 22000, 30, quantity, 120, 30, true);
  }

  public static long pts(long points) {
    return points * Price.UNITS_PER_POINT;
  }
}
