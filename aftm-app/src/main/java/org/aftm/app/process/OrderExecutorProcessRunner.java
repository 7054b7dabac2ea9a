package org.aftm.app.process;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aftm.application.port.out.HopLatencyPort;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.ReceiveSignalsPort;
import org.aftm.application.service.ExecuteSignalService;
import org.aftm.application.service.ExecutionSettings;
import org.aftm.application.service.OrderExecutorAgent;
import org.agrona.concurrent.IdleStrategy;

/**
 * The order-executor process: receives signals and turns each into one order through the gateway.
 * Depends only on ports; holds no credential and never talks to the broker.
 */
public final class OrderExecutorProcessRunner implements AutoCloseable {

  private final ReceiveSignalsPort signals;
  private final ExecuteSignalService executeSignal;
  private final AgentHost host;

  public OrderExecutorProcessRunner(
      ReceiveSignalsPort signals,
      OrderGateway gateway,
      ExecutionSettings settings,
      IdleStrategy idleStrategy) {
    this(signals, gateway, settings, idleStrategy, HopLatencyPort.NONE);
  }

  /**
   * @param hops where signal → executor, executor → gateway reply and tick → order are timed
   */
  public OrderExecutorProcessRunner(
      ReceiveSignalsPort signals,
      OrderGateway gateway,
      ExecutionSettings settings,
      IdleStrategy idleStrategy,
      HopLatencyPort hops) {
    this.signals = signals;
    this.executeSignal = new ExecuteSignalService(gateway, settings, System::nanoTime, hops);
    this.host = new AgentHost(new OrderExecutorAgent(signals, executeSignal), idleStrategy);
  }

  public OrderExecutorProcessRunner start() {
    host.start();
    return this;
  }

  /** Counters for the heartbeat; safe to call from any thread. */
  public Map<String, Long> counters() {
    LinkCounters link = signals.counters();
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("signals", link.received());
    counters.put("orders_sent", executeSignal.sentCount());
    counters.put("orders_refused", executeSignal.refusedCount());
    counters.put("entries_stale", executeSignal.staleCount());
    counters.put("gateway_unavailable", executeSignal.unavailableCount());
    counters.put("signal_gaps", link.gaps());
    counters.put("signals_malformed", link.malformed());
    counters.put("errors", host.errors());
    return counters;
  }

  @Override
  public void close() {
    host.close();
  }
}
