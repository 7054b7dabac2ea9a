package org.aftm.domain.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact decimal with four places, held as a long count of 1/10,000: a price, a distance in
 * points (turning point, take profit, P&amp;L in points) or an amount. Never a {@code double}.
 *
 * <p>The hot path works on the raw {@code long} units ({@link #units()}) to avoid allocation; this
 * record is for the edges and for readable code off the hot path.
 */
public record Price(long units) implements Comparable<Price> {

  /** Decimal places kept. */
  public static final int SCALE = 4;

  /** Units in one point. */
  public static final long UNITS_PER_POINT = 10_000L;

  /** Largest magnitude accepted from input: 100 billion points leaves room for P&amp;L sums. */
  public static final long MAX_UNITS = 100_000_000_000L * UNITS_PER_POINT;

  public static final Price ZERO = new Price(0);

  public Price {
    if (units > MAX_UNITS || units < -MAX_UNITS) {
      throw new IllegalArgumentException("price out of range: " + units + " units");
    }
  }

  public static Price ofPoints(long points) {
    return new Price(Math.multiplyExact(points, UNITS_PER_POINT));
  }

  public static Price ofUnits(long units) {
    return new Price(units);
  }

  /**
   * Parses exact decimal text ("22000", "21999.5", "-3.25").
   *
   * @throws IllegalArgumentException naming the text when it is not a decimal with at most four
   *     places within range
   */
  public static Price parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("price is missing");
    }
    return new Price(parseUnits(text, 0, text.length()));
  }

  /**
   * Parses decimal text in {@code text[start, end)} to units without allocating: the tick-file
   * reader calls this once per line.
   *
   * @throws IllegalArgumentException when the slice is not a decimal with at most four places
   */
  public static long parseUnits(CharSequence text, int start, int end) {
    int i = start;
    boolean negative = false;
    if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long whole = 0;
    int digits = 0;
    while (i < end && text.charAt(i) != '.') {
      char c = text.charAt(i++);
      if (c < '0' || c > '9' || digits >= 12) {
        throw badDecimal(text, start, end);
      }
      whole = whole * 10 + (c - '0');
      digits++;
    }
    long fraction = 0;
    int places = 0;
    if (i < end) {
      i++; // the '.'
      while (i < end) {
        char c = text.charAt(i++);
        if (c < '0' || c > '9' || places >= SCALE) {
          throw badDecimal(text, start, end);
        }
        fraction = fraction * 10 + (c - '0');
        places++;
      }
    }
    if (digits == 0 && places == 0) {
      throw badDecimal(text, start, end);
    }
    for (int p = places; p < SCALE; p++) {
      fraction *= 10;
    }
    long units = whole * UNITS_PER_POINT + fraction;
    if (units > MAX_UNITS) {
      throw badDecimal(text, start, end);
    }
    return negative ? -units : units;
  }

  private static IllegalArgumentException badDecimal(CharSequence text, int start, int end) {
    return new IllegalArgumentException(
        "not a decimal number with at most "
            + SCALE
            + " places: '"
            + text.subSequence(start, end)
            + "'");
  }

  /**
   * Converts an exact decimal, refusing one that would need rounding.
   *
   * @throws IllegalArgumentException when the value has more than four places or is out of range
   */
  public static Price of(BigDecimal value) {
    try {
      return new Price(
          value.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "not a decimal number with at most " + SCALE + " places within range: " + value, e);
    }
  }

  /**
   * The exact decimal, without trailing zeros and never in exponent form: 30000 stays 30000 (a
   * stripped {@code 3E+4} would print as such in JSON).
   */
  public BigDecimal toBigDecimal() {
    return plain(units);
  }

  /** Units as the exact decimal of {@link #toBigDecimal()}, for any long (sums of prices too). */
  public static BigDecimal plain(long units) {
    BigDecimal stripped = BigDecimal.valueOf(units, SCALE).stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  public Price plus(Price other) {
    return new Price(Math.addExact(units, other.units));
  }

  public Price minus(Price other) {
    return new Price(Math.subtractExact(units, other.units));
  }

  public Price times(long factor) {
    return new Price(Math.multiplyExact(units, factor));
  }

  public boolean isPositive() {
    return units > 0;
  }

  public boolean isNegative() {
    return units < 0;
  }

  @Override
  public int compareTo(Price other) {
    return Long.compare(units, other.units);
  }

  /** Plain decimal text without trailing zeros, e.g. "22000" or "21999.5". */
  public static String format(long units) {
    return BigDecimal.valueOf(units, SCALE).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return format(units);
  }
}
