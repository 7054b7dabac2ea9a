package org.aftm.domain.strategy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated, typed values of a plugin's parameters: every declared parameter has a value (given
 * or its default), and nothing undeclared is present. Immutable.
 */
public final class StrategyParameters {

  private final Map<String, Object> values;
  private final Map<String, String> texts;

  private StrategyParameters(Map<String, Object> values, Map<String, String> texts) {
    this.values = Collections.unmodifiableMap(values);
    this.texts = Collections.unmodifiableMap(texts);
  }

  /**
   * Validates {@code given} (name to text) against {@code declared}.
   *
   * @throws InvalidStrategyParameterException for an unknown name, a missing required value or a
   *     value of the wrong type or out of range; the message names the parameter
   */
  public static StrategyParameters of(List<StrategyParameter> declared, Map<String, String> given) {
    Map<String, StrategyParameter> byName = new LinkedHashMap<>();
    for (StrategyParameter parameter : declared) {
      byName.put(parameter.name(), parameter);
    }
    for (String name : given.keySet()) {
      if (!byName.containsKey(name)) {
        throw new InvalidStrategyParameterException(
            name, "unknown parameter; known: " + String.join(", ", byName.keySet()));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> texts = new LinkedHashMap<>();
    for (StrategyParameter parameter : declared) {
      String text = given.getOrDefault(parameter.name(), parameter.defaultValue());
      values.put(parameter.name(), parameter.parse(text));
      texts.put(parameter.name(), text.strip());
    }
    return new StrategyParameters(values, texts);
  }

  /** Every parameter with its value as text, in declaration order (for storage and display). */
  public Map<String, String> asText() {
    return texts;
  }

  public long integer(String name) {
    return (Long) value(name);
  }

  public BigDecimal decimal(String name) {
    return (BigDecimal) value(name);
  }

  public boolean bool(String name) {
    return (Boolean) value(name);
  }

  public Duration duration(String name) {
    return (Duration) value(name);
  }

  public String text(String name) {
    return (String) value(name);
  }

  private Object value(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return value;
  }

  @Override
  public String toString() {
    return texts.toString();
  }
}
