package org.aftm.application.backtest;

import java.util.List;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * What a backtest's ledger found: the figures per instrument and in total, the round trips, and the
 * series its charts draw. Immutable.
 *
 * @param ticks ticks accounted
 * @param firstTimeMillis the first tick's time
 * @param lastTimeMillis the last tick's time
 * @param costs the costs applied
 * @param instruments figures per instrument, in order of first tick
 * @param total figures of all instruments together (TWD only)
 * @param trades round trips in the order they ended (open ones last)
 * @param equity the mark-to-market net equity in TWD over time, thinned
 * @param charts per instrument its prices over time (thinned) and its fills
 */
public record BacktestResult(
    long ticks,
    long firstTimeMillis,
    long lastTimeMillis,
    TradingCosts costs,
    List<Figures> instruments,
    Figures total,
    List<Trade> trades,
    SampledSeries.Points equity,
    List<PriceChart> charts) {

  public BacktestResult {
    instruments = List.copyOf(instruments);
    trades = List.copyOf(trades);
    charts = List.copyOf(charts);
  }

  /** The data's time span in milliseconds. */
  public long spanMillis() {
    return Math.max(0, lastTimeMillis - firstTimeMillis);
  }

  /**
   * One instrument's prices and the fills on it, for a chart with the trades drawn on the price.
   */
  public record PriceChart(String itemCode, SampledSeries.Points prices, List<FillMark> fills) {
    public PriceChart {
      fills = List.copyOf(fills);
    }
  }

  /**
   * One fill on the chart.
   *
   * @param timeMillis when
   * @param price the replay's fill price
   * @param side bought or sold
   * @param lots how many
   */
  public record FillMark(long timeMillis, Price price, Side side, int lots) {}
}
