package org.aftm.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.aftm.domain.model.Contract;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Position;
import org.aftm.domain.order.PositionBook;

/**
 * The main process's own book of positions: per account and instrument, the net lots, average
 * price, realized and unrealized P&amp;L (points and TWD), and the lots still in flight (working
 * orders). Built from fills alone; the broker is asked only at start ({@link #adopt}) and at
 * reconciliation ({@link #differences}). It is what {@code get_positions}, the status line and the
 * pre-trade checks read.
 *
 * <p>Thread-safe: every method takes the portfolio's monitor; the writers are the order lifecycle
 * (on the gateway thread and the broker's event thread) and the market-data listener (last prices).
 */
public final class Portfolio {

  private final PositionBook book = new PositionBook();

  /** Signed lots of working orders per account and instrument; guarded by this. */
  private final Map<String, Integer> working = new HashMap<>();

  /** Last trade price per instrument; written by the market-data thread, read lock-free. */
  private final Map<String, Long> lastPrices = new ConcurrentHashMap<>();

  private final ToLongFunction<String> pointValue;

  /**
   * @param pointValue money (TWD) per point per lot of an instrument
   */
  public Portfolio(ToLongFunction<String> pointValue) {
    this.pointValue = Objects.requireNonNull(pointValue, "pointValue");
  }

  /**
   * A portfolio valuing each listed contract, and each product code's front month, by its point
   * value.
   */
  public static Portfolio forContracts(List<Contract> contracts) {
    Map<String, Long> values = new HashMap<>();
    for (Contract contract : contracts) {
      values.put(contract.code(), contract.pointValue());
      values.putIfAbsent(contract.product(), contract.pointValue());
    }
    return new Portfolio(item -> values.getOrDefault(item, 1L));
  }

  /** Takes the broker's positions as they are, replacing the book's for those instruments. */
  public synchronized void adopt(List<Position> brokerPositions) {
    for (Position p : brokerPositions) {
      book.seed(
          p.account(),
          p.itemCode(),
          p.quantity(),
          p.averagePrice().units(),
          p.realizedPnlPoints().units());
      if (p.lastPrice().units() != 0) {
        lastPrices.putIfAbsent(p.itemCode(), p.lastPrice().units());
      }
    }
  }

  /**
   * Takes the broker's positions of one account as the whole truth, for the operator's {@code
   * reconcile --accept-broker}: the listed instruments as {@link #adopt} does, and every instrument
   * of the account the broker does not list becomes flat (its realized P&amp;L kept).
   */
  public synchronized void adoptAccount(String account, List<Position> brokerPositions) {
    List<Position> ofAccount =
        brokerPositions.stream().filter(p -> p.account().equals(account)).toList();
    Set<String> listed = new HashSet<>();
    ofAccount.forEach(p -> listed.add(p.itemCode()));
    for (Position held : book.positions(account, item -> 0, item -> 1)) {
      if (!listed.contains(held.itemCode()) && held.quantity() != 0) {
        book.seed(account, held.itemCode(), 0, 0, held.realizedPnlPoints().units());
      }
    }
    adopt(ofAccount);
  }

  /** Applies a fill. */
  public synchronized void onFill(Fill fill) {
    book.apply(fill);
  }

  /** The last trade price of an instrument, for unrealized P&amp;L. */
  public void onPrice(String itemCode, long priceUnits) {
    lastPrices.put(itemCode, priceUnits);
  }

  /**
   * The last trade price of an instrument in {@link org.aftm.domain.model.Price} units, or 0 when
   * none is known yet. Lock-free: the price band reads it on the order path.
   */
  public long lastPrice(String itemCode) {
    return lastPriceOf(itemCode);
  }

  /**
   * Realized and unrealized P&amp;L in TWD ({@link org.aftm.domain.model.Price} units) summed over
   * every account and instrument, unrealized at the last prices.
   */
  public synchronized PnlTotals pnlTotals() {
    long realized = 0;
    long unrealized = 0;
    for (Position p : book.allPositions(this::lastPriceOf, pointValue)) {
      realized += p.realizedPnl().units();
      unrealized += p.unrealizedPnl().units();
    }
    return new PnlTotals(realized, unrealized);
  }

  /** Sums of P&amp;L in TWD, in price units. */
  public record PnlTotals(long realizedUnits, long unrealizedUnits) {}

  /** Lots an order adds to (positive) or takes from (negative) what is in flight. */
  public synchronized void addWorking(String account, String itemCode, int signedLots) {
    if (signedLots != 0) {
      working.merge(key(account, itemCode), signedLots, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  /** Net signed lots held. */
  public synchronized int netQuantity(String account, String itemCode) {
    return book.quantity(account, itemCode);
  }

  /** Signed lots of working orders: what the position becomes if they all fill. */
  public synchronized int workingQuantity(String account, String itemCode) {
    return working.getOrDefault(key(account, itemCode), 0);
  }

  /**
   * The account's positions valued at the last prices, flat ones with realized P&amp;L included.
   */
  public synchronized List<Position> positions(String account) {
    return book.positions(account, this::lastPriceOf, pointValue);
  }

  /** Every account's positions. */
  public synchronized List<Position> allPositions() {
    return book.allPositions(this::lastPriceOf, pointValue);
  }

  /**
   * Where the broker's positions differ from this book's net lots: one line per instrument, empty
   * when they agree. Flat on both sides is agreement.
   */
  public synchronized List<String> differences(String account, List<Position> brokerPositions) {
    Map<String, Integer> broker = new HashMap<>();
    for (Position p : brokerPositions) {
      if (p.account().equals(account)) {
        broker.put(p.itemCode(), p.quantity());
      }
    }
    Map<String, Integer> ours = new HashMap<>();
    for (Position p : book.positions(account, item -> 0, item -> 1)) {
      ours.put(p.itemCode(), p.quantity());
    }
    List<String> differences = new ArrayList<>();
    Map<String, Integer> all = new java.util.TreeMap<>(broker);
    ours.forEach(all::putIfAbsent);
    for (String item : all.keySet()) {
      int theirs = broker.getOrDefault(item, 0);
      int mine = ours.getOrDefault(item, 0);
      if (theirs != mine) {
        differences.add(
            account + " " + item + ": broker holds " + theirs + " lots, the portfolio " + mine);
      }
    }
    return differences;
  }

  private long lastPriceOf(String itemCode) {
    Long price = lastPrices.get(itemCode);
    return price == null ? 0 : price;
  }

  private static String key(String account, String itemCode) {
    return account + '\u0000' + itemCode;
  }
}
