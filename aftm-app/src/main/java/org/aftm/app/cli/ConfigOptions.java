package org.aftm.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigSources;
import picocli.CommandLine.Option;

/**
 * The configuration flags every command takes; flags win over the environment, {@code .env} and
 * defaults.
 */
public final class ConfigOptions {

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
   */
  public AftmConfig load() {
    Map<String, String> flags = new LinkedHashMap<>(values);
    if (dataDir != null) {
      flags.put("AFTM_DATA_DIR", dataDir.toString());
    }
    return ConfigSources.load(flags, System.getenv(), Path.of(".env"));
  }
}
