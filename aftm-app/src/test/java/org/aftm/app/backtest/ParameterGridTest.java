package org.aftm.app.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.aftm.domain.strategy.InvalidStrategyParameterException;
import org.aftm.domain.strategy.StrategyParameter;
import org.aftm.domain.strategy.StrategyParameters;
import org.junit.jupiter.api.Test;

class ParameterGridTest {

  private static final List<StrategyParameter> DECLARED =
      List.of(
          StrategyParameter.integer("fast", 5, 1, 100, "fast"),
          StrategyParameter.integer("slow", 20, 2, 500, "slow"),
          StrategyParameter.decimal("band", "1.5", "0", "100", "band"),
          StrategyParameter.bool("flip", false, "flip"));

  @Test
  void theGridIsEveryCombinationTheFirstSweptVaryingSlowest() {
    List<StrategyParameters> points =
        ParameterGrid.points(
            DECLARED, Map.of("flip", "true"), List.of("slow=10..30:10", "fast=3,5"));

    assertThat(points)
        .extracting(p -> p.asText().get("slow") + "/" + p.asText().get("fast"))
        .containsExactly("10/3", "10/5", "20/3", "20/5", "30/3", "30/5");
    assertThat(points).allSatisfy(p -> assertThat(p.bool("flip")).isTrue());
    assertThat(points.get(0).decimal("band")).isEqualByComparingTo("1.5");
  }

  @Test
  void aDecimalRangeIsExact() {
    List<StrategyParameters> points =
        ParameterGrid.points(DECLARED, Map.of(), List.of("band=0.1..0.3:0.1"));

    assertThat(points).extracting(p -> p.asText().get("band")).containsExactly("0.1", "0.2", "0.3");
  }

  @Test
  void refusalsNameTheParameter() {
    assertThatThrownBy(() -> ParameterGrid.points(DECLARED, Map.of(), List.of("slow=1,20")))
        .isInstanceOf(InvalidStrategyParameterException.class)
        .hasMessage("slow: must be between 2 and 500 but was 1");
    assertThatThrownBy(() -> ParameterGrid.points(DECLARED, Map.of(), List.of("period=1,2")))
        .hasMessageStartingWith("period: unknown parameter; known: fast, slow, band, flip");
    assertThatThrownBy(
            () -> ParameterGrid.points(DECLARED, Map.of("fast", "3"), List.of("fast=1,2")))
        .hasMessage("fast: given both with --param and --sweep");
    assertThatThrownBy(() -> ParameterGrid.points(DECLARED, Map.of(), List.of("fast=5..1:1")))
        .hasMessageStartingWith("fast: range '5..1:1' needs from <= to");
    assertThatThrownBy(() -> ParameterGrid.points(DECLARED, Map.of(), List.of("flip=0..1")))
        .hasMessageStartingWith("flip: a range from..to:step needs a number parameter");
    assertThatThrownBy(() -> ParameterGrid.points(DECLARED, Map.of(), List.of("fast")))
        .hasMessageContaining("is not name=v1,v2");
    assertThatThrownBy(
            () ->
                ParameterGrid.points(DECLARED, Map.of(), List.of("fast=1..100:1", "slow=2..500:1")))
        .hasMessageContaining("more than 10000 points");
  }
}
