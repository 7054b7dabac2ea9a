package org.aftm.app.wiring;

import java.time.Duration;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.zeromq.ZContext;

/** The order gateway clients of the child processes, configured one way. */
final class GatewayClients {

  private GatewayClients() {}

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
