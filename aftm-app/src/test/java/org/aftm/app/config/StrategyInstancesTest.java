package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
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
  void instrumentsMustBeListedContractsByCodeOrProduct() {
    List<Contract> listed =
        List.of(
            new Contract(
                "TXFL6",
                "TXF",
                "TAIEX Futures",
                "202612",
                Price.ofPoints(1),
                200,
                Price.ofPoints(19800),
                Price.ofPoints(24200)));
    AftmConfig good =
        AftmConfig.defaults()
            .with(
                Map.of(
                    ConfigKey.AFTM_STRATEGIES,
                    "support-resistance;ma-crossover:name=ma1,instruments=TXF+TXFL6"));
    AftmConfig typo =
        AftmConfig.defaults()
            .with(
                Map.of(
                    ConfigKey.AFTM_STRATEGIES,
                    "support-resistance;ma-crossover:name=ma1,instruments=TXF+TXFF"));

    assertThat(StrategyInstances.problem(good, listed)).isEmpty();
    assertThat(StrategyInstances.problem(typo, listed))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .contains("AFTM_STRATEGIES", "instance 'ma1' (ma-crossover)", "'TXFF'")
                    .contains("listed: TXF, TXFL6"));
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
