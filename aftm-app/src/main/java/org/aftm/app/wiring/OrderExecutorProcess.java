package org.aftm.app.wiring;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.aftm.adapter.zmq.codec.MalformedMessageException;
import org.aftm.adapter.zmq.codec.SequencedSignal;
import org.aftm.adapter.zmq.codec.SignalCodec;
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
import org.aftm.app.status.HopHistograms;
import org.aftm.application.service.ExecutionSettings;
import org.aftm.application.service.SignalOrders;
import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The composition root of the order-executor process: the signal receiver it binds, the gateway
 * client, the runner and its heartbeat. It holds no credential and never talks to the broker.
 */
public final class OrderExecutorProcess {

  private static final Logger LOG = LoggerFactory.getLogger(OrderExecutorProcess.class);

  /**
   * Throw-away order requests encoded before ready: enough to load and run every class of the path
   * (JSON, order-id proof); 500 cost up to a second on a loaded machine for little more.
   */
  private static final int ORDER_REHEARSALS = 20;

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
      warmUp(gateway, orderAccount);
      // Timed on the agent thread, reported with each heartbeat.
      HopHistograms hops = new HopHistograms();
      OrderExecutorProcessRunner runner =
          new OrderExecutorProcessRunner(
                  signals,
                  gateway,
                  new ExecutionSettings(
                      orderAccount, Duration.ofMillis(config.maxSignalAgeMs()).toNanos()),
                  IdleStrategies.forAgent(config.idleStrategy(), signals::waitingIdleStrategy),
                  hops)
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
              () -> Map.of("signal_endpoint", endpoint, ChildReport.READY, "true"),
              hops::snapshot));
      return closeOrder;
    } catch (RuntimeException e) {
      closeOrder.close();
      throw e;
    }
  }

  /**
   * Before ready: health checks through the gateway client (connection, handshake, both request
   * paths) and a throw-away order request encoded as the first signal's will be (JSON, order-id
   * proof), sent nowhere; so the first order does not pay for them.
   */
  private static void warmUp(ZmqOrderGatewayClient gateway, String orderAccount) {
    GatewayClients.warmUp(gateway, "order executor");
    Signal rehearsal =
        new Signal(
            Signal.idFor(0, SignalReason.ENTRY),
            0,
            "WARMUP",
            Side.BUY,
            1,
            SignalReason.ENTRY,
            0,
            0,
            System.currentTimeMillis(),
            System.nanoTime(),
            System.nanoTime());
    ByteBuffer frame = ByteBuffer.allocate(SignalCodec.MAX_ENCODED_LENGTH);
    long begin = System.nanoTime();
    long bytes = 0;
    for (int i = 0; i < ORDER_REHEARSALS; i++) {
      frame.clear();
      int length = SignalCodec.encode(i + 1, rehearsal, frame);
      try {
        SequencedSignal decoded = SignalCodec.decode(frame.array(), 0, length);
        bytes +=
            gateway.rehearseOrderEncoding(SignalOrders.orderFor(decoded.signal(), orderAccount));
      } catch (MalformedMessageException e) {
        throw new IllegalStateException("the warm-up's own signal does not decode", e);
      }
    }
    LOG.info(
        "Warm-up: {} signals decoded and order requests encoded ({} bytes) in {} ms, none sent",
        ORDER_REHEARSALS,
        bytes,
        (System.nanoTime() - begin) / 1_000_000);
  }
}
