package org.aftm.app.wiring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.zmq.in.ZmqOrderUpdateSubscriber;
import org.aftm.adapter.zmq.in.ZmqTickSubscriber;
import org.aftm.adapter.zmq.link.SocketWaitIdleStrategy;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.adapter.zmq.out.ZmqSignalSender;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.StrategyInstances;
import org.aftm.app.process.ChildReport;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.ChildTelemetry;
import org.aftm.app.process.StrategyProcessRunner;
import org.aftm.app.security.ChildLinkKeys;
import org.aftm.app.status.HopHistograms;
import org.aftm.application.service.CoalescingConditionStateWriter;
import org.aftm.application.service.OffThreadAcknowledgements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The composition root of the strategy process: its store, its sockets (ticks and order updates in,
 * signals out, a gateway client for order states and command acknowledgements), the runner and its
 * heartbeat. It holds no credential and never talks to the broker.
 */
public final class StrategyProcess {

  /** How long the start waits for the order executor's signal socket (it starts alongside). */
  private static final Duration EXECUTOR_WAIT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(StrategyProcess.class);

  private StrategyProcess() {}

  /**
   * Starts the strategy; closing the returned sequence stops the runner, then its sockets and
   * store.
   */
  public static ShutdownSequence start(
      AftmConfig config,
      ChildLinkKeys keys,
      String tickEndpoint,
      String signalEndpoint,
      String orderEventEndpoint,
      String gatewayEndpoint,
      String telemetryEndpoint) {
    ShutdownSequence closeOrder = new ShutdownSequence();
    try {
      // Two connections: the agent reads (at start, per command, after a gap) on one that never
      // waits behind a write; the writer thread stores state on the other. NORMAL sync: a
      // condition's state survives a crash of this process, and its write lock is never held across
      // an fsync that would make the gateway's durable audit wait. After a power loss the last
      // state change may be replayed; the strategy then asks the main process for the orders'
      // states, and a repeated order is answered from the durable audit, never placed twice.
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
      ZContext context = LinkContext.open();
      closeOrder.push(context);
      ZmqTickSubscriber ticks =
          new ZmqTickSubscriber(
              context,
              tickEndpoint,
              List.of(),
              Duration.ofMillis(config.tickStaleMs()),
              System::nanoTime,
              keys.clientOfMain());
      closeOrder.push(ticks);
      ZmqOrderUpdateSubscriber orderUpdates =
          new ZmqOrderUpdateSubscriber(context, orderEventEndpoint, keys.clientOfMain());
      closeOrder.push(orderUpdates);
      ZmqOrderGatewayClient gateway =
          GatewayClients.configured(context, gatewayEndpoint, config, keys.clientOfMain());
      closeOrder.push(gateway);
      ZmqOrderGatewayClient acknowledgements =
          GatewayClients.configured(context, gatewayEndpoint, config, keys.clientOfMain());
      closeOrder.push(acknowledgements);
      // Last of the links: the order executor starts at the same time as this process and binds
      // the signal endpoint meanwhile. Ready only with a greeted signal connection, else the first
      // signals after ready would be refused.
      ZmqSignalSender signals =
          new ZmqSignalSender(context, signalEndpoint, keys.clientOfOrderExecutor(), EXECUTOR_WAIT);
      closeOrder.push(signals);
      // Before ready, on this thread (the clients' owners start later): the gateway links and the
      // tick path run once, so the first tick and order after ready do not pay for it.
      GatewayClients.warmUp(gateway, "strategy");
      GatewayClients.warmUp(acknowledgements, "strategy acknowledgements");
      long warmUpBegin = System.nanoTime();
      long warmUpSignals = StrategyWarmUp.run(StrategyWarmUp.TICKS);
      LOG.info(
          "Warm-up: {} synthetic ticks through a throw-away strategy in {} ms, {} signals encoded,"
              + " none sent",
          StrategyWarmUp.TICKS,
          (System.nanoTime() - warmUpBegin) / 1_000_000,
          warmUpSignals);
      OffThreadAcknowledgements strategyGateway =
          new OffThreadAcknowledgements(gateway, acknowledgements);
      closeOrder.push(strategyGateway);
      // Timed on the agent thread, reported with each heartbeat.
      HopHistograms hops = new HopHistograms();
      StrategyProcessRunner runner =
          new StrategyProcessRunner(
                  ticks,
                  orderUpdates,
                  signals,
                  store,
                  stateWriter,
                  strategyGateway,
                  StrategyInstances.of(config),
                  Duration.ofMillis(config.orderTimeoutMs()).toNanos(),
                  stateWriter::failureCount,
                  IdleStrategies.forAgent(
                      config.idleStrategy(),
                      maxWait ->
                          SocketWaitIdleStrategy.waitingOn(
                              context, maxWait, List.of(ticks, orderUpdates))),
                  hops)
              .start();
      closeOrder.push(runner);
      closeOrder.push(
          new ChildTelemetry.Reporter(
              context,
              telemetryEndpoint,
              keys.clientOfMain(),
              ChildRole.STRATEGY,
              runner::counters,
              () -> Map.of(ChildReport.READY, "true"),
              hops::snapshot));
      return closeOrder;
    } catch (RuntimeException e) {
      closeOrder.close();
      throw e;
    }
  }
}
