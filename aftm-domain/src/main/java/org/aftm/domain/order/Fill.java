package org.aftm.domain.order;

import java.util.Objects;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * One execution of (part of) an order.
 *
 * @param clientOrderId the order's idempotency key
 * @param executionId the broker's unique id of this execution
 * @param orderSerial the broker's serial of the order
 * @param orderAccount the account it was placed for
 * @param itemCode the instrument
 * @param side buy or sell
 * @param quantity lots filled, &gt; 0
 * @param price the fill price
 * @param timeMillis when it filled, epoch milliseconds
 */
public record Fill(
    String clientOrderId,
    String executionId,
    String orderSerial,
    String orderAccount,
    String itemCode,
    Side side,
    int quantity,
    Price price,
    long timeMillis) {

  public Fill {
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(orderSerial, "orderSerial");
    Objects.requireNonNull(orderAccount, "orderAccount");
    Objects.requireNonNull(itemCode, "itemCode");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(price, "price");
    if (quantity <= 0) {
      throw new IllegalArgumentException("fill quantity must be > 0 but was " + quantity);
    }
  }
}
