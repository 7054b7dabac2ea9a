package org.aftm.domain.strategy;

import java.time.Duration;
import java.util.List;

/**
 * The worked example of a strategy not built on conditions: a moving-average crossover on time bars
 * with a position limit ({@link MovingAverageCrossoverStrategy} says exactly what it does).
 * Registered in {@code META-INF/services/org.aftm.domain.strategy.StrategyPlugin}.
 */
public final class MovingAverageCrossoverPlugin implements StrategyPlugin {

  public static final String NAME = "ma-crossover";

  private static final List<StrategyParameter> PARAMETERS =
      List.of(
          StrategyParameter.duration(
              "bar_period", "1m", "1s", "1h", "Length of the bars the averages are taken over."),
          StrategyParameter.integer("fast", 5, 1, 500, "Bars in the fast average."),
          StrategyParameter.integer(
              "slow", 20, 2, 500, "Bars in the slow average; more than fast."),
          StrategyParameter.integer(
              "quantity", 1, 1, 100, "Lots per order: the position moves by at most this a bar."),
          StrategyParameter.integer(
              "max_position",
              1,
              1,
              100,
              "Most lots held, long or short, per instrument, counting the order out."),
          StrategyParameter.bool(
              "short", true, "On a downward cross go short (true) or only flat (false)."));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Moving-average crossover on time bars: long when the fast average crosses above the"
        + " slow, short (or flat) when it crosses below, within a position limit.";
  }

  @Override
  public List<StrategyParameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public List<Duration> barPeriods(StrategyParameters parameters) {
    return List.of(parameters.duration("bar_period"));
  }

  @Override
  public void check(StrategyParameters parameters) {
    long fast = parameters.integer("fast");
    long slow = parameters.integer("slow");
    if (slow <= fast) {
      throw new InvalidStrategyParameterException(
          "slow", "must be more than fast (" + fast + ") but was " + slow);
    }
    Duration period = parameters.duration("bar_period");
    if (period.toNanos() % 1_000_000L != 0) {
      throw new InvalidStrategyParameterException(
          "bar_period", "must be a whole number of milliseconds but was " + period);
    }
  }

  @Override
  public Strategy create(StrategySetup setup) {
    StrategyParameters p = setup.parameters();
    return new MovingAverageCrossoverStrategy(
        new InstanceSignals(setup.instanceName()),
        (int) p.integer("fast"),
        (int) p.integer("slow"),
        (int) p.integer("quantity"),
        (int) p.integer("max_position"),
        p.bool("short"));
  }
}
