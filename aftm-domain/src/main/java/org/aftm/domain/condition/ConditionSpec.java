package org.aftm.domain.condition;

import java.util.Objects;
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

  public ConditionSpec {
    Objects.requireNonNull(action, "action is required");
    if (itemCode == null || itemCode.isBlank()) {
      throw new IllegalArgumentException("item_code is required");
    }
    if (triggerPrice == null || !triggerPrice.isPositive()) {
      throw new IllegalArgumentException("trigger_price must be > 0 but was " + triggerPrice);
    }
    if (turningPoint == null || turningPoint.isNegative()) {
      throw new IllegalArgumentException("turning_point must be >= 0 but was " + turningPoint);
    }
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be > 0 but was " + quantity);
    }
    if (takeProfitPoint == null || !takeProfitPoint.isPositive()) {
      throw new IllegalArgumentException(
          "take_profit_point must be > 0 but was " + takeProfitPoint);
    }
    if (stopLossPoint == null || !stopLossPoint.isPositive()) {
      throw new IllegalArgumentException("stop_loss_point must be > 0 but was " + stopLossPoint);
    }
  }
}
