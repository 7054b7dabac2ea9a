package org.aftm.app.wiring;

import java.time.Duration;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.GatewayHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/** The order gateway clients of the child processes, configured one way. */
final class GatewayClients {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayClients.class);

  /** Health checks each client sends before its process reports ready. */
  static final int WARM_UP_CHECKS = 3;

  private GatewayClients() {}

  /**
   * Sends {@link #WARM_UP_CHECKS} health checks through {@code client} before its process reports
   * ready: the connection, its CURVE handshake and both ends' request paths (encode, the gateway's
   * decode and dispatch, the reply) then run before the first order, not in it. A health check
   * places nothing and changes nothing. Call on the thread that creates the client, before the
   * thread that will own it starts.
   *
   * @param who the client's job, for the log
   */
  static void warmUp(ZmqOrderGatewayClient client, String who) {
    try {
      long begin = System.nanoTime();
      GatewayHealth health = client.healthCheck();
      long first = System.nanoTime();
      for (int i = 1; i < WARM_UP_CHECKS; i++) {
        client.healthCheck();
      }
      LOG.info(
          "Gateway health at start ({}): {}; first check {} ms (connection included), {} more {} ms",
          who,
          health,
          (first - begin) / 1_000_000,
          WARM_UP_CHECKS - 1,
          (System.nanoTime() - first) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warn(
          "Gateway did not answer the start-up health check of {} ({}); requests will retry",
          who,
          e.getMessage());
    }
  }

  /**
   * A client with the configured request timeout and retries ({@code
   * DLL_GATEWAY_REQUEST_TIMEOUT_MS}, {@code DLL_GATEWAY_RETRY_COUNT}) that proves each fresh
   * connection before a request goes out on it, secured by {@code security} (a client end of the
   * main process).
   */
  static ZmqOrderGatewayClient configured(
      ZContext context, String endpoint, AftmConfig config, LinkSecurity security) {
    return new ZmqOrderGatewayClient(
            context,
            endpoint,
            Duration.ofMillis(config.gatewayRequestTimeoutMs()),
            config.gatewayRetryCount())
        .securedBy(security)
        .proveFreshConnections();
  }
}
