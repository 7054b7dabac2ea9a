package org.aftm.application.service;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.domain.calendar.TradingCalendar;
import org.aftm.domain.model.Price;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading day's P&amp;L in TWD, for {@code AFTM_MAX_DAILY_LOSS_TWD}: realized since the day
 * started plus the unrealized P&amp;L of every position now. The trading day follows the calendar
 * (a night session counts with the next day). Realized since the day started is what was saved for
 * this day before a restart, plus the portfolio's realized total minus its total when this run
 * started counting the day (at start, or at the rollover). It is saved whenever it changes, so a
 * restart in the middle of a bad day does not forget the day's losses.
 *
 * <p>Threading: {@link #evaluate} runs on the risk monitor's thread only (it reads the portfolio
 * and writes the store there, off the order path); {@link #lastUnits} may be read from any thread.
 */
public final class DailyPnl {

  private static final Logger LOG = LoggerFactory.getLogger(DailyPnl.class);

  private final Portfolio portfolio;
  private final TradingStatePort store;
  private final TradingCalendar calendar;
  private final InstantSource clock;

  private volatile LocalDate tradingDay;
  private long savedBefore;
  private long realizedBaseline;
  private long lastSavedRealized = Long.MIN_VALUE;
  private volatile long lastUnits;

  public DailyPnl(
      Portfolio portfolio, TradingStatePort store, TradingCalendar calendar, InstantSource clock) {
    this.portfolio = portfolio;
    this.store = store;
    this.calendar = calendar;
    this.clock = clock;
  }

  /** Recomputes the day's P&amp;L now, rolling the day over when it changed; returns it. */
  public long evaluate() {
    Instant now = clock.instant();
    LocalDate day = calendar.tradingDay(now);
    Portfolio.PnlTotals totals = portfolio.pnlTotals();
    if (!day.equals(tradingDay)) {
      startDay(day, totals.realizedUnits());
    }
    long realized = savedBefore + totals.realizedUnits() - realizedBaseline;
    if (realized != lastSavedRealized) {
      try {
        store.saveDailyRealizedPnl(day, realized);
        lastSavedRealized = realized;
      } catch (RuntimeException e) {
        LOG.warn("Could not save the realized P&L of {}: {}", day, e.toString());
      }
    }
    long total = realized + totals.unrealizedUnits();
    lastUnits = total;
    return total;
  }

  private void startDay(LocalDate day, long realizedTotal) {
    long saved = 0;
    try {
      saved = store.loadDailyRealizedPnl(day).orElse(0L);
    } catch (RuntimeException e) {
      LOG.warn("Could not read the realized P&L saved for {}: {}", day, e.toString());
    }
    if (tradingDay != null || saved != 0) {
      LOG.info(
          "Trading day {}: counting P&L from here{}",
          day,
          saved == 0 ? "" : ", with " + Price.format(saved) + " TWD realized before a restart");
    }
    tradingDay = day;
    savedBefore = saved;
    realizedBaseline = realizedTotal;
    lastSavedRealized = saved;
  }

  /** The day's P&amp;L in TWD (price units) at the last evaluation. */
  public long lastUnits() {
    return lastUnits;
  }

  /** The trading day of the last evaluation, or {@code null} before the first. */
  public LocalDate tradingDay() {
    return tradingDay;
  }
}
