package org.aftm.domain.order;

import org.aftm.domain.model.Price;

/**
 * A net position in one instrument for one account, valued at the last price.
 *
 * @param account the order account
 * @param itemCode the instrument
 * @param quantity net lots: positive long, negative short
 * @param averagePrice the average open price of the lots held, zero when flat
 * @param lastPrice the price the P&amp;L is valued at
 * @param realizedPnlPoints points realized by closing, summed over lots
 * @param unrealizedPnlPoints points open at {@code lastPrice}, summed over lots
 * @param pointValue money per point per lot (TWD)
 */
public record Position(
    String account,
    String itemCode,
    int quantity,
    Price averagePrice,
    Price lastPrice,
    Price realizedPnlPoints,
    Price unrealizedPnlPoints,
    long pointValue) {

  public Price unrealizedPnl() {
    return unrealizedPnlPoints.times(pointValue);
  }

  public Price realizedPnl() {
    return realizedPnlPoints.times(pointValue);
  }

  public boolean isFlat() {
    return quantity == 0;
  }
}
