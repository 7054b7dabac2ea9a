package org.aftm.app.wiring;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.in.ZmqSignalReceiver;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.ZapAllowList;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.LinkSecurityMode;
import org.aftm.app.process.ChildReport;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.ChildTelemetry;
import org.aftm.app.process.OrderExecutorProcessRunner;
import org.aftm.app.security.ChildLinkKeys;
import org.aftm.application.service.ExecutionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The composition root of the order-executor process: the signal receiver it binds, the gateway
 * client, the runner and its heartbeat. It holds no credential and never talks to the broker.
 */
public final class OrderExecutorProcess {

  private static final Logger LOG = LoggerFactory.getLogger(OrderExecutorProcess.class);

  private OrderExecutorProcess() {}

  /**
   * Starts the executor: binds {@code signalBind}, sends orders for {@code orderAccount} through
   * the gateway at {@code gatewayEndpoint}. Closing the returned sequence stops it.
   *
   * @param keys what the parent handed over on stdin; {@link ChildLinkKeys#orderIdSecret()} is the
   *     order-id secret for the order-id proofs of the orders this process sends
   */
  public static ShutdownSequence start(
      AftmConfig config,
      ChildLinkKeys keys,
      String signalBind,
      String gatewayEndpoint,
      String orderAccount,
      String telemetryEndpoint) {
    ShutdownSequence closeOrder = new ShutdownSequence();
    byte[] orderIdSecret = keys.orderIdSecret();
    OrderIdProof orderIdProof = new OrderIdProof(orderIdSecret); // copies it
    Arrays.fill(orderIdSecret, (byte) 0);
    try {
      ZContext context = LinkContext.open();
      closeOrder.push(context);
      // This context's ZAP handler, before the signal socket binds: it admits the strategy only.
      LinkSecurity signalEnd = LinkSecurity.NONE;
      if (keys.mode() == LinkSecurityMode.CURVE) {
        ZapAllowList allowList = new ZapAllowList(context, keys.signalClients());
        closeOrder.push(allowList);
        signalEnd = keys.signalServer(allowList);
      }
      LinkSecurity finalSignalEnd = signalEnd;
      ZmqSignalReceiver signals =
          new ListeningAddress(
                  "the order executor's signals",
                  ConfigKey.AFTM_SIGNAL_HOST,
                  ConfigKey.ZMQ_SIGNAL_PORT,
                  config.signalHost(),
                  signalBind)
              .bindUnchecked(
                  () ->
                      new ZmqSignalReceiver(
                          context,
                          signalBind,
                          Duration.ofMillis(config.maxSignalAgeMs()),
                          System::nanoTime,
                          finalSignalEnd));
      closeOrder.push(signals);
      // The runner's thread is the client's and so the proof's one user.
      ZmqOrderGatewayClient gateway =
          GatewayClients.configured(context, gatewayEndpoint, config, keys.clientOfMain())
              .signingOrderIdsWith(orderIdProof);
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
              keys.clientOfMain(),
              ChildRole.ORDER_EXECUTOR,
              runner::counters,
              // Reported once the signal endpoint is bound and the runner runs.
              () -> Map.of("signal_endpoint", endpoint, ChildReport.READY, "true")));
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
}
