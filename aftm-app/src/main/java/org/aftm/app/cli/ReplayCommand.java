package org.aftm.app.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.TickFileException;
import org.aftm.adapter.out.sim.TickFileReader;
import org.aftm.app.cli.ConditionsFile.ConditionsFileException;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.StrategyInstances;
import org.aftm.app.wiring.SimulatedBrokers;
import org.aftm.application.service.RecordedTicks;
import org.aftm.application.service.ReplayService;
import org.aftm.application.service.ReplayService.ReplaySummary;
import org.aftm.application.service.RiskLimits;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.strategy.ConfiguredStrategy;
import org.aftm.domain.strategy.StrategyHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm replay}: the configured strategies ({@code AFTM_STRATEGIES}; by default
 * support/resistance over the conditions file) over recorded ticks and the same order path as live
 * trading (pre-trade checks, order lifecycle, portfolio), each order filled on the simulated broker
 * at its tick's price. Both files are read in full before anything runs, so a bad line applies
 * nothing. Unless {@code AFTM_SIM_START_PRICE} is set, the simulated broker's reference price (and
 * so today's limits the conditions are checked against) is the data's first price.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Replay recorded ticks through the strategy and the simulated broker; print signals, fills and a summary.")
final class ReplayCommand implements Callable<Integer> {

  @Option(
      names = "--ticks",
      required = true,
      paramLabel = "FILE",
      description =
          "CSV with header time,item_code,price,quantity (time ISO-8601 or epoch milliseconds).")
  Path ticks;

  @Option(
      names = "--conditions",
      paramLabel = "FILE",
      description =
          "JSON array of conditions (item_code, action, trigger_price, turning_point, quantity, ...);"
              + " required when a configured strategy runs over conditions (support-resistance).")
  Path conditions;

  @Option(names = "--json", description = "One JSON object per line instead of text.")
  boolean json;

  @Mixin ConfigOptions configOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LogSetup.errorsOnly();
    AftmConfig configured = configOptions.load();
    // Replay always trades on the simulated broker, whatever EXCHANGE_MODE says.
    ConfigOptions.requireListedInstruments(configured);
    // AFTM_STRATEGIES (e.g. -c AFTM_STRATEGIES=ma-crossover:bar_period=1m) chooses the strategies;
    // the configuration load has already refused a bad one.
    List<ConfiguredStrategy> instances = StrategyInstances.of(configured);
    boolean overConditions =
        instances.stream().anyMatch(instance -> instance.plugin().runsOverConditions());
    if (overConditions && conditions == null) {
      throw new BadInputException(
          "--conditions FILE is required: strategy "
              + instances.stream()
                  .filter(instance -> instance.plugin().runsOverConditions())
                  .findFirst()
                  .orElseThrow()
                  .name()
              + " runs over conditions");
    }
    List<ConditionSpec> specs = List.of();
    RecordedTicks recorded;
    AftmConfig config;
    try {
      recorded = new TickFileReader().read(ticks);
      // Before the conditions are checked against today's limits and the broker is made.
      config = DataStartPrice.of(configured, configOptions, recorded);
      if (conditions != null) {
        // Checked as aftm condition add checks them, except for the order-size limit: the replayed
        // risk checks refuse those entries, as live trading does for a condition stored before
        // AFTM_MAX_ORDER_QTY was lowered.
        specs =
            ConditionsFile.read(
                conditions,
                new ConditionRules(SimulatedBrokers.contracts(config), Integer.MAX_VALUE));
      }
    } catch (ConditionsFileException | TickFileException e) {
      throw new BadInputException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      // A missing or unreadable tick file is the operator's input, not a failure of the replay.
      throw new BadInputException(
          e.getCause() instanceof NoSuchFileException ? ticks + ": no such file" : e.getMessage(),
          e);
    }
    PrintWriter out = spec.commandLine().getOut();
    ReplayPrinter printer = new ReplayPrinter(out, json);
    try (SimExchangeApi broker = SimulatedBrokers.forReplay(config)) {
      String orderAccount = broker.orderAccounts().get(0);
      ConditionBook book = new ConditionBook();
      for (int i = 0; i < specs.size(); i++) {
        book.put(Condition.create(i + 1L, specs.get(i)));
      }
      ReplayService replay =
          new ReplayService(
              broker,
              broker,
              new StrategyHost(instances, book),
              orderAccount,
              new RiskLimits(config.maxOrderQuantity(), config.maxPositionQuantity()),
              printer);
      ReplaySummary summary = replay.replay(recorded);
      printer.summary(summary);
    }
    return 0;
  }
}
