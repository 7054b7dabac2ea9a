package org.aftm.app.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.aftm.application.port.out.HopLatencyPort;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.ReceiveOrderUpdatesPort;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.application.port.out.SendSignalPort;
import org.aftm.application.service.StrategyAgent;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.strategy.ConfiguredStrategy;
import org.aftm.domain.strategy.StrategyHost;
import org.aftm.domain.strategy.StrategyParameters;
import org.aftm.domain.strategy.StrategyPlugin;
import org.aftm.domain.strategy.SupportResistancePlugin;
import org.agrona.concurrent.IdleStrategy;

/**
 * The strategy process: subscribes to ticks and to the main process's order updates, runs the
 * configured strategy instances ({@link StrategyHost}; by default the support/resistance strategy
 * over the active conditions), sends signals to the order executor. Depends only on ports, so the
 * same runner works in a child JVM (the normal case) and on a thread of a test or benchmark JVM.
 */
public final class StrategyProcessRunner implements AutoCloseable {

  private final ReceiveTicksPort ticks;
  private final ReceiveOrderUpdatesPort orderUpdates;
  private final StrategyAgent agent;
  private final AgentHost host;
  private final LongSupplier stateSaveFailures;

  /**
   * @param maxEntryAttempts entry attempts a condition gets before it fails
   * @param orderTimeoutNanos how long an order may stay without word before it is sent again
   * @param stateSaveFailures failed attempts to store condition state, for the heartbeat
   */
  public StrategyProcessRunner(
      ReceiveTicksPort ticks,
      ReceiveOrderUpdatesPort orderUpdates,
      SendSignalPort signals,
      LoadConditionsPort loadConditions,
      SaveConditionStatePort saveConditions,
      OrderGateway gateway,
      int maxEntryAttempts,
      long orderTimeoutNanos,
      LongSupplier stateSaveFailures,
      IdleStrategy idleStrategy) {
    this(
        ticks,
        orderUpdates,
        signals,
        loadConditions,
        saveConditions,
        gateway,
        maxEntryAttempts,
        orderTimeoutNanos,
        stateSaveFailures,
        idleStrategy,
        HopLatencyPort.NONE);
  }

  /**
   * @param hops where the agent times a tick's arrival and the decisions that produced a signal
   */
  public StrategyProcessRunner(
      ReceiveTicksPort ticks,
      ReceiveOrderUpdatesPort orderUpdates,
      SendSignalPort signals,
      LoadConditionsPort loadConditions,
      SaveConditionStatePort saveConditions,
      OrderGateway gateway,
      int maxEntryAttempts,
      long orderTimeoutNanos,
      LongSupplier stateSaveFailures,
      IdleStrategy idleStrategy,
      HopLatencyPort hops) {
    this(
        ticks,
        orderUpdates,
        signals,
        loadConditions,
        saveConditions,
        gateway,
        List.of(supportResistance(maxEntryAttempts)),
        orderTimeoutNanos,
        stateSaveFailures,
        idleStrategy,
        hops);
  }

  /**
   * @param instances the strategy instances to run ({@code AFTM_STRATEGIES}), all on the one agent
   *     thread; the operator's conditions are loaded only when one of them runs over them
   * @param hops where the agent times a tick's arrival and the decisions that produced a signal
   */
  public StrategyProcessRunner(
      ReceiveTicksPort ticks,
      ReceiveOrderUpdatesPort orderUpdates,
      SendSignalPort signals,
      LoadConditionsPort loadConditions,
      SaveConditionStatePort saveConditions,
      OrderGateway gateway,
      List<ConfiguredStrategy> instances,
      long orderTimeoutNanos,
      LongSupplier stateSaveFailures,
      IdleStrategy idleStrategy,
      HopLatencyPort hops) {
    this.ticks = ticks;
    this.orderUpdates = orderUpdates;
    this.stateSaveFailures = stateSaveFailures;
    ConditionBook book = new ConditionBook();
    StrategyHost strategies = new StrategyHost(instances, book);
    this.agent =
        new StrategyAgent(
            ticks,
            orderUpdates,
            signals,
            strategies.runsConditions() ? loadConditions : NO_CONDITIONS,
            saveConditions,
            gateway,
            book,
            strategies,
            System::nanoTime,
            orderTimeoutNanos,
            hops);
    this.host = new AgentHost(agent, idleStrategy);
  }

  /** The support/resistance plugin alone, as before AFTM_STRATEGIES. */
  private static ConfiguredStrategy supportResistance(int maxEntryAttempts) {
    StrategyPlugin plugin = new SupportResistancePlugin();
    return new ConfiguredStrategy(
        plugin.name(),
        plugin,
        Set.of(),
        StrategyParameters.of(
            plugin.parameters(), Map.of("max_entry_attempts", Integer.toString(maxEntryAttempts))));
  }

  /** For a process whose instances do not run over conditions: none are loaded into the book. */
  private static final LoadConditionsPort NO_CONDITIONS =
      new LoadConditionsPort() {
        @Override
        public List<ConditionSnapshot> loadActiveConditions() {
          return List.of();
        }

        @Override
        public List<ConditionSnapshot> loadAllConditions() {
          return List.of();
        }

        @Override
        public Optional<ConditionSnapshot> loadCondition(long id) {
          return Optional.empty();
        }
      };

  public StrategyProcessRunner start() {
    host.start();
    return this;
  }

  /** Counters for the heartbeat; safe to call from any thread. */
  public Map<String, Long> counters() {
    LinkCounters link = ticks.counters();
    LinkCounters updates = orderUpdates.counters();
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("ticks", agent.ticksSeen());
    counters.put("signals", agent.signalsSent());
    counters.put("signals_dropped", agent.signalsDropped());
    counters.put("orders_resent", agent.ordersResent());
    counters.put("order_updates", agent.orderUpdatesApplied());
    counters.put("order_update_gaps", updates.gaps());
    counters.put("commands_applied", agent.commandsApplied());
    counters.put("state_save_failures", stateSaveFailures.getAsLong());
    counters.put("tick_gaps", link.gaps());
    counters.put("ticks_stale", link.stale());
    counters.put("ticks_malformed", link.malformed());
    counters.put("errors", host.errors());
    return counters;
  }

  @Override
  public void close() {
    host.close();
  }
}
