package org.aftm.domain.strategy;

import java.util.Objects;
import java.util.Set;
import org.aftm.domain.condition.ConditionBook;

/**
 * What a plugin gets to build one strategy instance.
 *
 * @param instanceName the configured instance's name, unique in the strategy process, used in its
 *     signals' ids so a restarted instance is recognised downstream
 * @param instruments the item codes it trades; empty for a strategy whose conditions name their own
 * @param parameters its validated parameters
 * @param conditions the operator's conditions for this instance, kept by the framework (loaded,
 *     added and deleted by operator commands); unused by a strategy that does not run over
 *     conditions
 */
public record StrategySetup(
    String instanceName,
    Set<String> instruments,
    StrategyParameters parameters,
    ConditionBook conditions) {

  public StrategySetup {
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(conditions, "conditions");
    instruments = Set.copyOf(instruments);
  }
}
