package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.aftm.domain.condition.ConditionBook;
import org.junit.jupiter.api.Test;

class StrategyCatalogTest {

  @Test
  void findsTheSupportResistancePluginThroughTheServiceLoader() {
    StrategyCatalog catalog = StrategyCatalog.installed();

    StrategyPlugin plugin = catalog.require("support-resistance");
    Strategy strategy =
        plugin.create(
            new StrategySetup(
                "sr",
                Set.of(),
                StrategyParameters.of(plugin.parameters(), Map.of("max_entry_attempts", "2")),
                new ConditionBook()));

    assertThat(plugin).isInstanceOf(SupportResistancePlugin.class);
    assertThat(strategy).isInstanceOf(SupportResistanceStrategy.class);
  }

  @Test
  void anUnknownStrategyIsRefusedNamingTheInstalledOnes() {
    assertThatThrownBy(() -> StrategyCatalog.installed().require("nope"))
        .hasMessageStartingWith("no strategy named 'nope'; installed: ")
        .hasMessageContaining("support-resistance");
  }
}
