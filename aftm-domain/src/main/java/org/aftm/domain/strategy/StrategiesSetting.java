package org.aftm.domain.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the strategy instances of {@code AFTM_STRATEGIES}:
 *
 * <pre>
 * setting   = instance { ";" instance }
 * instance  = plugin [ ":" parameter { "," parameter } ]
 * parameter = name "=" value
 * </pre>
 *
 * Two parameter names are the framework's, not the plugin's: {@code name} (the instance's name,
 * default the plugin's name; a lower-case letter, then up to 31 letters, digits, {@code _} or
 * {@code -}) and {@code instruments} (item codes joined by {@code +}, e.g. {@code TXF+MXF}; default
 * all). Every other parameter is the plugin's, checked against its declaration ({@link
 * StrategyParameters#of}) and then together ({@link StrategyPlugin#check}). Blanks around names and
 * values are ignored. Example: {@code support-resistance;
 * ma-crossover:name=ma1,instruments=TXF,bar_period=1m,fast=5,slow=20}.
 */
public final class StrategiesSetting {

  private static final Pattern ITEM_CODE = Pattern.compile("[A-Za-z0-9_.]{1,32}");

  /** The framework's own parameter names. */
  public static final String NAME = "name";

  public static final String INSTRUMENTS = "instruments";

  private StrategiesSetting() {}

  /** A setting that cannot be used; the message names the instance and the parameter. */
  public static final class InvalidStrategiesSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidStrategiesSettingException(String message) {
      super(message);
    }
  }

  /**
   * The instances of {@code text}, in order.
   *
   * @throws InvalidStrategiesSettingException naming the instance and what is wrong with it
   */
  public static List<ConfiguredStrategy> parse(String text, StrategyCatalog catalog) {
    return parse(text, catalog, Map.of());
  }

  /**
   * As {@link #parse(String, StrategyCatalog)}, with defaults that stand in for a plugin's own
   * (plugin name to parameter name to text) where the setting does not give the parameter: how
   * older configuration keys keep their meaning.
   */
  public static List<ConfiguredStrategy> parse(
      String text, StrategyCatalog catalog, Map<String, Map<String, String>> defaults) {
    if (text == null || text.isBlank()) {
      throw new InvalidStrategiesSettingException("no strategy instance given");
    }
    List<ConfiguredStrategy> instances = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    String conditionsInstance = null;
    int number = 0;
    for (String part : text.split(";", -1)) {
      number++;
      String instanceText = part.strip();
      if (instanceText.isEmpty()) {
        throw new InvalidStrategiesSettingException("instance " + number + " is empty");
      }
      ConfiguredStrategy instance = parseInstance(instanceText, number, catalog, defaults);
      if (!names.add(instance.name())) {
        throw new InvalidStrategiesSettingException(
            "instance '"
                + instance.name()
                + "': the name is used twice; give each instance of a plugin its own name=");
      }
      if (instance.plugin().runsOverConditions()) {
        if (conditionsInstance != null) {
          throw new InvalidStrategiesSettingException(
              "instance '"
                  + instance.name()
                  + "': only one instance may run over the operator's conditions, and '"
                  + conditionsInstance
                  + "' does");
        }
        conditionsInstance = instance.name();
      }
      instances.add(instance);
    }
    return List.copyOf(instances);
  }

  private static ConfiguredStrategy parseInstance(
      String text, int number, StrategyCatalog catalog, Map<String, Map<String, String>> defaults) {
    int colon = text.indexOf(':');
    String pluginName = (colon < 0 ? text : text.substring(0, colon)).strip();
    String label = "instance " + number + " (" + pluginName + ")";
    StrategyPlugin plugin;
    try {
      plugin = catalog.require(pluginName);
    } catch (IllegalArgumentException e) {
      throw new InvalidStrategiesSettingException(label + ": " + e.getMessage());
    }
    Map<String, String> given = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String pair : text.substring(colon + 1).split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new InvalidStrategiesSettingException(
              label + ": '" + pair.strip() + "' is not name=value");
        }
        String key = pair.substring(0, eq).strip();
        if (given.put(key, pair.substring(eq + 1).strip()) != null) {
          throw new InvalidStrategiesSettingException(
              label + ": parameter " + key + " is given twice");
        }
      }
    }
    String name = given.containsKey(NAME) ? given.remove(NAME) : plugin.name();
    if (!InstanceSignals.INSTANCE_NAME.matcher(name).matches()) {
      throw new InvalidStrategiesSettingException(
          label
              + ": name: must be a lower-case letter then up to 31 letters, digits, _ or -, but was '"
              + name
              + "'");
    }
    label = "instance '" + name + "' (" + pluginName + ")";
    Set<String> instruments = new LinkedHashSet<>();
    String instrumentsText = given.remove(INSTRUMENTS);
    if (instrumentsText != null) {
      for (String item : instrumentsText.split("\\+", -1)) {
        String code = item.strip();
        if (!ITEM_CODE.matcher(code).matches()) {
          throw new InvalidStrategiesSettingException(
              label
                  + ": instruments: '"
                  + code
                  + "' is not an item code (letters, digits, _ or ., joined by +)");
        }
        instruments.add(code);
      }
    }
    Map<String, String> values =
        new LinkedHashMap<>(defaults.getOrDefault(plugin.name(), Map.of()));
    values.keySet().retainAll(plugin.parameters().stream().map(StrategyParameter::name).toList());
    values.putAll(given);
    StrategyParameters parameters;
    try {
      parameters = StrategyParameters.of(plugin.parameters(), values);
      plugin.check(parameters);
    } catch (InvalidStrategyParameterException e) {
      throw new InvalidStrategiesSettingException(label + ": parameter " + e.getMessage());
    }
    return new ConfiguredStrategy(name, plugin, instruments, parameters);
  }
}
