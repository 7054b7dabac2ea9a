package org.aftm.domain.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * When the market trades (docs/architecture.md §12). TAIFEX trades a day session 08:45–13:45 and a
 * night session 15:00–05:00 Taipei time; the night session belongs to the next trading day.
 * Implementations are immutable and thread-safe.
 */
public interface TradingCalendar {

  /** Whether a session is open at {@code now}: an opening order is placed only then. */
  boolean isOpen(Instant now);

  /**
   * The trading day {@code now} belongs to: a night session's belongs to the next trading day, so a
   * daily loss limit counts it with the day that follows.
   */
  LocalDate tradingDay(Instant now);

  /** The close of the session open at {@code now}, or empty when none is open. */
  Optional<Instant> sessionClose(Instant now);
}
