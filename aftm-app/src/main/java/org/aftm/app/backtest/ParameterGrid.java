package org.aftm.app.backtest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftm.domain.strategy.InvalidStrategyParameterException;
import org.aftm.domain.strategy.StrategyParameter;
import org.aftm.domain.strategy.StrategyParameters;

/**
 * The points of a sweep: every combination of the values given for some of a strategy's parameters,
 * each point completed by the fixed parameters and the defaults and validated. A sweep is {@code
 * name=v1,v2,v3}, a range {@code name=from..to:step} (whole or decimal numbers, both ends included,
 * step 1 when left out) or both, {@code name=1,5..20:5}. Points are in a fixed order, the first
 * swept parameter varying slowest, so a tie between two results is broken the same way every time.
 */
public final class ParameterGrid {

  /** More points than this is a mistake rather than a sweep. */
  public static final int MAX_POINTS = 10_000;

  private ParameterGrid() {}

  /**
   * @param declared the strategy's parameters
   * @param fixed parameters given once ({@code --param})
   * @param sweeps the {@code --sweep} texts, in the order given
   * @return the validated points, in order
   * @throws InvalidStrategyParameterException naming the parameter: unknown, swept twice, both
   *     fixed and swept, a value of the wrong type or out of range, a bad range
   */
  public static List<StrategyParameters> points(
      List<StrategyParameter> declared, Map<String, String> fixed, List<String> sweeps) {
    return points(declared, Map.of(), fixed, sweeps);
  }

  /**
   * As {@link #points(List, Map, List)}, with defaults that stand in for the plugin's own where a
   * parameter is neither fixed nor swept (the configuration's, such as {@code
   * AFTM_MAX_ENTRY_ATTEMPTS}); a default for a parameter the plugin does not declare is ignored.
   */
  public static List<StrategyParameters> points(
      List<StrategyParameter> declared,
      Map<String, String> defaults,
      Map<String, String> fixed,
      List<String> sweeps) {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    for (String sweep : sweeps) {
      int equals = sweep.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "--sweep: '" + sweep + "' is not name=v1,v2,... or name=from..to:step");
      }
      String name = sweep.substring(0, equals).strip();
      StrategyParameter parameter =
          declared.stream()
              .filter(p -> p.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidStrategyParameterException(
                          name,
                          "unknown parameter; known: "
                              + String.join(
                                  ", ", declared.stream().map(StrategyParameter::name).toList())));
      if (axes.containsKey(name)) {
        throw new InvalidStrategyParameterException(name, "swept twice");
      }
      if (fixed.containsKey(name)) {
        throw new InvalidStrategyParameterException(name, "given both with --param and --sweep");
      }
      List<String> values = values(parameter, sweep.substring(equals + 1).strip());
      for (String value : values) {
        parameter.parse(value); // refuses a bad value, naming the parameter
      }
      axes.put(name, values);
    }
    long count = 1;
    for (List<String> values : axes.values()) {
      count *= values.size();
      if (count > MAX_POINTS) {
        throw new IllegalArgumentException(
            "--sweep: more than " + MAX_POINTS + " points; sweep fewer values");
      }
    }
    Map<String, String> base = new LinkedHashMap<>();
    for (StrategyParameter parameter : declared) {
      String value = defaults.get(parameter.name());
      if (value != null && !axes.containsKey(parameter.name())) {
        base.put(parameter.name(), value);
      }
    }
    base.putAll(fixed);
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(base);
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : combinations) {
        for (String value : axis.getValue()) {
          Map<String, String> point = new LinkedHashMap<>(partial);
          point.put(axis.getKey(), value);
          next.add(point);
        }
      }
      combinations = next;
    }
    List<StrategyParameters> points = new ArrayList<>();
    for (Map<String, String> combination : combinations) {
      points.add(StrategyParameters.of(declared, combination));
    }
    return points;
  }

  /** The values of {@code text}: items separated by commas, each a value or a range. */
  private static List<String> values(StrategyParameter parameter, String text) {
    List<String> values = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      if (item.isBlank()) {
        throw new InvalidStrategyParameterException(
            parameter.name(), "empty value in '" + text + "'");
      }
      if (item.contains("..")) {
        values.addAll(range(parameter, item.strip()));
      } else {
        values.add(item.strip());
      }
      if (values.size() > MAX_POINTS) {
        throw new InvalidStrategyParameterException(
            parameter.name(), "'" + text + "' has more than " + MAX_POINTS + " values");
      }
    }
    return values;
  }

  private static List<String> range(StrategyParameter parameter, String text) {
    String name = parameter.name();
    int dots = text.indexOf("..");
    if (parameter.type() != StrategyParameter.Type.INTEGER
        && parameter.type() != StrategyParameter.Type.DECIMAL) {
      throw new InvalidStrategyParameterException(
          name, "a range from..to:step needs a number parameter, not " + parameter.type().text());
    }
    int colon = text.indexOf(':', dots);
    BigDecimal from;
    BigDecimal to;
    BigDecimal step;
    try {
      from = new BigDecimal(text.substring(0, dots).strip());
      to = new BigDecimal(text.substring(dots + 2, colon < 0 ? text.length() : colon).strip());
      step = colon < 0 ? BigDecimal.ONE : new BigDecimal(text.substring(colon + 1).strip());
    } catch (NumberFormatException e) {
      throw new InvalidStrategyParameterException(
          name, "'" + text + "' is not a range from..to:step such as 10..30:5");
    }
    if (step.signum() <= 0 || from.compareTo(to) > 0) {
      throw new InvalidStrategyParameterException(
          name, "range '" + text + "' needs from <= to and a step > 0");
    }
    List<String> values = new ArrayList<>();
    for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(step)) {
      if (values.size() == MAX_POINTS) {
        throw new InvalidStrategyParameterException(
            name, "range '" + text + "' has more than " + MAX_POINTS + " values");
      }
      values.add(v.stripTrailingZeros().toPlainString());
    }
    return values;
  }
}
