package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyParameterTest {

  private static final List<StrategyParameter> DECLARED =
      List.of(
          StrategyParameter.integer("fast", 5, 1, 500, "fast average length"),
          StrategyParameter.decimal("band", "1.5", "0", "100", "band in points"),
          StrategyParameter.bool("short_allowed", true, "may go short"),
          StrategyParameter.duration("bar", "1m", "1s", "1h", "bar period"),
          new StrategyParameter("label", StrategyParameter.Type.TEXT, null, null, null, "label"));

  @Test
  void givenValuesAreTypedAndTheRestDefaults() {
    StrategyParameters parameters =
        StrategyParameters.of(DECLARED, Map.of("fast", "7", "label", "x", "bar", "2s"));

    assertThat(parameters.integer("fast")).isEqualTo(7);
    assertThat(parameters.decimal("band")).isEqualByComparingTo(new BigDecimal("1.5"));
    assertThat(parameters.bool("short_allowed")).isTrue();
    assertThat(parameters.text("label")).isEqualTo("x");
    assertThat(parameters.duration("bar")).isEqualTo(Duration.ofSeconds(2));
    assertThat(parameters.asText()).containsKeys("fast", "band", "short_allowed", "bar", "label");
  }

  @Test
  void aDurationBelowItsMinimumIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> StrategyParameters.of(DECLARED, Map.of("label", "x", "bar", "500ms")))
        .isInstanceOf(InvalidStrategyParameterException.class)
        .hasMessage("bar: must be between 1s and 1h but was 500ms");
  }

  @Test
  void durationsParseTheirUnits() {
    StrategyParameters parameters =
        StrategyParameters.of(DECLARED, Map.of("label", "x", "bar", "90s"));

    assertThat(parameters.duration("bar")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void badValuesAreRefusedWithTheParameterNamed() {
    assertThatThrownBy(() -> StrategyParameters.of(DECLARED, Map.of("fast", "x", "label", "a")))
        .hasMessage("fast: must be a whole number but was 'x'");
    assertThatThrownBy(() -> StrategyParameters.of(DECLARED, Map.of("fast", "0", "label", "a")))
        .hasMessage("fast: must be between 1 and 500 but was 0");
    assertThatThrownBy(
            () -> StrategyParameters.of(DECLARED, Map.of("short_allowed", "yes", "label", "a")))
        .hasMessage("short_allowed: must be true or false but was 'yes'");
    assertThatThrownBy(() -> StrategyParameters.of(DECLARED, Map.of("band", "-1", "label", "a")))
        .hasMessage("band: must be between 0 and 100 but was -1");
  }

  @Test
  void aRequiredParameterWithoutValueIsRefused() {
    assertThatThrownBy(() -> StrategyParameters.of(DECLARED, Map.of()))
        .isInstanceOf(InvalidStrategyParameterException.class)
        .hasMessage("label: a value is required");
  }

  @Test
  void anUnknownParameterIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> StrategyParameters.of(DECLARED, Map.of("slow", "3", "label", "a")))
        .isInstanceOf(InvalidStrategyParameterException.class)
        .hasMessage("slow: unknown parameter; known: fast, band, short_allowed, bar, label");
  }

  @Test
  void anInvalidDefaultIsCaughtWhenThePluginDeclaresIt() {
    assertThatThrownBy(() -> StrategyParameter.integer("n", 0, 1, 5, "n"))
        .hasMessage("n: must be between 1 and 5 but was 0");
  }
}
