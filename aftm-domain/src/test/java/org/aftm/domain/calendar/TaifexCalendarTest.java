package org.aftm.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TAIFEX sessions at their boundaries, Taipei time. 2026-01-05 is a Monday. */
class TaifexCalendarTest {

  private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
  private static final LocalDate WEDNESDAY_HOLIDAY = LocalDate.of(2026, 1, 14);
  private final TaifexCalendar calendar = new TaifexCalendar(Set.of(WEDNESDAY_HOLIDAY));

  private static Instant taipei(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(TAIPEI).toInstant();
  }

  @Test
  void theDaySessionOpensAt0845AndClosesAt1345() {
    assertThat(calendar.isOpen(taipei("2026-01-06T08:44:59"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-06T08:45:00"))).isTrue();
    assertThat(calendar.isOpen(taipei("2026-01-06T13:44:59"))).isTrue();
    assertThat(calendar.isOpen(taipei("2026-01-06T13:45:00"))).isFalse();
    assertThat(calendar.sessionClose(taipei("2026-01-06T10:00:00")))
        .contains(taipei("2026-01-06T13:45:00"));
    assertThat(calendar.tradingDay(taipei("2026-01-06T10:00:00")))
        .isEqualTo(LocalDate.of(2026, 1, 6));
  }

  @Test
  void theNightSessionRunsFrom1500To0500AndBelongsToTheNextTradingDay() {
    assertThat(calendar.isOpen(taipei("2026-01-06T14:59:59"))).isFalse();
    assertThat(calendar.tradingDay(taipei("2026-01-06T14:59:59")))
        .isEqualTo(LocalDate.of(2026, 1, 6));
    assertThat(calendar.isOpen(taipei("2026-01-06T15:00:00"))).isTrue();
    assertThat(calendar.tradingDay(taipei("2026-01-06T15:00:00")))
        .isEqualTo(LocalDate.of(2026, 1, 7));
    assertThat(calendar.isOpen(taipei("2026-01-07T04:59:59"))).isTrue();
    assertThat(calendar.tradingDay(taipei("2026-01-07T04:59:59")))
        .isEqualTo(LocalDate.of(2026, 1, 7));
    assertThat(calendar.sessionClose(taipei("2026-01-07T04:59:59")))
        .contains(taipei("2026-01-07T05:00:00"));
    assertThat(calendar.isOpen(taipei("2026-01-07T05:00:00"))).isFalse();
    assertThat(calendar.sessionClose(taipei("2026-01-07T05:00:00"))).isEmpty();
  }

  @Test
  void fridaysNightSessionRunsIntoSaturdayAndBelongsToMonday() {
    LocalDate monday = LocalDate.of(2026, 1, 12);
    assertThat(calendar.isOpen(taipei("2026-01-09T15:00:00"))).isTrue();
    assertThat(calendar.tradingDay(taipei("2026-01-09T15:00:00"))).isEqualTo(monday);
    assertThat(calendar.isOpen(taipei("2026-01-10T04:59:59"))).isTrue();
    assertThat(calendar.tradingDay(taipei("2026-01-10T04:59:59"))).isEqualTo(monday);
    assertThat(calendar.isOpen(taipei("2026-01-10T05:00:00"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-10T10:00:00"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-10T15:00:00"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-11T10:00:00"))).isFalse();
    assertThat(calendar.tradingDay(taipei("2026-01-11T10:00:00"))).isEqualTo(monday);
    assertThat(calendar.isOpen(taipei("2026-01-12T08:45:00"))).isTrue();
    assertThat(calendar.tradingDay(taipei("2026-01-12T08:45:00"))).isEqualTo(monday);
  }

  @Test
  void aHolidayHasNoSessionsAndTheNightBeforeItIsClosed() {
    assertThat(calendar.isOpen(taipei("2026-01-13T10:00:00"))).isTrue();
    assertThat(calendar.isOpen(taipei("2026-01-13T15:00:00"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-14T02:00:00"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-14T10:00:00"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-14T15:00:00"))).isFalse();
    assertThat(calendar.isOpen(taipei("2026-01-15T08:45:00"))).isTrue();
    assertThat(calendar.tradingDay(taipei("2026-01-13T15:00:00")))
        .isEqualTo(LocalDate.of(2026, 1, 15));
    assertThat(calendar.tradingDay(taipei("2026-01-14T10:00:00")))
        .isEqualTo(LocalDate.of(2026, 1, 15));
  }

  @Test
  void alwaysOpenIsOpenAtAnyHourAndNeverCloses() {
    Instant saturdayNight = taipei("2026-01-10T23:00:00");
    assertThat(AlwaysOpenCalendar.INSTANCE.isOpen(saturdayNight)).isTrue();
    assertThat(AlwaysOpenCalendar.INSTANCE.sessionClose(saturdayNight)).isEmpty();
    assertThat(AlwaysOpenCalendar.INSTANCE.tradingDay(saturdayNight))
        .isEqualTo(LocalDate.of(2026, 1, 10));
  }
}
