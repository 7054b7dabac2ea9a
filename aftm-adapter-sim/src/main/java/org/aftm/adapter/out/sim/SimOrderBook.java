package org.aftm.adapter.out.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.OrderRequest;

/**
 * The simulated market of one contract: its last trade and the limit orders resting on it.
 *
 * <p>Not thread-safe except for {@link #quoteNames()}: {@link SimExchangeApi} serialises access
 * under its lock.
 */
final class SimOrderBook {

  /** A limit order waiting for the market to reach its price. */
  record RestingOrder(String serial, OrderRequest request, long limitUnits) {}

  private static final long NO_PRICE = Long.MIN_VALUE;

  private final Contract contract;
  private final long referenceUnits;
  private final List<RestingOrder> resting = new ArrayList<>();

  /** The item codes quotes were subscribed under (the contract's code and/or its product alias). */
  private final Set<String> quoteNames = new CopyOnWriteArraySet<>();

  private long lastPriceUnits = NO_PRICE;
  private long lastTimeMillis;

  SimOrderBook(Contract contract, long referenceUnits) {
    this.contract = contract;
    this.referenceUnits = referenceUnits;
  }

  Contract contract() {
    return contract;
  }

  /** Where a generated price path starts when nothing has traded yet. */
  long referenceUnits() {
    return referenceUnits;
  }

  boolean hasPrice() {
    return lastPriceUnits != NO_PRICE;
  }

  long lastPriceUnits() {
    return lastPriceUnits;
  }

  long lastTimeMillis() {
    return lastTimeMillis;
  }

  Set<String> quoteNames() {
    return quoteNames;
  }

  /** Whether a limit order on {@code side} at {@code limitUnits} trades at the last price. */
  boolean isMarketable(Side side, long limitUnits) {
    return side == Side.BUY ? limitUnits >= lastPriceUnits : limitUnits <= lastPriceUnits;
  }

  void rest(RestingOrder order) {
    resting.add(order);
  }

  /** Takes a resting order off the book; whether it was resting. */
  boolean remove(String clientOrderId) {
    for (int i = 0; i < resting.size(); i++) {
      if (resting.get(i).request().clientOrderId().equals(clientOrderId)) {
        resting.remove(i);
        return true;
      }
    }
    return false;
  }

  /**
   * Records a trade and takes out the resting orders it crosses: buys limited at or above the price
   * and sells limited at or below it.
   *
   * @return the crossed orders in the order they rested, or {@code null} when none (the common
   *     case, which allocates nothing)
   */
  List<RestingOrder> trade(long priceUnits, long timeMillis) {
    lastPriceUnits = priceUnits;
    lastTimeMillis = timeMillis;
    if (resting.isEmpty()) {
      return null;
    }
    List<RestingOrder> crossed = null;
    for (int i = 0; i < resting.size(); ) {
      RestingOrder order = resting.get(i);
      if (isMarketable(order.request().side(), order.limitUnits())) {
        if (crossed == null) {
          crossed = new ArrayList<>(2);
        }
        crossed.add(order);
        resting.remove(i);
      } else {
        i++;
      }
    }
    return crossed;
  }
}
