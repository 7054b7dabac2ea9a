package org.aftm.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a benchmark main: {@code --name value} pairs and repeatable {@code -c
 * KEY=VALUE} configuration overrides. Unknown names fail, so a typo never runs the wrong benchmark
 * for minutes.
 */
final class Options {

  private final Map<String, String> values = new HashMap<>();
  private final List<String> config = new ArrayList<>();

  private Options() {}

  static Options parse(String[] args, Set<String> known) {
    Options options = new Options();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name);
      }
      String value = args[++i];
      if (name.equals("-c")) {
        options.config.add(value);
      } else if (name.startsWith("--") && known.contains(name.substring(2))) {
        options.values.put(name.substring(2), value);
      } else {
        throw new IllegalArgumentException(
            "unknown option " + name + "; known: -c KEY=VALUE and --" + String.join(", --", known));
      }
    }
    return options;
  }

  int intValue(String name, int fallback) {
    String value = values.get(name);
    return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
  }

  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The {@code -c KEY=VALUE} overrides, in order. */
  List<String> config() {
    return config;
  }
}
