package org.aftm.domain.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A market that never closes: for the simulated broker, demos and replays, which run at any hour.
 * The trading day is the calendar day in Taipei, so a daily loss limit still rolls over once a day.
 */
public final class AlwaysOpenCalendar implements TradingCalendar {

  /** The one instance; it holds nothing. */
  public static final AlwaysOpenCalendar INSTANCE = new AlwaysOpenCalendar();

  private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

  private AlwaysOpenCalendar() {}

  @Override
  public boolean isOpen(Instant now) {
    return true;
  }

  @Override
  public LocalDate tradingDay(Instant now) {
    return LocalDate.ofInstant(now, TAIPEI);
  }

  /** No session ever closes, so there is nothing to flatten before. */
  @Override
  public Optional<Instant> sessionClose(Instant now) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "always open";
  }
}
