package org.aftm.app.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.aftm.app.config.AftmConfig;

/**
 * The configuration a bench figure depends on, reported with it: link security, idle strategy, the
 * child JVMs' options, and every key about durability (database sync, audit, journal, commit), so
 * keys added later are reported without changing the bench.
 */
final class ConfigurationFacts {

  private static final Pattern DURABILITY =
      Pattern.compile(".*(SYNC|AUDIT|DURAB|JOURNAL|COMMIT).*");

  private ConfigurationFacts() {}

  static Map<String, Object> of(AftmConfig config) {
    Map<String, Object> facts = new LinkedHashMap<>();
    Map<String, String> flags = config.toFlags();
    for (String key :
        new String[] {
          "AFTM_LINK_SECURITY",
          "AFTM_IDLE_STRATEGY",
          "AFTM_LOG_LEVEL",
          "AFTM_LOG_FORMAT",
          "AFTM_CHILD_JVM_OPTS"
        }) {
      facts.put(key, flags.get(key));
    }
    flags.forEach(
        (key, value) -> {
          if (DURABILITY.matcher(key).matches()) {
            facts.put(key, value);
          }
        });
    return facts;
  }
}
