package org.aftm.domain.strategy;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One strategy instance as configured ({@code AFTM_STRATEGIES}): its name, its plugin, the
 * instruments it trades and its validated parameters. Immutable.
 *
 * @param name unique in the strategy process ({@link InstanceSignals#INSTANCE_NAME}); its orders'
 *     ids carry it
 * @param plugin what makes it
 * @param instruments the item codes it is given ticks and bars of, in the configured order; empty
 *     for all (a conditions strategy's conditions name their own)
 * @param parameters validated against the plugin's declaration
 */
public record ConfiguredStrategy(
    String name, StrategyPlugin plugin, Set<String> instruments, StrategyParameters parameters) {

  public ConfiguredStrategy {
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(parameters, "parameters");
    if (name == null || !InstanceSignals.INSTANCE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad instance name '" + name + "'");
    }
    instruments = Collections.unmodifiableSet(new LinkedHashSet<>(instruments));
  }

  /** The bar periods its plugin asks for with these parameters. */
  public List<Duration> barPeriods() {
    return plugin.barPeriods(parameters);
  }

  /** Whether it is given ticks of {@code itemCode}. */
  public boolean trades(String itemCode) {
    return instruments.isEmpty() || instruments.contains(itemCode);
  }

  /** The instance as it can be written back in {@code AFTM_STRATEGIES}. */
  public String asSetting() {
    StringBuilder text = new StringBuilder(plugin.name()).append(":name=").append(name);
    if (!instruments.isEmpty()) {
      text.append(",instruments=").append(String.join("+", instruments));
    }
    parameters.asText().forEach((k, v) -> text.append(',').append(k).append('=').append(v));
    return text.toString();
  }
}
