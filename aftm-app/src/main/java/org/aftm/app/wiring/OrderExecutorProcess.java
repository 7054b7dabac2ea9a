package org.aftm.app.wiring;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.in.ZmqSignalReceiver;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildReport;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.ChildTelemetry;
import org.aftm.app.process.OrderExecutorProcessRunner;
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
   * @param orderIdSecret the install's order-id secret, which proves the {@code aftm-} ids of its
   *     orders to the gateway; wiped by this method
   */
  public static ShutdownSequence start(
      AftmConfig config,
      String signalBind,
      String gatewayEndpoint,
      String orderAccount,
      String telemetryEndpoint,
      byte[] orderIdSecret) {
    ShutdownSequence closeOrder = new ShutdownSequence();
    OrderIdProof orderIdProof = new OrderIdProof(orderIdSecret); // copies it
    Arrays.fill(orderIdSecret, (byte) 0);
    try {
      ZContext context = LinkContext.open();
      closeOrder.push(context);
      ZmqSignalReceiver signals =
          new ListeningAddress(
                  "the order executor's signals",
                  ConfigKey.ZMQ_HOST,
                  ConfigKey.ZMQ_SIGNAL_PORT,
                  config.zmqHost(),
                  signalBind)
              .bindUnchecked(
                  () ->
                      new ZmqSignalReceiver(
                          context, signalBind, Duration.ofMillis(config.maxSignalAgeMs())));
      closeOrder.push(signals);
      // The runner's thread is the client's and so the proof's one user.
      ZmqOrderGatewayClient gateway =
          GatewayClients.configured(context, gatewayEndpoint, config)
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
