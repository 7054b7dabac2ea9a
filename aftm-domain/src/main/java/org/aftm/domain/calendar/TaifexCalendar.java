package org.aftm.domain.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * TAIFEX trading hours in Taipei time: a day session 08:45–13:45 on each trading day, and a night
 * session 15:00–05:00 that starts on a trading day and belongs to the next one. A trading day is a
 * weekday that is not a holiday. Friday's night session runs into Saturday 05:00 and belongs to
 * Monday. A holiday has no sessions, and the night session before it (the one that would belong to
 * it) is closed too.
 *
 * <p>Immutable and thread-safe.
 */
public final class TaifexCalendar implements TradingCalendar {

  static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
  static final LocalTime DAY_OPEN = LocalTime.of(8, 45);
  static final LocalTime DAY_CLOSE = LocalTime.of(13, 45);
  static final LocalTime NIGHT_OPEN = LocalTime.of(15, 0);
  static final LocalTime NIGHT_CLOSE = LocalTime.of(5, 0);

  /** Longer than any run of holidays and weekends: a bound on the search for a trading day. */
  private static final int MAX_DAYS_TO_NEXT_TRADING_DAY = 400;

  private final Set<LocalDate> holidays;

  /**
   * @param holidays weekdays with no trading at all (the night session before each is closed too)
   */
  public TaifexCalendar(Set<LocalDate> holidays) {
    this.holidays = Set.copyOf(holidays);
  }

  @Override
  public boolean isOpen(Instant now) {
    return sessionClose(now).isPresent();
  }

  @Override
  public LocalDate tradingDay(Instant now) {
    LocalDateTime local = LocalDateTime.ofInstant(now, TAIPEI);
    LocalDate date = local.toLocalDate();
    // The day rolls over when the night session starts: from 15:00 on, the hours count with the
    // next trading day.
    if (!local.toLocalTime().isBefore(NIGHT_OPEN)) {
      return nextTradingDayAfter(date);
    }
    return isTradingDay(date) ? date : nextTradingDayAfter(date);
  }

  @Override
  public Optional<Instant> sessionClose(Instant now) {
    LocalDateTime local = LocalDateTime.ofInstant(now, TAIPEI);
    LocalDate date = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    if (!time.isBefore(DAY_OPEN) && time.isBefore(DAY_CLOSE) && isTradingDay(date)) {
      return Optional.of(date.atTime(DAY_CLOSE).atZone(TAIPEI).toInstant());
    }
    LocalDate nightStart;
    if (!time.isBefore(NIGHT_OPEN)) {
      nightStart = date;
    } else if (time.isBefore(NIGHT_CLOSE)) {
      nightStart = date.minusDays(1);
    } else {
      return Optional.empty();
    }
    if (!hasNightSession(nightStart)) {
      return Optional.empty();
    }
    return Optional.of(nightStart.plusDays(1).atTime(NIGHT_CLOSE).atZone(TAIPEI).toInstant());
  }

  /** A weekday that is not a holiday. */
  public boolean isTradingDay(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.contains(date);
  }

  /**
   * A night session starts on a trading day, unless the next weekday is a holiday: it would belong
   * to that holiday's trading day, and TAIFEX does not trade the night before a holiday.
   */
  private boolean hasNightSession(LocalDate start) {
    if (!isTradingDay(start)) {
      return false;
    }
    LocalDate next = start.plusDays(1);
    while (next.getDayOfWeek() == DayOfWeek.SATURDAY || next.getDayOfWeek() == DayOfWeek.SUNDAY) {
      next = next.plusDays(1);
    }
    return !holidays.contains(next);
  }

  private LocalDate nextTradingDayAfter(LocalDate date) {
    LocalDate next = date.plusDays(1);
    for (int i = 0; i < MAX_DAYS_TO_NEXT_TRADING_DAY && !isTradingDay(next); i++) {
      next = next.plusDays(1);
    }
    return next;
  }

  @Override
  public String toString() {
    return "TAIFEX (" + holidays.size() + " holidays)";
  }
}
