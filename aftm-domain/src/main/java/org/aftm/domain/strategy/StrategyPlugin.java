package org.aftm.domain.strategy;

import java.time.Duration;
import java.util.List;

/**
 * A strategy as a named plugin: one class implementing this interface plus one line in {@code
 * META-INF/services/org.aftm.domain.strategy.StrategyPlugin}. The framework finds it with {@link
 * java.util.ServiceLoader}, validates its parameters ({@link StrategyParameter}) from the
 * configuration, the CLI or a file, builds the bars it asks for from ticks, and hands it ticks,
 * bars and its own orders' updates on the strategy thread.
 *
 * <p>Implementations are stateless factories: all state lives in the {@link Strategy} that {@link
 * #create} returns.
 */
public interface StrategyPlugin {

  /** The stable name used in configuration and on the command line, e.g. {@code "ma-crossover"}. */
  String name();

  /** One line for {@code aftm strategies}. */
  String description();

  /** The parameters it takes, in the order they are listed; names are lower_snake_case. */
  List<StrategyParameter> parameters();

  /**
   * The bar periods it wants (for example one minute); empty for ticks only. May depend on the
   * parameters, since a period is often one.
   */
  default List<Duration> barPeriods(StrategyParameters parameters) {
    return List.of();
  }

  /**
   * Checks what one parameter alone cannot (for example that a fast average is shorter than a slow
   * one). Called once the parameters are valid one by one, at startup, before trading.
   *
   * @throws InvalidStrategyParameterException naming the parameter at fault
   */
  default void check(StrategyParameters parameters) {}

  /**
   * Whether the instance runs over the operator's conditions ({@link StrategySetup#conditions}). At
   * most one such instance runs in a strategy process, and the order updates of condition orders
   * ({@code aftm-<condition>-entry|exit[-n]}) go to it.
   */
  default boolean runsOverConditions() {
    return false;
  }

  /**
   * A new, independent instance. Called once per configured instance (and once per run of a
   * backtest or per point of a sweep).
   *
   * @param setup its validated parameters, its instruments and, for a strategy that runs over
   *     operator conditions, the condition book the framework keeps
   */
  Strategy create(StrategySetup setup);
}
