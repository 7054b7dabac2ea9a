package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aftm.domain.strategy.StrategiesSetting.InvalidStrategiesSettingException;
import org.junit.jupiter.api.Test;

class StrategiesSettingTest {

  private final StrategyCatalog catalog = StrategyCatalog.installed();

  @Test
  void theDefaultIsSupportResistanceAlone() {
    List<ConfiguredStrategy> instances = StrategiesSetting.parse("support-resistance", catalog);

    assertThat(instances).hasSize(1);
    ConfiguredStrategy sr = instances.get(0);
    assertThat(sr.name()).isEqualTo("support-resistance");
    assertThat(sr.plugin()).isInstanceOf(SupportResistancePlugin.class);
    assertThat(sr.instruments()).isEmpty();
    assertThat(sr.parameters().integer("max_entry_attempts")).isEqualTo(3);
    assertThat(sr.barPeriods()).isEmpty();
  }

  @Test
  void severalInstancesWithNamesInstrumentsAndParameters() {
    List<ConfiguredStrategy> instances =
        StrategiesSetting.parse(
            " support-resistance : max_entry_attempts = 2 ;"
                + " ma-crossover:name=ma1,instruments=TXF+MXF,bar_period=1s,fast=3,slow=7;"
                + " ma-crossover:name=ma2,instruments=TXF",
            catalog);

    assertThat(instances)
        .extracting(ConfiguredStrategy::name)
        .containsExactly("support-resistance", "ma1", "ma2");
    assertThat(instances.get(0).parameters().integer("max_entry_attempts")).isEqualTo(2);
    ConfiguredStrategy ma1 = instances.get(1);
    assertThat(ma1.instruments()).containsExactly("TXF", "MXF");
    assertThat(ma1.barPeriods()).containsExactly(Duration.ofSeconds(1));
    assertThat(ma1.trades("TXF")).isTrue();
    assertThat(ma1.trades("TEF")).isFalse();
    assertThat(ma1.asSetting())
        .isEqualTo(
            "ma-crossover:name=ma1,instruments=TXF+MXF,bar_period=1s,fast=3,slow=7,quantity=1,"
                + "max_position=1,short=true");
    assertThat(instances.get(2).parameters().duration("bar_period"))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void defaultsFromOlderKeysApplyWhereTheSettingIsSilent() {
    Map<String, Map<String, String>> defaults =
        Map.of("support-resistance", Map.of("max_entry_attempts", "5"));

    assertThat(
            StrategiesSetting.parse("support-resistance", catalog, defaults)
                .get(0)
                .parameters()
                .integer("max_entry_attempts"))
        .isEqualTo(5);
    assertThat(
            StrategiesSetting.parse("support-resistance:max_entry_attempts=1", catalog, defaults)
                .get(0)
                .parameters()
                .integer("max_entry_attempts"))
        .isEqualTo(1);
  }

  @Test
  void aBadParameterIsRefusedNamingTheInstanceAndTheParameter() {
    assertRefused(
        "ma-crossover:name=ma1,fast=zero", "instance 'ma1' (ma-crossover)", "fast", "whole number");
    assertRefused("ma-crossover:fast=600", "instance 'ma-crossover'", "fast", "between 1 and 500");
    assertRefused("ma-crossover:fast=5,slow=4", "slow", "more than fast");
    assertRefused("ma-crossover:bar_period=1 minute", "bar_period", "duration");
    assertRefused("ma-crossover:speed=3", "speed", "unknown parameter", "known: bar_period");
    assertRefused("ma-crossover:fast", "'fast' is not name=value");
    assertRefused("ma-crossover:fast=3,fast=4", "fast is given twice");
    assertRefused("ma-crossover:instruments=TXF+", "instruments", "not an item code");
    assertRefused("ma-crossover:name=Big", "name", "lower-case letter");
  }

  @Test
  void unknownPluginsEmptyInstancesAndClashesAreRefused() {
    assertRefused(
        "turtle",
        "instance 1 (turtle)",
        "no strategy named 'turtle'",
        "installed: ma-crossover, support-resistance");
    assertRefused("support-resistance;;ma-crossover", "instance 2 is empty");
    assertRefused("ma-crossover;ma-crossover", "instance 'ma-crossover'", "used twice");
    assertRefused(
        "support-resistance;support-resistance:name=sr2",
        "instance 'sr2'",
        "only one instance may run over the operator's conditions");
    assertRefused(" ", "no strategy instance given");
  }

  private void assertRefused(String setting, String... fragments) {
    assertThatThrownBy(() -> StrategiesSetting.parse(setting, catalog))
        .isInstanceOf(InvalidStrategiesSettingException.class)
        .hasMessageContainingAll(fragments);
  }
}
