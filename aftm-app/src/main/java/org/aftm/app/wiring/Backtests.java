package org.aftm.app.wiring;

import java.util.List;
import java.util.Set;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.backtest.BacktestLedger;
import org.aftm.application.backtest.BacktestResult;
import org.aftm.application.backtest.ReplayFills;
import org.aftm.application.service.RecordedTicks;
import org.aftm.application.service.ReplayService;
import org.aftm.application.service.RiskLimits;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.strategy.ConfiguredStrategy;
import org.aftm.domain.strategy.StrategyHost;
import org.aftm.domain.strategy.StrategyParameters;
import org.aftm.domain.strategy.StrategyPlugin;

/**
 * The composition root of one backtest run: a simulated broker of its own (in memory, logged in,
 * filling at each tick's price), the strategy as one configured instance in a {@link StrategyHost}
 * (its instruments' ticks only, the bars its plugin asks for, its own orders' updates: exactly as
 * {@code aftm replay} and the strategy process run it), the replay through the same order path as
 * live trading ({@link ReplayService}), then the ledger over the replay's ticks and fills. Runs on
 * the caller's thread; independent runs may go on several threads at once (a sweep), since they
 * share only the immutable ticks.
 */
public final class Backtests {

  private Backtests() {}

  /**
   * What one run needs besides the ticks.
   *
   * @param plugin the strategy
   * @param parameters its validated parameters
   * @param conditions the conditions of a strategy over conditions; empty for others
   * @param instruments the item codes it is given ticks and bars of; empty for every item code in
   *     the data (a strategy over conditions trades those its conditions name)
   * @param costs fees, tax and slippage for the ledger
   */
  public record Setup(
      StrategyPlugin plugin,
      StrategyParameters parameters,
      List<ConditionSpec> conditions,
      Set<String> instruments,
      TradingCosts costs) {

    public Setup {
      conditions = List.copyOf(conditions);
      instruments = Set.copyOf(instruments);
    }

    public Setup withParameters(StrategyParameters other) {
      return new Setup(plugin, other, conditions, instruments, costs);
    }

    /** The one strategy instance, named after its plugin, as {@code AFTM_STRATEGIES} makes it. */
    ConfiguredStrategy instance() {
      return new ConfiguredStrategy(plugin.name(), plugin, instruments, parameters);
    }
  }

  /**
   * The result of a run, with what the replay counted.
   *
   * @param result the ledger's figures, trades and series
   * @param signals signals the strategy emitted
   * @param fills fills
   * @param refused orders refused by a check or the broker
   * @param firstRefusal the first refusal, or {@code null}
   */
  public record Run(
      BacktestResult result, long signals, int fills, long refused, String firstRefusal) {}

  /** Runs one backtest over {@code ticks}. */
  public static Run run(AftmConfig config, Setup setup, RecordedTicks ticks) {
    try (SimExchangeApi broker = SimulatedBrokers.forReplay(config)) {
      ConditionBook book = new ConditionBook();
      for (int i = 0; i < setup.conditions().size(); i++) {
        book.put(Condition.create(i + 1L, setup.conditions().get(i)));
      }
      ReplayFills fills = new ReplayFills();
      ReplayService replay =
          new ReplayService(
              broker,
              broker,
              new StrategyHost(List.of(setup.instance()), book),
              broker.orderAccounts().get(0),
              new RiskLimits(config.maxOrderQuantity(), config.maxPositionQuantity()),
              fills);
      replay.replay(ticks);
      BacktestResult result =
          fills.account(ticks, new BacktestLedger(broker.contracts(), setup.costs()));
      return new Run(result, fills.signals(), fills.fills(), fills.refused(), fills.firstRefusal());
    }
  }
}
