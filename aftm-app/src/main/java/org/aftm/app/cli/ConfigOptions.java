package org.aftm.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigException;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.ConfigSources;
import org.aftm.app.config.ExchangeMode;
import org.aftm.app.config.StrategyInstances;
import org.aftm.app.wiring.SimulatedBrokers;
import picocli.CommandLine.Option;

/**
 * The configuration flags every command takes; flags win over the environment, {@code .env} and
 * defaults.
 */
public final class ConfigOptions {

  private static final Path DOT_ENV = Path.of(".env");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "KEY=VALUE",
      description =
          "Set a configuration key (repeatable), e.g. -c ZMQ_TICK_PORT=6555. See the README for every key.")
  Map<String, String> values = new LinkedHashMap<>();

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Same as -c AFTM_DATA_DIR=DIR.")
  Path dataDir;

  /**
   * Loads and validates; throws {@link org.aftm.app.config.ConfigException} listing every bad key.
   * With the simulated broker, the configured strategies' instruments must be contracts it lists.
   */
  public AftmConfig load() {
    AftmConfig config = ConfigSources.load(flags(), System.getenv(), DOT_ENV);
    if (config.exchangeMode() == ExchangeMode.SIM) {
      requireListedInstruments(config);
    }
    return config;
  }

  /** Whether the operator set {@code key} (flag, environment or {@code .env}). */
  public boolean gives(ConfigKey key) {
    return ConfigSources.given(flags(), System.getenv(), DOT_ENV).contains(key);
  }

  /**
   * Refuses {@code AFTM_STRATEGIES} instruments the simulated broker does not list (a typo such as
   * {@code TXFF} would make an instance that never trades).
   *
   * @throws ConfigException naming the instance and the instrument
   */
  static void requireListedInstruments(AftmConfig config) {
    StrategyInstances.problem(config, SimulatedBrokers.contracts(config))
        .ifPresent(
            problem -> {
              throw new ConfigException(List.of(problem));
            });
  }

  private Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>(values);
    if (dataDir != null) {
      flags.put("AFTM_DATA_DIR", dataDir.toString());
    }
    return flags;
  }
}
