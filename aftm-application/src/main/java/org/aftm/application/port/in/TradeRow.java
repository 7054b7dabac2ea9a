package org.aftm.application.port.in;

import java.util.Objects;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * One fill as the trade blotter shows it, with the P&amp;L it realized.
 *
 * @param timeMillis when it filled, epoch milliseconds
 * @param account the order account
 * @param itemCode the instrument
 * @param side buy or sell
 * @param quantity lots filled
 * @param price the fill price
 * @param conditionId the condition whose order it is, 0 for an order of no condition
 * @param leg {@code entry} or {@code exit} for a condition's order, {@code flatten} for the
 *     operator's or the session close's flatten, {@code order} for any other
 * @param clientOrderId the order's id
 * @param sender who sent the order, as the audit recorded it
 * @param closedLots lots this fill closed (0 for a fill that only opened)
 * @param realizedPoints points realized by the closed lots, summed over lots: a condition's against
 *     its own entry's average price; a flatten's against the lots it closed
 * @param pointValue money (TWD) per point per lot, 0 when not known
 * @param feeTwd the broker's fee for this fill (lots × fee per lot)
 * @param taxTwd the futures transaction tax for this fill, whole TWD
 */
public record TradeRow(
    long timeMillis,
    String account,
    String itemCode,
    Side side,
    int quantity,
    Price price,
    long conditionId,
    String leg,
    String clientOrderId,
    String sender,
    int closedLots,
    Price realizedPoints,
    long pointValue,
    Price feeTwd,
    Price taxTwd) {

  public TradeRow {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(itemCode, "itemCode");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(leg, "leg");
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(realizedPoints, "realizedPoints");
    Objects.requireNonNull(feeTwd, "feeTwd");
    Objects.requireNonNull(taxTwd, "taxTwd");
  }

  /** Whether the fill closed lots, so realized P&amp;L. */
  public boolean closing() {
    return closedLots > 0;
  }

  /** Whether the point value, so every TWD amount, is known. */
  public boolean priced() {
    return pointValue > 0;
  }

  /** The realized P&amp;L in TWD; zero when the point value is not known (see {@link #priced}). */
  public Price realizedTwd() {
    return realizedPoints.times(pointValue);
  }
}
