package org.aftm.application.backtest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;

/**
 * The accounts of a backtest, fed the replay's prices ({@link #onTick}) and fills ({@link #onFill})
 * in the order they happened; it never touches the order path. It applies the costs the replay's
 * broker does not know:
 *
 * <ul>
 *   <li>slippage: each fill is accounted {@code slippageTicks} × the contract's tick size worse
 *       than the replay filled it (higher for a buy, lower for a sell);
 *   <li>the fee: {@code feePerLotTwd} × lots, on every fill (each side);
 *   <li>the futures transaction tax: the slipped price × point value × lots × {@code taxRate},
 *       rounded half up to whole TWD per fill (one fill is one trade). A fill that reverses a
 *       position is split into a close and an open; its tax is shared by lots, the close's part
 *       rounded down.
 * </ul>
 *
 * <p>Equity is marked to market at every tick of an instrument with a position open, so the
 * drawdown is that of the net equity curve as it was, not only between trades.
 *
 * <p>Not thread-safe: one ledger per backtest, fed by one thread. {@link #onTick} allocates nothing
 * once an instrument has been seen.
 */
public final class BacktestLedger {

  private static final BigDecimal UNITS = BigDecimal.valueOf(Price.UNITS_PER_POINT);

  private final List<Contract> contracts;
  private final TradingCosts costs;
  private final long feeUnitsPerLot;
  private final List<Trade> trades = new ArrayList<>();
  private final SampledSeries equity = new SampledSeries();
  private Book[] books = new Book[4];
  private int bookCount;
  private Book last;

  private long ticks;
  private long firstTime;
  private long lastTime;
  private long totalNetTwd;
  private long totalPeakTwd;
  private long totalMaxDrawdownTwd;
  private int openBooks;
  private long anyOpenSince;
  private long anyExposureMillis;

  /**
   * @param contracts the broker's contracts, for each instrument's tick size and point value (an
   *     item code may also be a product code, meaning its front month); an instrument not listed
   *     counts with tick size 1 and point value 1
   * @param costs the costs to apply
   */
  public BacktestLedger(List<Contract> contracts, TradingCosts costs) {
    this.contracts = List.copyOf(contracts);
    this.costs = Objects.requireNonNull(costs, "costs");
    this.feeUnitsPerLot = costs.feePerLotTwd().units();
  }

  /** A trade on the market: the instrument's last price moves. Call for every tick, in order. */
  public void onTick(String itemCode, long priceUnits, long timeMillis) {
    if (ticks++ == 0) {
      firstTime = timeMillis;
    }
    lastTime = timeMillis;
    Book book = book(itemCode);
    book.lastPrice = priceUnits;
    book.prices.add(timeMillis, priceUnits);
    if (book.position != 0) {
      remark(book);
    }
    equity.add(timeMillis, totalNetTwd);
  }

  /**
   * A fill of the replay, after the tick it happened on. Its time is that of the last tick: a
   * replay's broker fills at the tick's price, on the tick.
   */
  public void onFill(Fill fill) {
    Book book = book(fill.itemCode());
    int sign = fill.side().sign();
    long lots = fill.quantity();
    long price = fill.price().units();
    long slipPoints = (long) costs.slippageTicks() * book.tickUnits;
    long slippedPrice = price + sign * slipPoints;
    long taxUnits = taxUnits(slippedPrice, book.pointValue, lots);
    book.marks.add(
        new BacktestResult.FillMark(lastTime, fill.price(), fill.side(), fill.quantity()));

    long closeLots =
        book.position != 0 && Long.signum(book.position) != sign
            ? Math.min(lots, Math.abs(book.position))
            : 0;
    long openLots = lots - closeLots;
    long closeTax = taxUnits / Price.UNITS_PER_POINT * closeLots / lots * Price.UNITS_PER_POINT;
    if (closeLots > 0) {
      apply(book, sign, closeLots, price, slipPoints, closeTax);
      book.exitLots += closeLots;
      book.exitValue += closeLots * price;
      if (book.position == 0) {
        closeTrip(book, false);
      }
    }
    if (openLots > 0) {
      if (book.position == 0) {
        openTrip(book, fill.side());
      }
      apply(book, sign, openLots, price, slipPoints, taxUnits - closeTax);
      book.entryLots += openLots;
      book.entryValue += openLots * price;
      book.tripLots = Math.max(book.tripLots, Math.abs(book.position));
    }
    remark(book);
    equity.add(lastTime, totalNetTwd);
  }

  /** The tax on one fill in units: whole TWD, rounded half up. */
  private long taxUnits(long priceUnits, long pointValue, long lots) {
    if (costs.taxRate().signum() == 0) {
      return 0;
    }
    BigDecimal value = BigDecimal.valueOf(priceUnits * pointValue * lots, Price.SCALE);
    return value
        .multiply(costs.taxRate())
        .setScale(0, RoundingMode.HALF_UP)
        .multiply(UNITS)
        .longValueExact();
  }

  private void apply(Book book, int sign, long lots, long price, long slipPoints, long taxUnits) {
    long before = book.position;
    book.cashPoints -= sign * lots * price;
    book.position += sign * lots;
    long fee = feeUnitsPerLot * lots;
    long slipTwd = slipPoints * lots * book.pointValue;
    book.feesTwd += fee;
    book.taxTwd += taxUnits;
    book.slippageTwd += slipTwd;
    long cost = fee + taxUnits + slipTwd;
    book.costsTwd += cost;
    book.costPoints += divide(cost, book.pointValue);
    if (before == 0 && book.position != 0) {
      book.openSince = lastTime;
      if (openBooks++ == 0) {
        anyOpenSince = lastTime;
      }
    } else if (before != 0 && book.position == 0) {
      book.exposureMillis += lastTime - book.openSince;
      if (--openBooks == 0) {
        anyExposureMillis += lastTime - anyOpenSince;
      }
    }
  }

  private void openTrip(Book book, Side side) {
    book.tripSide = side;
    book.tripStartCash = book.cashPoints;
    book.tripStartCostsTwd = book.costsTwd;
    book.tripStartCostPoints = book.costPoints;
    book.tripEntryTime = lastTime;
    book.entryLots = 0;
    book.entryValue = 0;
    book.exitLots = 0;
    book.exitValue = 0;
    book.tripLots = 0;
  }

  private void closeTrip(Book book, boolean open) {
    long gross = book.cashPoints + book.position * book.lastPrice - book.tripStartCash;
    long costsTwd = book.costsTwd - book.tripStartCostsTwd;
    long costPoints = book.costPoints - book.tripStartCostPoints;
    Price exitPrice = open ? Price.ofUnits(book.lastPrice) : average(book.exitValue, book.exitLots);
    Trade trade =
        new Trade(
            book.code,
            book.tripSide,
            book.tripLots,
            book.tripEntryTime,
            average(book.entryValue, book.entryLots),
            lastTime,
            exitPrice,
            Price.ofUnits(gross),
            Price.ofUnits(gross - costPoints),
            Price.ofUnits(gross * book.pointValue),
            Price.ofUnits(costsTwd),
            Price.ofUnits(gross * book.pointValue - costsTwd),
            open);
    trades.add(trade);
    book.trades.add(trade);
  }

  /** Marks a book to its last price and moves the total's equity and drawdown with it. */
  private void remark(Book book) {
    long grossPoints = book.cashPoints + book.position * book.lastPrice;
    long netPoints = grossPoints - book.costPoints;
    long netTwd = grossPoints * book.pointValue - book.costsTwd;
    totalNetTwd += netTwd - book.netTwd;
    book.netTwd = netTwd;
    book.netPoints = netPoints;
    if (netTwd > book.peakTwd) {
      book.peakTwd = netTwd;
    } else if (book.peakTwd - netTwd > book.maxDrawdownTwd) {
      book.maxDrawdownTwd = book.peakTwd - netTwd;
    }
    if (netPoints > book.peakPoints) {
      book.peakPoints = netPoints;
    } else if (book.peakPoints - netPoints > book.maxDrawdownPoints) {
      book.maxDrawdownPoints = book.peakPoints - netPoints;
    }
    if (totalNetTwd > totalPeakTwd) {
      totalPeakTwd = totalNetTwd;
    } else if (totalPeakTwd - totalNetTwd > totalMaxDrawdownTwd) {
      totalMaxDrawdownTwd = totalPeakTwd - totalNetTwd;
    }
  }

  private Book book(String itemCode) {
    // The ticks' item codes are interned: the same string object comes again and again.
    if (last != null && last.code == itemCode) {
      return last;
    }
    for (int i = 0; i < bookCount; i++) {
      Book book = books[i];
      if (book.code == itemCode || book.code.equals(itemCode)) {
        last = book;
        return book;
      }
    }
    Book book = newBook(itemCode);
    if (bookCount == books.length) {
      books = Arrays.copyOf(books, bookCount * 2);
    }
    books[bookCount++] = book;
    last = book;
    return book;
  }

  private Book newBook(String itemCode) {
    Contract terms = null;
    for (Contract contract : contracts) {
      if (contract.code().equals(itemCode)) {
        terms = contract;
        break;
      }
    }
    if (terms == null) {
      // A product code means its front month, listed first.
      for (Contract contract : contracts) {
        if (contract.product().equals(itemCode)) {
          terms = contract;
          break;
        }
      }
    }
    return terms == null
        ? new Book(itemCode, Price.UNITS_PER_POINT, 1)
        : new Book(itemCode, terms.tickSize().units(), terms.pointValue());
  }

  /**
   * The result: every position still open is marked to its last price and counted as an open round
   * trip. Call once, after the last tick.
   */
  public BacktestResult finish() {
    for (int i = 0; i < bookCount; i++) {
      Book book = books[i];
      if (book.position != 0) {
        closeTrip(book, true);
      }
    }
    long span = Math.max(0, lastTime - firstTime);
    List<Figures> figures = new ArrayList<>();
    List<BacktestResult.PriceChart> charts = new ArrayList<>();
    long net = 0;
    long gross = 0;
    long fees = 0;
    long tax = 0;
    long slippage = 0;
    int open = 0;
    for (int i = 0; i < bookCount; i++) {
      Book book = books[i];
      long exposure = book.exposureMillis + (book.position != 0 ? lastTime - book.openSince : 0);
      long grossPoints = book.cashPoints + book.position * book.lastPrice;
      TradeCounts counts = TradeCounts.of(book.trades);
      figures.add(
          new Figures(
              book.code,
              false,
              book.pointValue,
              Price.ofUnits(book.netTwd),
              Price.ofUnits(grossPoints * book.pointValue),
              Price.ofUnits(grossPoints - book.costPoints),
              Price.ofUnits(grossPoints),
              Price.ofUnits(book.feesTwd),
              Price.ofUnits(book.taxTwd),
              Price.ofUnits(book.slippageTwd),
              counts.trades,
              counts.winners,
              counts.losers,
              counts.winRate(),
              counts.profitFactor(),
              Price.ofUnits(book.maxDrawdownTwd),
              Price.ofUnits(book.maxDrawdownPoints),
              Price.ofUnits(counts.largestLossTwd),
              Price.ofUnits(counts.largestLossPoints),
              exposure,
              share(exposure, span),
              book.position));
      charts.add(new BacktestResult.PriceChart(book.code, book.prices.points(), book.marks));
      net += book.netTwd;
      gross += grossPoints * book.pointValue;
      fees += book.feesTwd;
      tax += book.taxTwd;
      slippage += book.slippageTwd;
      open += book.position != 0 ? 1 : 0;
    }
    long anyExposure = anyExposureMillis + (openBooks > 0 ? lastTime - anyOpenSince : 0);
    TradeCounts all = TradeCounts.of(trades);
    Figures total =
        new Figures(
            Figures.TOTAL,
            true,
            0,
            Price.ofUnits(net),
            Price.ofUnits(gross),
            null,
            null,
            Price.ofUnits(fees),
            Price.ofUnits(tax),
            Price.ofUnits(slippage),
            all.trades,
            all.winners,
            all.losers,
            all.winRate(),
            all.profitFactor(),
            Price.ofUnits(totalMaxDrawdownTwd),
            null,
            Price.ofUnits(all.largestLossTwd),
            null,
            anyExposure,
            share(anyExposure, span),
            open);
    return new BacktestResult(
        ticks, firstTime, lastTime, costs, figures, total, trades, equity.points(), charts);
  }

  private static BigDecimal share(long part, long whole) {
    return whole == 0
        ? null
        : BigDecimal.valueOf(part)
            .divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
  }

  private static Price average(long value, long lots) {
    if (lots == 0) {
      return Price.ZERO;
    }
    return Price.ofUnits(
        BigDecimal.valueOf(value)
            .divide(BigDecimal.valueOf(lots), 0, RoundingMode.HALF_EVEN)
            .longValueExact());
  }

  /** Units of TWD in points of a contract, to four places, half even. */
  private static long divide(long twdUnits, long pointValue) {
    return BigDecimal.valueOf(twdUnits)
        .divide(BigDecimal.valueOf(pointValue), 0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  /** Wins, losses and their sums over some round trips. */
  private static final class TradeCounts {
    int trades;
    int winners;
    int losers;
    long wonTwd;
    long lostTwd;
    long largestLossTwd;
    long largestLossPoints;

    static TradeCounts of(List<Trade> trades) {
      TradeCounts counts = new TradeCounts();
      for (Trade trade : trades) {
        long net = trade.netTwd().units();
        counts.trades++;
        if (net > 0) {
          counts.winners++;
          counts.wonTwd += net;
        } else if (net < 0) {
          counts.losers++;
          counts.lostTwd -= net;
          if (net < counts.largestLossTwd) {
            counts.largestLossTwd = net;
            counts.largestLossPoints = trade.netPoints().units();
          }
        }
      }
      return counts;
    }

    BigDecimal winRate() {
      return trades == 0 ? null : share(winners, trades);
    }

    BigDecimal profitFactor() {
      return lostTwd == 0
          ? null
          : BigDecimal.valueOf(wonTwd)
              .divide(BigDecimal.valueOf(lostTwd), 4, RoundingMode.HALF_EVEN)
              .stripTrailingZeros();
    }
  }

  /** One instrument's accounts. Cash and prices in price units; money in units of TWD. */
  private static final class Book {
    final String code;
    final long tickUnits;
    final long pointValue;
    final SampledSeries prices = new SampledSeries();
    final List<BacktestResult.FillMark> marks = new ArrayList<>();
    final List<Trade> trades = new ArrayList<>();
    long lastPrice;
    long position;
    // Minus the points paid for what is held: with position × last price, the gross P&L in points.
    long cashPoints;
    long feesTwd;
    long taxTwd;
    long slippageTwd;
    long costsTwd;
    long costPoints;
    long netTwd;
    long netPoints;
    long peakTwd;
    long maxDrawdownTwd;
    long peakPoints;
    long maxDrawdownPoints;
    long openSince;
    long exposureMillis;
    Side tripSide;
    long tripStartCash;
    long tripStartCostsTwd;
    long tripStartCostPoints;
    long tripEntryTime;
    long tripLots;
    long entryLots;
    long entryValue;
    long exitLots;
    long exitValue;

    Book(String code, long tickUnits, long pointValue) {
      this.code = code;
      this.tickUnits = tickUnits;
      this.pointValue = pointValue;
    }
  }
}
