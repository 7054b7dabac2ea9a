package org.aftm.domain.order;

import java.util.Objects;

/**
 * An order as it stands after an event: what the main process tells the strategy. Cumulative, so
 * applying the same update twice, or an older one after a newer one, changes nothing that counts.
 *
 * @param clientOrderId the order's idempotency key
 * @param state where the order is now
 * @param quantity lots ordered
 * @param filledQuantity lots filled so far
 * @param filledCostUnits the sum over its fills of price × lots, in price units, so the average
 *     stays exact
 * @param errorCode why it was refused or given up, or empty
 * @param reason human-readable text for the last event, or empty
 */
public record OrderUpdate(
    String clientOrderId,
    OrderState state,
    int quantity,
    int filledQuantity,
    long filledCostUnits,
    String errorCode,
    String reason) {

  public OrderUpdate {
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(reason, "reason");
    if (filledQuantity < 0 || filledQuantity > quantity) {
      throw new IllegalArgumentException(
          "filledQuantity must be 0.." + quantity + " but was " + filledQuantity);
    }
  }

  /** The average fill price in price units, 0 before any fill. */
  public long averageFillPriceUnits() {
    return filledQuantity == 0 ? 0 : filledCostUnits / filledQuantity;
  }
}
