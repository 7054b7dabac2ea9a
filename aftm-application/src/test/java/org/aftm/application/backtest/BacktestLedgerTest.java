package org.aftm.application.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.junit.jupiter.api.Test;

/**
 * The ledger against an example computed by hand. Contracts: TXF (tick 1 point, 200 TWD a point)
 * and MXF (tick 1, 50 TWD). Costs: fee 50 TWD per lot and side, tax 0.00002 of the value per side
 * rounded half up to whole TWD per fill, slippage 1 tick per fill.
 *
 * <pre>
 * tick  time   item price  fill
 *  1    0 s    TXF  20000
 *  2    1 s    TXF  20010  buy 2 TXF   (trip A, long)
 *  3    2 s    TXF  19990
 *  4    3 s    TXF  20050  sell 2 TXF  (A closed)
 *  5    4 s    MXF  20000  sell 1 MXF  (trip B, short)
 *  6    5 s    MXF  20040
 *  7    6 s    MXF  20030  buy 1 MXF   (B closed)
 *  8    7 s    TXF  20000  sell 1 TXF  (trip C, short, still open at the end)
 *  9    8 s    TXF  20020
 * </pre>
 *
 * Costs per fill (slipped price; fee; slippage = 1 × lots × point value; tax):
 *
 * <pre>
 * A buy  2 @ 20010 → 20011: fee 100, slip 400, tax 20011×200×2×0.00002 = 160.088 → 160: 660
 * A sell 2 @ 20050 → 20049: fee 100, slip 400, tax 20049×400×0.00002  = 160.392 → 160: 660
 * B sell 1 @ 20000 → 19999: fee  50, slip  50, tax 19999×50×0.00002   =  19.999 →  20: 120
 * B buy  1 @ 20030 → 20031: fee  50, slip  50, tax 20031×50×0.00002   =  20.031 →  20: 120
 * C sell 1 @ 20000 → 19999: fee  50, slip 200, tax 19999×200×0.00002  =  79.996 →  80: 330
 * </pre>
 *
 * Trips: A gross 2 × 40 = 80 points = 16,000 TWD, net 16,000 − 1,320 = 14,680 (points 80 − 6.6 =
 * 73.4). B gross −30 points = −1,500 TWD, net −1,740 (−30 − 4.8 = −34.8 points). C open, marked at
 * 20020: gross −20 points = −4,000 TWD, net −4,330 (−20 − 1.65 = −21.65 points).
 *
 * <p>Net equity (TWD) after each step: t2 −660 (after A's buy), t3 −8,660 (2 × −20 points − 660),
 * t4 +15,340 (marked before the sell: the peak), then 14,680 after it; t5 14,560; t6 12,560; t7
 * 13,060 then 12,940; t8 12,610; t9 8,610. Maximum drawdown: 0 − (−8,660) = 8,660 (the later fall
 * from 15,340 to 8,610 is 6,730). TXF alone: peak 0 → −8,660 (8,660; in points 0 → −43.3); MXF
 * alone: 0 → −2,120 at t6 (in points −40 − 2.4 = −42.4).
 */
class BacktestLedgerTest {

  private static final List<Contract> CONTRACTS =
      List.of(contract("TXFL6", "TXF", 200), contract("MXFL6", "MXF", 50));
  private static final TradingCosts COSTS =
      new TradingCosts(Price.ofPoints(50), new BigDecimal("0.00002"), 1);

  private static Contract contract(String code, String product, long pointValue) {
    return new Contract(
        code,
        product,
        product,
        "202612",
        Price.ofPoints(1),
        pointValue,
        Price.ofPoints(1),
        Price.ofPoints(100_000));
  }

  private int fills;

  private Fill fill(String item, Side side, int lots, long price) {
    fills++;
    return new Fill(
        "c" + fills, "e" + fills, "s" + fills, "acct", item, side, lots, Price.ofPoints(price), 0);
  }

  private BacktestResult example() {
    BacktestLedger ledger = new BacktestLedger(CONTRACTS, COSTS);
    ledger.onTick("TXF", points(20000), 0);
    ledger.onTick("TXF", points(20010), 1000);
    ledger.onFill(fill("TXF", Side.BUY, 2, 20010));
    ledger.onTick("TXF", points(19990), 2000);
    ledger.onTick("TXF", points(20050), 3000);
    ledger.onFill(fill("TXF", Side.SELL, 2, 20050));
    ledger.onTick("MXF", points(20000), 4000);
    ledger.onFill(fill("MXF", Side.SELL, 1, 20000));
    ledger.onTick("MXF", points(20040), 5000);
    ledger.onTick("MXF", points(20030), 6000);
    ledger.onFill(fill("MXF", Side.BUY, 1, 20030));
    ledger.onTick("TXF", points(20000), 7000);
    ledger.onFill(fill("TXF", Side.SELL, 1, 20000));
    ledger.onTick("TXF", points(20020), 8000);
    return ledger.finish();
  }

  private static long points(long points) {
    return points * Price.UNITS_PER_POINT;
  }

  private static Price p(String text) {
    return Price.parse(text);
  }

  @Test
  void costsPerInstrumentAndInTotal() {
    BacktestResult result = example();
    Figures txf = result.instruments().get(0);
    Figures mxf = result.instruments().get(1);
    assertThat(txf.scope()).isEqualTo("TXF");
    // TXF fees 100 + 100 + 50, tax 160 + 160 + 80, slippage 400 + 400 + 200.
    assertThat(txf.feesTwd()).isEqualTo(p("250"));
    assertThat(txf.taxTwd()).isEqualTo(p("400"));
    assertThat(txf.slippageTwd()).isEqualTo(p("1000"));
    assertThat(mxf.feesTwd()).isEqualTo(p("100"));
    assertThat(mxf.taxTwd()).isEqualTo(p("40"));
    assertThat(mxf.slippageTwd()).isEqualTo(p("100"));
    assertThat(result.total().feesTwd()).isEqualTo(p("350"));
    assertThat(result.total().taxTwd()).isEqualTo(p("440"));
    assertThat(result.total().slippageTwd()).isEqualTo(p("1100"));
  }

  @Test
  void pnlInPointsPerInstrumentAndInTwdInTotal() {
    BacktestResult result = example();
    Figures txf = result.instruments().get(0);
    Figures mxf = result.instruments().get(1);
    // TXF: A +80, C −20 (open) = 60 points = 12,000 TWD; net 12,000 − 1,650 = 10,350;
    // points 60 − 1,650 / 200 = 51.75.
    assertThat(txf.grossPnlPoints()).isEqualTo(p("60"));
    assertThat(txf.grossPnlTwd()).isEqualTo(p("12000"));
    assertThat(txf.netPnlTwd()).isEqualTo(p("10350"));
    assertThat(txf.netPnlPoints()).isEqualTo(p("51.75"));
    assertThat(mxf.grossPnlPoints()).isEqualTo(p("-30"));
    assertThat(mxf.netPnlTwd()).isEqualTo(p("-1740"));
    assertThat(mxf.netPnlPoints()).isEqualTo(p("-34.8"));
    // The total is TWD only: 12,000 − 1,500 gross, 10,350 − 1,740 net; no points.
    assertThat(result.total().grossPnlTwd()).isEqualTo(p("10500"));
    assertThat(result.total().netPnlTwd()).isEqualTo(p("8610"));
    assertThat(result.total().grossPnlPoints()).isNull();
    assertThat(result.total().netPnlPoints()).isNull();
  }

  @Test
  void drawdownOnTheMarkToMarketEquityCurve() {
    BacktestResult result = example();
    assertThat(result.total().maxDrawdownTwd()).isEqualTo(p("8660"));
    assertThat(result.instruments().get(0).maxDrawdownTwd()).isEqualTo(p("8660"));
    assertThat(result.instruments().get(0).maxDrawdownPoints()).isEqualTo(p("43.3"));
    assertThat(result.instruments().get(1).maxDrawdownTwd()).isEqualTo(p("2120"));
    assertThat(result.instruments().get(1).maxDrawdownPoints()).isEqualTo(p("42.4"));
    assertThat(result.equity().values()[result.equity().size() - 1]).isEqualTo(p("8610").units());
  }

  @Test
  void winRateProfitFactorAndLargestLoss() {
    BacktestResult result = example();
    Figures txf = result.instruments().get(0);
    Figures mxf = result.instruments().get(1);
    Figures total = result.total();
    // TXF: A +14,680 wins, C −4,330 (open) loses: 1 of 2, PF 14,680 / 4,330 = 3.39030…
    assertThat(txf.trades()).isEqualTo(2);
    assertThat(txf.winRate()).isEqualByComparingTo("0.5");
    assertThat(txf.profitFactor()).isEqualByComparingTo("3.3903");
    assertThat(txf.largestLossTwd()).isEqualTo(p("-4330"));
    assertThat(txf.largestLossPoints()).isEqualTo(p("-21.65"));
    // MXF: B −1,740 only: no win, PF 0.
    assertThat(mxf.winRate()).isEqualByComparingTo("0");
    assertThat(mxf.profitFactor()).isEqualByComparingTo("0");
    assertThat(mxf.largestLossTwd()).isEqualTo(p("-1740"));
    // Total: 1 win of 3 = 0.3333; PF 14,680 / (4,330 + 1,740) = 2.418451… → 2.4185.
    assertThat(total.trades()).isEqualTo(3);
    assertThat(total.winners()).isEqualTo(1);
    assertThat(total.losers()).isEqualTo(2);
    assertThat(total.winRate()).isEqualByComparingTo("0.3333");
    assertThat(total.profitFactor()).isEqualByComparingTo("2.4185");
    assertThat(total.largestLossTwd()).isEqualTo(p("-4330"));
  }

  @Test
  void theOpenPositionIsMarkedToTheLastPriceAndFlagged() {
    BacktestResult result = example();
    assertThat(result.instruments().get(0).openLots()).isEqualTo(-1);
    assertThat(result.instruments().get(1).openLots()).isZero();
    assertThat(result.total().openLots()).isEqualTo(1);
    assertThat(result.trades()).hasSize(3);
    Trade open = result.trades().get(2);
    assertThat(open.open()).isTrue();
    assertThat(open.side()).isEqualTo(Side.SELL);
    assertThat(open.exitPrice()).isEqualTo(p("20020"));
    assertThat(open.grossTwd()).isEqualTo(p("-4000"));
    assertThat(open.costsTwd()).isEqualTo(p("330"));
    assertThat(open.netTwd()).isEqualTo(p("-4330"));
    Trade first = result.trades().get(0);
    assertThat(first.open()).isFalse();
    assertThat(first.lots()).isEqualTo(2);
    assertThat(first.entryPrice()).isEqualTo(p("20010"));
    assertThat(first.exitPrice()).isEqualTo(p("20050"));
    assertThat(first.netTwd()).isEqualTo(p("14680"));
    assertThat(first.netPoints()).isEqualTo(p("73.4"));
  }

  @Test
  void exposureTimeAndShareOfTheSpan() {
    BacktestResult result = example();
    // TXF open 1 s → 3 s and 7 s → 8 s (the end); MXF 4 s → 6 s; any: 2 + 2 + 1 s of 8 s.
    assertThat(result.instruments().get(0).exposureMillis()).isEqualTo(3000);
    assertThat(result.instruments().get(0).exposureShare()).isEqualByComparingTo("0.375");
    assertThat(result.instruments().get(1).exposureMillis()).isEqualTo(2000);
    assertThat(result.total().exposureMillis()).isEqualTo(5000);
    assertThat(result.total().exposureShare()).isEqualByComparingTo("0.625");
    assertThat(result.spanMillis()).isEqualTo(8000);
  }

  @Test
  void aFillThatReversesThePositionClosesOneTripAndOpensTheNext() {
    BacktestLedger ledger =
        new BacktestLedger(
            CONTRACTS, new TradingCosts(Price.ofPoints(10), new BigDecimal("0.00002"), 0));
    ledger.onTick("TXF", points(20000), 0);
    ledger.onFill(fill("TXF", Side.BUY, 1, 20000));
    ledger.onTick("TXF", points(20100), 1000);
    // Sells 3: closes the long 1 (+100 points), opens a short 2. Tax of the fill: 20100 × 200 × 3
    // × 0.00002 = 241.2 → 241, the close's third rounded down 80, the open 161.
    ledger.onFill(fill("TXF", Side.SELL, 3, 20100));
    ledger.onTick("TXF", points(20050), 2000);
    ledger.onFill(fill("TXF", Side.BUY, 2, 20050));
    BacktestResult result = ledger.finish();

    assertThat(result.trades()).hasSize(2);
    Trade longTrip = result.trades().get(0);
    Trade shortTrip = result.trades().get(1);
    // Long: fee 10 + 10, tax 80 (entry: 20000 × 200 × 0.00002 = 80) + 80: costs 180.
    assertThat(longTrip.side()).isEqualTo(Side.BUY);
    assertThat(longTrip.grossTwd()).isEqualTo(p("20000"));
    assertThat(longTrip.costsTwd()).isEqualTo(p("180"));
    // Short 2: +50 points × 2 = 100 points = 20,000 TWD; fee 20 + 20, tax 161 + (20050 × 200 × 2
    // × 0.00002 = 160.4 → 160): 361.
    assertThat(shortTrip.side()).isEqualTo(Side.SELL);
    assertThat(shortTrip.lots()).isEqualTo(2);
    assertThat(shortTrip.grossPoints()).isEqualTo(p("100"));
    assertThat(shortTrip.costsTwd()).isEqualTo(p("361"));
    assertThat(result.total().taxTwd()).isEqualTo(p("481"));
    assertThat(result.total().openLots()).isZero();
  }

  @Test
  void aSampledSeriesKeepsAtMostItsCapacityAndTheLastPoint() {
    SampledSeries series = new SampledSeries();
    for (int i = 0; i < 1_000_003; i++) {
      series.add(i, i * 2L);
    }
    SampledSeries.Points points = series.points();
    assertThat(points.size()).isLessThanOrEqualTo(SampledSeries.CAPACITY + 1);
    assertThat(points.size()).isGreaterThan(SampledSeries.CAPACITY / 4);
    assertThat(points.times()[0]).isZero();
    assertThat(points.times()[points.size() - 1]).isEqualTo(1_000_002);
    // Evenly spaced: every kept point a whole stride after the one before (the last aside).
    long stride = points.times()[1] - points.times()[0];
    for (int i = 1; i < points.size() - 1; i++) {
      assertThat(points.times()[i] - points.times()[i - 1]).isEqualTo(stride);
    }
    assertThat(points.times()[points.size() - 1]).isGreaterThan(points.times()[points.size() - 2]);
  }

  @Test
  void aTickAllocatesNothingOnceItsInstrumentIsKnown() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    BacktestLedger ledger = new BacktestLedger(CONTRACTS, COSTS);
    String txf = "TXF";
    String mxf = "MXF";
    ledger.onTick(txf, points(20000), 0);
    ledger.onTick(mxf, points(20000), 0);
    ledger.onFill(fill("TXF", Side.BUY, 2, 20000)); // a position open: every TXF tick re-marks
    // Warm the loop so the measured pass runs compiled code, as a long backtest does.
    for (int i = 0; i < 200_000; i++) {
      ledger.onTick((i & 1) == 0 ? txf : mxf, points(20000 + (i % 50)), i);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      ledger.onTick((i & 1) == 0 ? txf : mxf, points(20000 + (i % 50)), 200_000 + i);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    // Not a timing: a count of bytes, which a per-tick allocation would make millions.
    assertThat(allocated).as("bytes allocated by a million ticks").isLessThan(64 * 1024);
  }
}
