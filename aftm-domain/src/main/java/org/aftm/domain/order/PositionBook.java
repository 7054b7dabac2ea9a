package org.aftm.domain.order;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.aftm.domain.model.Price;

/**
 * Net positions per account and instrument, built from fills: average open price, realized P&amp;L
 * when lots close, and unrealized P&amp;L at a given price. A fill larger than the position it
 * closes flips it, and the rest opens at the fill price.
 *
 * <p>Not thread-safe: its owner serialises access.
 */
public final class PositionBook {

  private static final class Lot {
    final String account;
    final String itemCode;
    int quantity;

    /** Sum of open price × signed lots, in price units, so the average stays exact. */
    long openCostUnits;

    long realizedUnits;

    Lot(String account, String itemCode) {
      this.account = account;
      this.itemCode = itemCode;
    }
  }

  private final Map<String, Lot> lots = new HashMap<>();

  private static String key(String account, String itemCode) {
    return account + '\u0000' + itemCode;
  }

  /**
   * Applies a fill.
   *
   * @return the points realized by this fill (summed over the lots it closed), possibly zero
   */
  public Price apply(Fill fill) {
    Lot lot =
        lots.computeIfAbsent(
            key(fill.orderAccount(), fill.itemCode()),
            k -> new Lot(fill.orderAccount(), fill.itemCode()));
    int signed = fill.side().sign() * fill.quantity();
    long price = fill.price().units();
    long realized = 0;
    if (lot.quantity == 0 || Integer.signum(lot.quantity) == Integer.signum(signed)) {
      lot.quantity += signed;
      lot.openCostUnits =
          Math.addExact(lot.openCostUnits, Math.multiplyExact(price, (long) signed));
    } else {
      int closing = Math.min(Math.abs(signed), Math.abs(lot.quantity));
      int direction = Integer.signum(lot.quantity);
      // Average cost of the closed lots, taken proportionally so the remainder keeps its exact
      // cost.
      long closedCost = lot.openCostUnits / Math.abs(lot.quantity) * closing;
      long closedRemainder =
          lot.openCostUnits % Math.abs(lot.quantity) * closing / Math.abs(lot.quantity);
      closedCost += closedRemainder;
      realized = direction * (Math.multiplyExact(price, (long) closing) - Math.abs(closedCost));
      lot.openCostUnits -= closedCost;
      lot.quantity -= direction * closing;
      int opening = Math.abs(signed) - closing;
      if (lot.quantity == 0) {
        lot.openCostUnits = 0;
      }
      if (opening > 0) {
        lot.quantity = Integer.signum(signed) * opening;
        lot.openCostUnits = Math.multiplyExact(price, (long) lot.quantity);
      }
      lot.realizedUnits += realized;
    }
    return Price.ofUnits(realized);
  }

  /**
   * Sets a position as a broker reports it (at start, or to adopt the broker's word after a
   * reconciliation), replacing what the book had for that account and instrument.
   *
   * @param averagePriceUnits the average open price of the lots held
   * @param realizedUnits points realized so far, summed over lots
   */
  public void seed(
      String account, String itemCode, int quantity, long averagePriceUnits, long realizedUnits) {
    Lot lot = new Lot(account, itemCode);
    lot.quantity = quantity;
    lot.openCostUnits = Math.multiplyExact(averagePriceUnits, (long) quantity);
    lot.realizedUnits = realizedUnits;
    lots.put(key(account, itemCode), lot);
  }

  /** Every account and instrument traded, flat ones included. */
  public List<Position> allPositions(
      ToLongFunction<String> lastPrice, ToLongFunction<String> pointValue) {
    List<Position> result = new ArrayList<>();
    for (Lot lot : lots.values()) {
      result.add(
          toPosition(
              lot, lastPrice.applyAsLong(lot.itemCode), pointValue.applyAsLong(lot.itemCode)));
    }
    result.sort(Comparator.comparing(Position::account).thenComparing(Position::itemCode));
    return result;
  }

  /** Net signed lots held, zero when none. */
  public int quantity(String account, String itemCode) {
    Lot lot = lots.get(key(account, itemCode));
    return lot == null ? 0 : lot.quantity;
  }

  /**
   * The position valued at {@code lastPriceUnits}; a flat position with zero P&amp;L if never
   * traded.
   */
  public Position position(String account, String itemCode, long lastPriceUnits, long pointValue) {
    Lot lot = lots.get(key(account, itemCode));
    if (lot == null) {
      return new Position(
          account,
          itemCode,
          0,
          Price.ZERO,
          Price.ofUnits(lastPriceUnits),
          Price.ZERO,
          Price.ZERO,
          pointValue);
    }
    return toPosition(lot, lastPriceUnits, pointValue);
  }

  /** Every instrument the account has traded, flat ones included (they carry realized P&amp;L). */
  public List<Position> positions(
      String account, ToLongFunction<String> lastPrice, ToLongFunction<String> pointValue) {
    List<Position> result = new ArrayList<>();
    for (Lot lot : lots.values()) {
      if (lot.account.equals(account)) {
        result.add(
            toPosition(
                lot, lastPrice.applyAsLong(lot.itemCode), pointValue.applyAsLong(lot.itemCode)));
      }
    }
    result.sort(Comparator.comparing(Position::itemCode));
    return result;
  }

  private static Position toPosition(Lot lot, long lastPriceUnits, long pointValue) {
    long average = lot.quantity == 0 ? 0 : lot.openCostUnits / lot.quantity;
    // A last price of 0 means none is known yet: value the lots at cost rather than at zero.
    long unrealized =
        lot.quantity == 0 || lastPriceUnits == 0
            ? 0
            : Math.multiplyExact(lastPriceUnits, (long) lot.quantity) - lot.openCostUnits;
    return new Position(
        lot.account,
        lot.itemCode,
        lot.quantity,
        Price.ofUnits(average),
        Price.ofUnits(lastPriceUnits),
        Price.ofUnits(lot.realizedUnits),
        Price.ofUnits(unrealized),
        pointValue);
  }
}
