package org.aftm.application.backtest;

import java.math.BigDecimal;
import org.aftm.domain.model.Price;

/**
 * The figures of a backtest for one instrument, or for all of them together ({@link #total()}).
 * Money is TWD; points are summed over lots and exist per instrument only, since points of
 * different contracts do not add up (they are {@code null} in the total). Everything includes a
 * position still open at the end, marked to its instrument's last price ({@link #openLots()}).
 *
 * @param scope the item code, or {@code "total"}
 * @param total whether these are the figures of all instruments together
 * @param pointValue TWD per point and lot; 0 in the total
 * @param netPnlTwd P&amp;L after fees, tax and slippage
 * @param grossPnlTwd P&amp;L at the replay's fill prices, before costs
 * @param netPnlPoints net P&amp;L in points (costs ÷ point value); {@code null} in the total
 * @param grossPnlPoints gross P&amp;L in points; {@code null} in the total
 * @param feesTwd fees paid
 * @param taxTwd futures transaction tax paid
 * @param slippageTwd what slippage cost
 * @param trades round trips, the open one included
 * @param winners round trips with a net P&amp;L above zero
 * @param losers round trips with a net P&amp;L below zero
 * @param winRate winners ÷ trades (4 places), {@code null} without trades
 * @param profitFactor net TWD won ÷ net TWD lost (4 places), {@code null} without a losing trade
 * @param maxDrawdownTwd the largest fall of the mark-to-market net equity from a previous peak
 * @param maxDrawdownPoints the same in points; {@code null} in the total
 * @param largestLossTwd the worst round trip's net P&amp;L when below zero, else 0
 * @param largestLossPoints the same in points; {@code null} in the total
 * @param exposureMillis time with a position open (in the total: in any instrument)
 * @param exposureShare exposure ÷ the data's time span (4 places), {@code null} for a zero span
 * @param openLots the position open at the end (signed lots), 0 when flat; in the total the number
 *     of instruments with a position open
 */
public record Figures(
    String scope,
    boolean total,
    long pointValue,
    Price netPnlTwd,
    Price grossPnlTwd,
    Price netPnlPoints,
    Price grossPnlPoints,
    Price feesTwd,
    Price taxTwd,
    Price slippageTwd,
    int trades,
    int winners,
    int losers,
    BigDecimal winRate,
    BigDecimal profitFactor,
    Price maxDrawdownTwd,
    Price maxDrawdownPoints,
    Price largestLossTwd,
    Price largestLossPoints,
    long exposureMillis,
    BigDecimal exposureShare,
    long openLots) {

  /** The name of the total's scope. */
  public static final String TOTAL = "total";

  /** Whether a position was still open at the end (and marked to the last price). */
  public boolean hasOpenPosition() {
    return openLots != 0;
  }
}
