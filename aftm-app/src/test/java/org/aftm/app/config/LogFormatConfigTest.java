package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code AFTM_LOG_FORMAT}: text by default, json on request, anything else named as wrong. */
class LogFormatConfigTest {

  @Test
  void theDefaultIsText() {
    assertThat(AftmConfig.defaults().logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(ConfigKey.AFTM_LOG_FORMAT.defaultValue()).isEqualTo("text");
  }

  @Test
  void jsonIsAcceptedInAnyCaseFromAFlagOrTheEnvironment() {
    assertThat(ConfigSources.load(Map.of("AFTM_LOG_FORMAT", "JSON"), Map.of(), null).logFormat())
        .isEqualTo(LogFormat.JSON);
    assertThat(ConfigSources.load(Map.of(), Map.of("AFTM_LOG_FORMAT", "json"), null).logFormat())
        .isEqualTo(LogFormat.JSON);
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndTheAllowedValues() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigSources.load(Map.of("AFTM_LOG_FORMAT", "logfmt"), Map.of(), null));

    assertThat(e.problems())
        .singleElement()
        .isEqualTo("AFTM_LOG_FORMAT: must be one of text, json but was 'logfmt'");
  }

  @Test
  void theFormatGoesToTheChildrenWithTheOtherFlags() {
    AftmConfig config = AftmConfig.defaults().with(Map.of(ConfigKey.AFTM_LOG_FORMAT, "json"));

    assertThat(ConfigKey.AFTM_LOG_FORMAT.isShareable()).isTrue();
    assertThat(config.toFlags()).containsEntry("AFTM_LOG_FORMAT", "json");
  }
}
