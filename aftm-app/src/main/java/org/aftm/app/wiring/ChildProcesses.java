package org.aftm.app.wiring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.zmq.gateway.ZmqOrderGatewayClient;
import org.aftm.adapter.zmq.marketdata.ZmqTickSubscriber;
import org.aftm.adapter.zmq.signal.ZmqSignalReceiver;
import org.aftm.adapter.zmq.signal.ZmqSignalSender;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.ChildTelemetry;
import org.aftm.app.process.OrderExecutorProcessRunner;
import org.aftm.app.process.StrategyProcessRunner;
import org.aftm.application.service.CoalescingConditionStateWriter;
import org.aftm.application.service.ExecutionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The composition root of the two child processes: builds the adapters a runner needs, starts it
 * and its heartbeat. The children get no credential and never touch the broker.
 */
public final class ChildProcesses {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);

  // Each start method returns the child's ShutdownSequence: closing it stops the runner, then its
  // sockets and store.

  private ChildProcesses() {}

  /**
   * The strategy: ticks from {@code tickEndpoint}, signals to {@code signalEndpoint}, conditions
   * from the store under the data directory.
   */
  public static ShutdownSequence startStrategy(
      AftmConfig config, String tickEndpoint, String signalEndpoint, String telemetryEndpoint) {
    ShutdownSequence closeOrder = new ShutdownSequence();
    try {
      // Two connections: the tick thread reads (the conditions revision, once per tick) on one that
      // never waits behind a write; the writer thread stores state on the other. NORMAL sync: a
      // condition's state survives a crash of this process and its write lock is never held across
      // an fsync that would make the gateway's durable audit wait. After a power loss the last
      // state change may be replayed; the gateway's audit (FULL) answers a repeated signal with its
      // first answer, so no order is doubled.
      SqliteDatabase reads =
          SqliteDatabase.open(config.dataDir(), false, SqliteDatabase.SyncMode.NORMAL);
      closeOrder.push(reads);
      SqliteDatabase writes =
          SqliteDatabase.open(config.dataDir(), false, SqliteDatabase.SyncMode.NORMAL);
      closeOrder.push(writes);
      CoalescingConditionStateWriter stateWriter =
          new CoalescingConditionStateWriter(new SqlitePersistenceAdapter(writes));
      closeOrder.push(stateWriter);
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(reads);
      ZContext context = new ZContext();
      closeOrder.push(context);
      ZmqTickSubscriber ticks =
          new ZmqTickSubscriber(
              context, tickEndpoint, List.of(), Duration.ofMillis(config.tickStaleMs()));
      closeOrder.push(ticks);
      ZmqSignalSender signals = new ZmqSignalSender(context, signalEndpoint);
      closeOrder.push(signals);
      StrategyProcessRunner runner =
          new StrategyProcessRunner(
                  ticks,
                  signals,
                  store,
                  stateWriter,
                  IdleStrategies.forAgent(config.idleStrategy(), ticks::waitingIdleStrategy))
              .start();
      closeOrder.push(runner);
      closeOrder.push(
          new ChildTelemetry.Reporter(
              context,
              telemetryEndpoint,
              ChildRole.STRATEGY,
              runner::counters,
              () -> Map.of("ready", "true")));
      return closeOrder;
    } catch (RuntimeException e) {
      closeOrder.close();
      throw e;
    }
  }

  /** Connects to the gateway before the first signal, so the first order does not pay for it. */
  private static void warmUp(ZmqOrderGatewayClient gateway) {
    try {
      LOG.info("Gateway health at start: {}", gateway.healthCheck());
    } catch (RuntimeException e) {
      LOG.warn(
          "Gateway did not answer the start-up health check ({}); orders will retry",
          e.getMessage());
    }
  }

  /**
   * The order executor: binds {@code signalBind}, sends orders for {@code orderAccount} through the
   * gateway at {@code gatewayEndpoint}.
   */
  public static ShutdownSequence startOrderExecutor(
      AftmConfig config,
      String signalBind,
      String gatewayEndpoint,
      String orderAccount,
      String telemetryEndpoint) {
    ShutdownSequence closeOrder = new ShutdownSequence();
    try {
      ZContext context = new ZContext();
      closeOrder.push(context);
      ZmqSignalReceiver signals =
          new ZmqSignalReceiver(context, signalBind, Duration.ofMillis(config.maxSignalAgeMs()));
      closeOrder.push(signals);
      ZmqOrderGatewayClient gateway =
          new ZmqOrderGatewayClient(
              context,
              gatewayEndpoint,
              Duration.ofMillis(config.gatewayRequestTimeoutMs()),
              config.gatewayRetryCount());
      closeOrder.push(gateway);
      warmUp(gateway);
      OrderExecutorProcessRunner runner =
          new OrderExecutorProcessRunner(
                  signals,
                  gateway,
                  new ExecutionSettings(
                      orderAccount, Duration.ofMillis(config.maxSignalAgeMs()).toNanos()),
                  IdleStrategies.forAgent(config.idleStrategy(), signals::waitingIdleStrategy))
              .start();
      closeOrder.push(runner);
      String endpoint = signals.endpoint();
      closeOrder.push(
          new ChildTelemetry.Reporter(
              context,
              telemetryEndpoint,
              ChildRole.ORDER_EXECUTOR,
              runner::counters,
              () -> Map.of("signal_endpoint", endpoint)));
      return closeOrder;
    } catch (RuntimeException e) {
      closeOrder.close();
      throw e;
    }
  }
}
