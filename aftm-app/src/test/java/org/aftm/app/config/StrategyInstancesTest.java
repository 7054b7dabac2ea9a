package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyInstancesTest {

  @Test
  void theDefaultRunsSupportResistanceWithTheConfiguredEntryAttempts() {
    AftmConfig config = AftmConfig.defaults().with(Map.of(ConfigKey.AFTM_MAX_ENTRY_ATTEMPTS, "7"));

    assertThat(StrategyInstances.of(config))
        .singleElement()
        .satisfies(
            sr -> {
              assertThat(sr.name()).isEqualTo("support-resistance");
              assertThat(sr.parameters().integer("max_entry_attempts")).isEqualTo(7);
            });
  }

  @Test
  void aBadParameterInAftmStrategiesFailsTheConfigurationNamingTheInstanceAndTheParameter() {
    AftmConfig defaults = AftmConfig.defaults();

    assertThatThrownBy(
            () ->
                defaults.with(
                    Map.of(
                        ConfigKey.AFTM_STRATEGIES,
                        "support-resistance;ma-crossover:name=ma1,max_position=0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll(
            "AFTM_STRATEGIES",
            "instance 'ma1' (ma-crossover)",
            "parameter max_position",
            "between 1 and 100");
    assertThatThrownBy(() -> defaults.with(Map.of(ConfigKey.AFTM_STRATEGIES, "turtle")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll("AFTM_STRATEGIES", "no strategy named 'turtle'");
  }
}
