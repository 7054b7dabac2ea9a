package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md §8: the password comes from the environment for unattended runs, else a
 * hidden prompt.
 */
class PasswordSourceTest {

  @Test
  void readsTheEnvironmentVariable() {
    PasswordSource source = new PasswordSource(Map.of("AFTM_PASSWORD", "s3cret"), null);

    assertThat(source.read("demo"))
        .hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo("s3cret"));
  }

  @Test
  void isEmptyWithoutTheVariableAndWithoutAConsole() {
    PasswordSource source = new PasswordSource(Map.of("PATH", "/bin"), null);

    assertThat(source.read("demo")).isEmpty();
  }

  @Test
  void anEmptyVariableCountsAsAbsent() {
    PasswordSource source = new PasswordSource(Map.of("AFTM_PASSWORD", ""), null);

    assertThat(source.read("demo")).isEmpty();
  }

  @Test
  void eachReadIsAFreshArraySoTheCallerCanClearIt() {
    PasswordSource source = new PasswordSource(Map.of("AFTM_PASSWORD", "s3cret"), null);
    char[] first = source.read("demo").orElseThrow();
    Arrays.fill(first, '\0');

    assertThat(new String(source.read("demo").orElseThrow())).isEqualTo("s3cret");
  }

  @Test
  void standardInputGivesThePasswordButNotTogetherWithTheVariable() throws Exception {
    java.io.InputStream line =
        new java.io.ByteArrayInputStream(
            "s3cret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(new PasswordSource(Map.of(), null).readLine(line))
        .containsExactly("s3cret".toCharArray());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PasswordSource(Map.of("AFTM_PASSWORD", "other"), null)
                    .readLine(new java.io.ByteArrayInputStream(new byte[] {'x'})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AFTM_PASSWORD")
        .hasMessageNotContaining("other");
  }
}
