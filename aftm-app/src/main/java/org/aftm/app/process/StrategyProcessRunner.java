package org.aftm.app.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.application.port.out.SendSignalPort;
import org.aftm.application.service.StrategyAgent;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.strategy.SupportResistanceStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The strategy process: subscribes to ticks, runs the support/resistance strategy over the active
 * conditions, sends signals to the order executor. Depends only on ports, so the same runner works
 * in a child JVM (the normal case) and on a thread of a test or benchmark JVM.
 */
public final class StrategyProcessRunner implements AutoCloseable {

  /** How often an idle strategy looks for conditions the operator added or deleted. */
  private static final long IDLE_CONDITION_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ReceiveTicksPort ticks;
  private final StrategyAgent agent;
  private final AgentHost host;

  public StrategyProcessRunner(
      ReceiveTicksPort ticks,
      SendSignalPort signals,
      LoadConditionsPort loadConditions,
      SaveConditionStatePort saveConditions,
      IdleStrategy idleStrategy) {
    this.ticks = ticks;
    ConditionBook book = new ConditionBook();
    this.agent =
        new StrategyAgent(
            ticks,
            signals,
            loadConditions,
            saveConditions,
            book,
            new SupportResistanceStrategy(book),
            System::nanoTime,
            IDLE_CONDITION_REFRESH_NANOS);
    this.host = new AgentHost(agent, idleStrategy);
  }

  public StrategyProcessRunner start() {
    host.start();
    return this;
  }

  /** Counters for the heartbeat; safe to call from any thread. */
  public Map<String, Long> counters() {
    LinkCounters link = ticks.counters();
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("ticks", agent.ticksSeen());
    counters.put("signals", agent.signalsSent());
    counters.put("signals_dropped", agent.signalsDropped());
    counters.put("state_save_failures", agent.saveFailures());
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
