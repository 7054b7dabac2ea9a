package org.aftm.application.port.in;

import java.time.LocalDate;
import java.util.List;

/**
 * The operator's views of what was traded: the fills of a trading day with the P&amp;L they
 * realized ({@code aftm trades}) and the day's report per instrument, per condition and in total
 * ({@code aftm report daily}).
 */
public interface TradeHistoryUseCase {

  /** The trading day's fills, oldest first. */
  List<TradeRow> trades(LocalDate tradingDay);

  /** The trading day's report. */
  DailyReport dailyReport(LocalDate tradingDay);

  /** The trading day {@code epochMillis} belongs to, by the trading calendar in force. */
  LocalDate tradingDayAt(long epochMillis);
}
