package org.aftm.domain.strategy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One typed parameter a {@link StrategyPlugin} declares: its name, type, default, bounds and a
 * description. {@link #parse} turns operator text into the typed value or refuses it with a message
 * that names the parameter.
 *
 * @param name lower_snake_case, unique within the plugin
 * @param type what values look like
 * @param defaultValue the value when none is given, as text; {@code null} for a required parameter
 * @param min the least value (numbers and durations), or {@code null} for none
 * @param max the greatest value (numbers and durations), or {@code null} for none
 * @param description one line for {@code aftm strategies}
 */
public record StrategyParameter(
    String name, Type type, String defaultValue, String min, String max, String description) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** The type of a parameter's values. */
  public enum Type {
    /** A whole number (a {@code long}). */
    INTEGER,
    /** A decimal number (a {@link BigDecimal}), e.g. a price or points. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A duration: a number and a unit, {@code 500ms}, {@code 1s}, {@code 1m}, {@code 1h}. */
    DURATION,
    /** Free text. */
    TEXT;

    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public StrategyParameter {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("parameter name must be lower_snake_case: " + name);
    }
    if (defaultValue != null) {
      parseValue(name, type, defaultValue, min, max);
    }
  }

  public static StrategyParameter integer(
      String name, long defaultValue, long min, long max, String description) {
    return new StrategyParameter(
        name,
        Type.INTEGER,
        Long.toString(defaultValue),
        Long.toString(min),
        Long.toString(max),
        description);
  }

  public static StrategyParameter decimal(
      String name, String defaultValue, String min, String max, String description) {
    return new StrategyParameter(name, Type.DECIMAL, defaultValue, min, max, description);
  }

  public static StrategyParameter bool(String name, boolean defaultValue, String description) {
    return new StrategyParameter(
        name, Type.BOOLEAN, Boolean.toString(defaultValue), null, null, description);
  }

  public static StrategyParameter duration(
      String name, String defaultValue, String min, String max, String description) {
    return new StrategyParameter(name, Type.DURATION, defaultValue, min, max, description);
  }

  public boolean required() {
    return defaultValue == null;
  }

  /**
   * The typed value of {@code text}: a {@link Long}, {@link BigDecimal}, {@link Boolean}, {@link
   * Duration} or {@link String}.
   *
   * @throws InvalidStrategyParameterException naming this parameter, the text and what is expected
   */
  public Object parse(String text) {
    return parseValue(name, type, text, min, max);
  }

  private static Object parseValue(String name, Type type, String text, String min, String max) {
    if (text == null) {
      throw new InvalidStrategyParameterException(name, "a value is required");
    }
    String value = text.strip();
    switch (type) {
      case INTEGER -> {
        long parsed;
        try {
          parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new InvalidStrategyParameterException(
              name, "must be a whole number but was '" + text + "'");
        }
        if (min != null && parsed < Long.parseLong(min)
            || max != null && parsed > Long.parseLong(max)) {
          throw new InvalidStrategyParameterException(name, outOfRange(text, min, max));
        }
        return parsed;
      }
      case DECIMAL -> {
        BigDecimal parsed;
        try {
          parsed = new BigDecimal(value);
        } catch (NumberFormatException e) {
          throw new InvalidStrategyParameterException(
              name, "must be a number but was '" + text + "'");
        }
        if (min != null && parsed.compareTo(new BigDecimal(min)) < 0
            || max != null && parsed.compareTo(new BigDecimal(max)) > 0) {
          throw new InvalidStrategyParameterException(name, outOfRange(text, min, max));
        }
        return parsed.stripTrailingZeros();
      }
      case BOOLEAN -> {
        if (value.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
        throw new InvalidStrategyParameterException(
            name, "must be true or false but was '" + text + "'");
      }
      case DURATION -> {
        Duration parsed = parseDuration(name, value, text);
        if (min != null && parsed.compareTo(parseDuration(name, min, min)) < 0
            || max != null && parsed.compareTo(parseDuration(name, max, max)) > 0) {
          throw new InvalidStrategyParameterException(name, outOfRange(text, min, max));
        }
        return parsed;
      }
      case TEXT -> {
        return value;
      }
      default -> throw new IllegalStateException("unknown type " + type);
    }
  }

  private static String outOfRange(String text, String min, String max) {
    if (min != null && max != null) {
      return "must be between " + min + " and " + max + " but was " + text;
    }
    return min != null
        ? "must be at least " + min + " but was " + text
        : "must be at most " + max + " but was " + text;
  }

  private static Duration parseDuration(String name, String value, String text) {
    String number;
    long unitNanos;
    if (value.endsWith("ms")) {
      number = value.substring(0, value.length() - 2);
      unitNanos = 1_000_000L;
    } else if (value.endsWith("s")) {
      number = value.substring(0, value.length() - 1);
      unitNanos = 1_000_000_000L;
    } else if (value.endsWith("m")) {
      number = value.substring(0, value.length() - 1);
      unitNanos = 60_000_000_000L;
    } else if (value.endsWith("h")) {
      number = value.substring(0, value.length() - 1);
      unitNanos = 3_600_000_000_000L;
    } else {
      throw new InvalidStrategyParameterException(
          name, "must be a duration such as 500ms, 1s, 1m or 1h but was '" + text + "'");
    }
    try {
      long amount = Long.parseLong(number);
      if (amount <= 0) {
        throw new InvalidStrategyParameterException(name, "must be > 0 but was '" + text + "'");
      }
      return Duration.ofNanos(Math.multiplyExact(amount, unitNanos));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidStrategyParameterException(
          name, "must be a duration such as 500ms, 1s, 1m or 1h but was '" + text + "'");
    }
  }
}
