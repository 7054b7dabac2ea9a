package org.aftm.app.process;

import java.util.LinkedHashMap;
import java.util.Map;
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
import org.aftm.domain.strategy.SupportResistanceStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The strategy process: subscribes to ticks and to the main process's order updates, runs the
 * support/resistance strategy over the active conditions, sends signals to the order executor.
 * Depends only on ports, so the same runner works in a child JVM (the normal case) and on a thread
 * of a test or benchmark JVM.
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
    this.ticks = ticks;
    this.orderUpdates = orderUpdates;
    this.stateSaveFailures = stateSaveFailures;
    ConditionBook book = new ConditionBook();
    this.agent =
        new StrategyAgent(
            ticks,
            orderUpdates,
            signals,
            loadConditions,
            saveConditions,
            gateway,
            book,
            new SupportResistanceStrategy(book, maxEntryAttempts),
            System::nanoTime,
            orderTimeoutNanos,
            hops);
    this.host = new AgentHost(agent, idleStrategy);
  }

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
