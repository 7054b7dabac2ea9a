package org.aftm.domain.strategy;

import java.util.List;

/**
 * The support/resistance "right-side entry" (docs/architecture.md §3) as a plugin: it runs over the
 * operator's conditions, each of which carries its own trigger, turning point, quantity, take
 * profit and stop loss.
 */
public final class SupportResistancePlugin implements StrategyPlugin {

  private static final List<StrategyParameter> PARAMETERS =
      List.of(
          StrategyParameter.integer(
              "max_entry_attempts",
              SupportResistanceStrategy.DEFAULT_MAX_ENTRY_ATTEMPTS,
              1,
              100,
              "Entry attempts a condition gets (after a rejected, unfilled or expired entry) before it fails."));

  @Override
  public String name() {
    return SupportResistanceStrategy.NAME;
  }

  @Override
  public String description() {
    return "Support/resistance right-side entry over the operator's conditions, with trailing trigger, take profit and stop loss.";
  }

  @Override
  public List<StrategyParameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public boolean runsOverConditions() {
    return true;
  }

  @Override
  public Strategy create(StrategySetup setup) {
    return new SupportResistanceStrategy(
        setup.conditions(), (int) setup.parameters().integer("max_entry_attempts"));
  }
}
