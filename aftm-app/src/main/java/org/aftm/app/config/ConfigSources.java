package org.aftm.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the configuration sources, highest first: command-line flags, environment variables, a
 * {@code .env} file in the working directory, defaults. Unknown keys in flags and {@code .env} are
 * errors (a typo must not silently fall back to a default); unknown environment variables are
 * ignored, as the environment holds much else.
 */
public final class ConfigSources {

  private ConfigSources() {}

  /**
   * @param flags {@code KEY=VALUE} pairs from the command line
   * @param environment the process environment
   * @param dotEnv the {@code .env} file, read if it exists
   * @throws ConfigException listing every bad entry
   */
  public static AftmConfig load(
      Map<String, String> flags, Map<String, String> environment, Path dotEnv) {
    List<String> errors = new ArrayList<>();
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      values.put(key, key.defaultValue());
    }
    if (dotEnv != null && Files.isRegularFile(dotEnv)) {
      readDotEnv(dotEnv, values, errors);
    }
    for (ConfigKey key : ConfigKey.values()) {
      String value = environment.get(key.name());
      // The password is read by PasswordSource when it is needed; the configuration never holds it.
      if (value != null && !key.isSecret()) {
        values.put(key, value);
      }
    }
    flags.forEach(
        (name, value) -> {
          ConfigKey key = ConfigKey.find(name).orElse(null);
          if (key == null) {
            errors.add("unknown configuration key on the command line: " + name);
          } else if (key.isSecret()) {
            errors.add(
                name
                    + " may not be given on the command line (it would show in the process list); use the environment or the prompt");
          } else {
            values.put(key, value);
          }
        });
    AftmConfig config = null;
    try {
      config = AftmConfig.from(values);
    } catch (ConfigException e) {
      // Report bad values together with unknown keys, so one run shows every problem.
      errors.addAll(e.problems());
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config;
  }

  /**
   * The keys the operator set: on the command line, in the environment or in {@code .env}, rather
   * than left to their defaults (a command may then choose a better default of its own, as a replay
   * takes the simulated broker's reference price from its data). Unknown keys are left out.
   */
  public static Set<ConfigKey> given(
      Map<String, String> flags, Map<String, String> environment, Path dotEnv) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    if (dotEnv != null && Files.isRegularFile(dotEnv)) {
      readDotEnv(dotEnv, values, new ArrayList<>());
    }
    Set<ConfigKey> given = EnumSet.noneOf(ConfigKey.class);
    given.addAll(values.keySet());
    for (ConfigKey key : ConfigKey.values()) {
      if (environment.containsKey(key.name())) {
        given.add(key);
      }
    }
    flags.keySet().forEach(name -> ConfigKey.find(name).ifPresent(given::add));
    return given;
  }

  private static void readDotEnv(Path file, Map<ConfigKey, String> values, List<String> errors) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      errors.add(file + ": cannot read: " + e.getMessage());
      return;
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        errors.add(file + " line " + (i + 1) + ": expected KEY=VALUE");
        continue;
      }
      String name = line.substring(0, eq).strip();
      String value = unquote(line.substring(eq + 1).strip());
      ConfigKey key = ConfigKey.find(name).orElse(null);
      if (key == null) {
        errors.add(file + " line " + (i + 1) + ": unknown configuration key " + name);
      } else if (key.isSecret()) {
        errors.add(
            file
                + " line "
                + (i + 1)
                + ": "
                + name
                + " may not be stored in a file; use the environment or the prompt");
      } else {
        values.put(key, value);
      }
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && ((value.startsWith("\"") && value.endsWith("\""))
            || (value.startsWith("'") && value.endsWith("'")))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
