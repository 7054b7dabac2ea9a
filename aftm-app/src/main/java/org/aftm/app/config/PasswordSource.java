package org.aftm.app.config;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Where the broker password comes from: a line on standard input ({@code --password-stdin}), the
 * {@code AFTM_PASSWORD} environment variable, else a hidden prompt. The caller clears the returned
 * array after login.
 *
 * <p>What stays in memory: standard input is read into arrays that are wiped ({@link
 * PasswordLine}), and {@link Console#readPassword} wipes its own buffers, so no copy outlives the
 * login (a heap dump after a login at a prompt on a pseudo-terminal found none). The environment
 * variable cannot be: the JVM keeps its environment as Strings for the whole life of the process
 * (and {@code /proc/<pid>/environ} shows it to the same user), so a heap dump of a process started
 * with {@code AFTM_PASSWORD} finds the password.
 */
public final class PasswordSource {

  private final Map<String, String> environment;
  private final Console console;

  public PasswordSource(Map<String, String> environment, Console console) {
    this.environment = environment;
    this.console = console;
  }

  /**
   * {@code --password-stdin}: the first line of {@code in}, which should be unbuffered (see {@link
   * PasswordLine}).
   *
   * @throws IllegalArgumentException when {@code AFTM_PASSWORD} is set too (which one would count
   *     is a guess the operator should not have to make), or the line is empty or not UTF-8
   */
  public char[] readLine(InputStream in) throws IOException {
    String fromEnvironment = environment.get(ConfigKey.AFTM_PASSWORD.name());
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      throw new IllegalArgumentException(
          "AFTM_PASSWORD is set too: give the password one way only");
    }
    return PasswordLine.read(in);
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
