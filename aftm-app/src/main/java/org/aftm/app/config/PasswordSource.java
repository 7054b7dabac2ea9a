package org.aftm.app.config;

import java.io.Console;
import java.util.Map;
import java.util.Optional;

/**
 * Where the broker password comes from: the {@code AFTM_PASSWORD} environment variable for
 * unattended runs, else a hidden prompt. The caller clears the returned array after login.
 */
public final class PasswordSource {

  private final Map<String, String> environment;
  private final Console console;

  public PasswordSource(Map<String, String> environment, Console console) {
    this.environment = environment;
    this.console = console;
  }

  /**
   * @return the password, or empty when there is neither the variable nor a terminal to ask at
   */
  public Optional<char[]> read(String account) {
    String fromEnvironment = environment.get(ConfigKey.AFTM_PASSWORD.name());
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return Optional.of(fromEnvironment.toCharArray());
    }
    if (console == null) {
      return Optional.empty();
    }
    char[] typed = console.readPassword("Password for %s: ", account);
    return Optional.ofNullable(typed);
  }
}
