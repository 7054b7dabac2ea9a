package org.aftm.app.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftm.domain.model.Contract;
import org.aftm.domain.strategy.ConfiguredStrategy;
import org.aftm.domain.strategy.StrategiesSetting;
import org.aftm.domain.strategy.StrategiesSetting.InvalidStrategiesSettingException;
import org.aftm.domain.strategy.StrategyCatalog;
import org.aftm.domain.strategy.StrategyPlugin;
import org.aftm.domain.strategy.SupportResistancePlugin;

/**
 * The strategy instances {@link ConfigKey#AFTM_STRATEGIES} configures ({@link StrategiesSetting}
 * gives the grammar), from the installed plugins. The support/resistance plugin's {@code
 * max_entry_attempts} defaults to {@link ConfigKey#AFTM_MAX_ENTRY_ATTEMPTS}, so that key keeps its
 * meaning.
 */
public final class StrategyInstances {

  private StrategyInstances() {}

  /**
   * The configured instances.
   *
   * @throws ConfigException naming the key, the instance and the parameter
   */
  public static List<ConfiguredStrategy> of(AftmConfig config) {
    return of(config, config.strategies());
  }

  /**
   * The instances of {@code setting} (an {@code AFTM_STRATEGIES} value), with the defaults of
   * {@code config}.
   *
   * @throws ConfigException naming the key, the instance and the parameter
   */
  public static List<ConfiguredStrategy> of(AftmConfig config, String setting) {
    try {
      return StrategiesSetting.parse(setting, StrategyCatalog.installed(), defaults(config));
    } catch (InvalidStrategiesSettingException e) {
      throw new ConfigException(List.of(ConfigKey.AFTM_STRATEGIES + ": " + e.getMessage()));
    }
  }

  /** What is wrong with the configured instances, if anything. */
  static Optional<String> problem(AftmConfig config) {
    try {
      of(config);
      return Optional.empty();
    } catch (ConfigException e) {
      return Optional.of(e.problems().get(0));
    }
  }

  /**
   * What is wrong with the configured instances' {@code instruments=}, if anything: each must be a
   * contract of {@code listed}, by its code ({@code TXFL6}) or its product ({@code TXF}, the front
   * month). A typo would otherwise make an instance that is never given a tick.
   *
   * @param listed the contracts the broker lists
   */
  public static Optional<String> problem(AftmConfig config, List<Contract> listed) {
    Set<String> known = new LinkedHashSet<>();
    for (Contract contract : listed) {
      known.add(contract.product());
      known.add(contract.code());
    }
    for (ConfiguredStrategy instance : of(config)) {
      for (String instrument : instance.instruments()) {
        if (!known.contains(instrument)) {
          return Optional.of(
              ConfigKey.AFTM_STRATEGIES
                  + ": instance '"
                  + instance.name()
                  + "' ("
                  + instance.plugin().name()
                  + "): instruments: '"
                  + instrument
                  + "' is not a listed contract; listed: "
                  + String.join(", ", known));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The configuration's defaults for {@code plugin}'s parameters, which stand in for the plugin's
   * own where a parameter is not given (a backtest's {@code --param} wins over them).
   */
  public static Map<String, String> defaults(AftmConfig config, StrategyPlugin plugin) {
    return defaults(config).getOrDefault(plugin.name(), Map.of());
  }

  private static Map<String, Map<String, String>> defaults(AftmConfig config) {
    return Map.of(
        new SupportResistancePlugin().name(),
        Map.of("max_entry_attempts", Integer.toString(config.maxEntryAttempts())));
  }
}
