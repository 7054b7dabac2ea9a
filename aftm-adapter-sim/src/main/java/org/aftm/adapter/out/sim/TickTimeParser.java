package org.aftm.adapter.out.sim;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Parses the {@code time} column of a tick file to epoch milliseconds without allocating:
 *
 * <ul>
 *   <li>all digits: epoch milliseconds;
 *   <li>ISO-8601 with an offset, {@code 2026-11-23T09:00:00.125+08:00} or {@code ...Z}: that
 *       instant;
 *   <li>ISO-8601 without one, {@code 2026-11-23T09:00:00.125}: local time in the exchange's zone
 *       (Asia/Taipei by default).
 * </ul>
 *
 * <p>Seconds and the fraction are optional; a space may stand for the {@code T}; digits beyond
 * milliseconds are truncated. Not thread-safe: one per read.
 */
final class TickTimeParser {

  private static final int SECONDS_PER_DAY = 86_400;
  private static final int MAX_EPOCH_MILLIS_DIGITS = 15;

  private final ZoneRules rules;
  // The offset last looked up and the instants it holds for, so a file costs one zone lookup per
  // offset change (none at all in Taipei since 1979) instead of one per line.
  private int cachedOffsetSeconds;
  private long cachedFromEpochSecond = Long.MAX_VALUE;
  private long cachedUntilEpochSecond = Long.MIN_VALUE;

  TickTimeParser(ZoneId localZone) {
    this.rules = localZone.getRules();
  }

  /**
   * @throws IllegalArgumentException describing what is wrong with {@code chars[start, end)}
   */
  long parseMillis(char[] chars, int start, int end) {
    if (start == end) {
      throw new IllegalArgumentException("missing");
    }
    if (allDigits(chars, start, end)) {
      if (end - start > MAX_EPOCH_MILLIS_DIGITS) {
        throw bad(chars, start, end, "too many digits for epoch milliseconds");
      }
      long millis = 0;
      for (int i = start; i < end; i++) {
        millis = millis * 10 + (chars[i] - '0');
      }
      return millis;
    }
    return parseIso(chars, start, end);
  }

  private long parseIso(char[] chars, int start, int end) {
    int i = start;
    if (end - start < 16
        || chars[i + 4] != '-'
        || chars[i + 7] != '-'
        || chars[i + 13] != ':'
        || (chars[i + 10] != 'T' && chars[i + 10] != ' ')) {
      throw bad(chars, start, end, null);
    }
    int year = digits(chars, i, 4, start, end);
    int month = digits(chars, i + 5, 2, start, end);
    int day = digits(chars, i + 8, 2, start, end);
    int hour = digits(chars, i + 11, 2, start, end);
    int minute = digits(chars, i + 14, 2, start, end);
    i += 16;
    int second = 0;
    if (i < end && chars[i] == ':') {
      second = digits(chars, i + 1, 2, start, end);
      i += 3;
    }
    int millis = 0;
    if (i < end && chars[i] == '.') {
      i++;
      int fractionStart = i;
      while (i < end && chars[i] >= '0' && chars[i] <= '9') {
        if (i - fractionStart < 3) {
          millis = millis * 10 + (chars[i] - '0');
        }
        i++;
      }
      int places = i - fractionStart;
      if (places == 0 || places > 9) {
        throw bad(chars, start, end, "the fraction of a second needs 1 to 9 digits");
      }
      for (int p = places; p < 3; p++) {
        millis *= 10;
      }
    }
    if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
      throw bad(chars, start, end, "no such date");
    }
    if (hour > 23 || minute > 59 || second > 59) {
      throw bad(chars, start, end, "no such time of day");
    }
    long localSeconds =
        daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
    long epochSecond;
    if (i == end) {
      epochSecond = localSeconds - offsetSecondsAt(localSeconds);
    } else {
      epochSecond = localSeconds - parseOffset(chars, i, start, end);
    }
    return epochSecond * 1000 + millis;
  }

  /** {@code Z}, {@code +08:00}, {@code +0800} or {@code +08}: the offset in seconds. */
  private static int parseOffset(char[] chars, int i, int start, int end) {
    if (chars[i] == 'Z' && i + 1 == end) {
      return 0;
    }
    if (chars[i] != '+' && chars[i] != '-') {
      throw bad(chars, start, end, null);
    }
    int sign = chars[i] == '-' ? -1 : 1;
    int hours = digits(chars, i + 1, 2, start, end);
    int minutes = 0;
    int rest = i + 3;
    if (rest < end) {
      if (chars[rest] == ':') {
        rest++;
      }
      minutes = digits(chars, rest, 2, start, end);
      rest += 2;
    }
    if (rest != end || hours > 18 || minutes > 59) {
      throw bad(chars, start, end, "bad offset");
    }
    return sign * (hours * 3600 + minutes * 60);
  }

  private int offsetSecondsAt(long localSeconds) {
    long guess = localSeconds - cachedOffsetSeconds;
    if (guess >= cachedFromEpochSecond && guess < cachedUntilEpochSecond) {
      return cachedOffsetSeconds;
    }
    // Off the cached stretch: look the offset up and remember the instants it holds for.
    ZoneOffset offset =
        rules.getOffset(LocalDateTime.ofEpochSecond(localSeconds, 0, ZoneOffset.UTC));
    long epochSecond = localSeconds - offset.getTotalSeconds();
    ZoneOffsetTransition previous =
        rules.previousTransition(Instant.ofEpochSecond(epochSecond + 1));
    ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
    cachedOffsetSeconds = offset.getTotalSeconds();
    cachedFromEpochSecond = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
    cachedUntilEpochSecond = next == null ? Long.MAX_VALUE : next.toEpochSecond();
    return cachedOffsetSeconds;
  }

  private static boolean allDigits(char[] chars, int start, int end) {
    for (int i = start; i < end; i++) {
      if (chars[i] < '0' || chars[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static int digits(char[] chars, int at, int count, int start, int end) {
    if (at + count > end) {
      throw bad(chars, start, end, null);
    }
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = chars[i];
      if (c < '0' || c > '9') {
        throw bad(chars, start, end, null);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static IllegalArgumentException bad(char[] chars, int start, int end, String why) {
    return new IllegalArgumentException(
        "not epoch milliseconds or an ISO-8601 date-time"
            + (why == null ? "" : " (" + why + ")")
            + ": '"
            + new String(chars, start, end - start)
            + "'");
  }
}
