package org.aftm.domain.condition;

import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * What the operator asked for: a support/resistance "right-side entry" on one instrument
 * (docs/architecture.md §3). Validated on construction, so an invalid spec never exists.
 *
 * @param itemCode the one instrument this condition watches
 * @param action buy (enter long after a dip to the trigger) or sell (enter short after a rise)
 * @param triggerPrice the price that arms the condition
 * @param turningPoint how far the price must turn back from the trigger before entering; zero
 *     disables trailing
 * @param quantity lots to enter and, later, to exit
 * @param takeProfitPoint points from the order price to take profit
 * @param stopLossPoint points from the order price to stop out
 * @param following whether the trigger trails new lows (buy) or new highs (sell) until entry
 */
public record ConditionSpec(
    String itemCode,
    Side action,
    Price triggerPrice,
    Price turningPoint,
    int quantity,
    Price takeProfitPoint,
    Price stopLossPoint,
    boolean following) {

  public static final Price DEFAULT_TAKE_PROFIT_POINT = Price.ofPoints(90);
  public static final Price DEFAULT_STOP_LOSS_POINT = Price.ofPoints(30);

  /**
   * Checks what holds for any condition whatever its instrument; {@link ConditionRules} checks it
   * against its instrument and the risk limits before it is stored.
   *
   * @throws InvalidConditionException naming the field that is wrong
   */
  public ConditionSpec {
    if (action == null) {
      throw new InvalidConditionException(ConditionField.ACTION, "is required");
    }
    if (itemCode == null || itemCode.isBlank()) {
      throw new InvalidConditionException(ConditionField.ITEM_CODE, "is required");
    }
    positive(ConditionField.TRIGGER_PRICE, triggerPrice);
    if (turningPoint == null) {
      throw new InvalidConditionException(ConditionField.TURNING_POINT, "is required");
    }
    if (turningPoint.isNegative()) {
      throw new InvalidConditionException(
          ConditionField.TURNING_POINT, "must be >= 0, was " + turningPoint);
    }
    if (quantity <= 0) {
      throw new InvalidConditionException(ConditionField.QUANTITY, "must be > 0, was " + quantity);
    }
    positive(ConditionField.TAKE_PROFIT_POINT, takeProfitPoint);
    positive(ConditionField.STOP_LOSS_POINT, stopLossPoint);
  }

  private static void positive(ConditionField field, Price value) {
    if (value == null) {
      throw new InvalidConditionException(field, "is required");
    }
    if (!value.isPositive()) {
      throw new InvalidConditionException(field, "must be > 0, was " + value);
    }
  }
}
