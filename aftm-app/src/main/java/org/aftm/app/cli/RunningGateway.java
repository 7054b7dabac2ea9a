package org.aftm.app.cli;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.security.LinkKeyException;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.app.session.RunningSession;
import org.aftm.app.wiring.LinkContext;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.zeromq.ZContext;

/**
 * The running main process of a data directory, reached through its order gateway, for the commands
 * an operator runs from another terminal ({@code aftm positions}, {@code halt}, {@code flatten},
 * {@code reconcile}, ...). Finds it by its {@link RunningSession} record, also when it was started
 * on free ports; without a record it tries the configured address once, briefly. A gateway that
 * does not answer becomes a one-line {@link BadInputException} (exit 2) naming the data directory
 * or the pid. Owned by the command's thread.
 */
final class RunningGateway implements AutoCloseable {

  private final AftmConfig config;
  private final Optional<RunningSession> session;
  private final String endpoint;
  private final ZContext context;
  private final ZmqOrderGatewayClient client;

  private RunningGateway(AftmConfig config, Duration minimumTimeout) {
    this.config = config;
    this.session = RunningSession.find(config.dataDir());
    this.endpoint =
        session.map(RunningSession::gatewayEndpoint).orElse(config.gatewayConnectAddress());
    // A main process recorded as running gets the configured timeout (at least what the request
    // needs) and one retry, as it may be busy; without a record, one short try: the operator wants
    // to hear "nothing is running" now.
    Duration timeout =
        session.isPresent()
            ? max(Duration.ofMillis(config.gatewayRequestTimeoutMs()), minimumTimeout)
            : Duration.ofMillis(Math.min(config.gatewayRequestTimeoutMs(), 2_000));
    // The operator's key before the context: a missing key file ends the command with one line,
    // which says that nothing runs there when no main process ever made keys and none is recorded.
    LinkSecurity security;
    try {
      security = LinkKeyStore.operatorClient(config.dataDir(), config.linkSecurity());
    } catch (LinkKeyException e) {
      if (session.isEmpty() && !Files.isDirectory(LinkKeyStore.directory(config.dataDir()))) {
        throw new BadInputException(
            "no aftm runs on data directory " + config.dataDir().toAbsolutePath());
      }
      throw e;
    }
    this.context = LinkContext.open();
    this.client =
        new ZmqOrderGatewayClient(context, endpoint, timeout, session.isPresent() ? 1 : 0)
            .securedBy(security)
            .proveFreshConnections();
  }

  /** The gateway of the main process running on the configured data directory. */
  static RunningGateway open(AftmConfig config) {
    return new RunningGateway(config, Duration.ZERO);
  }

  /**
   * @param minimumTimeout how long a request of a recorded main process may take at least (a
   *     reconciliation asks the broker)
   */
  static RunningGateway open(AftmConfig config, Duration minimumTimeout) {
    return new RunningGateway(config, minimumTimeout);
  }

  String endpoint() {
    return endpoint;
  }

  Optional<RunningSession> session() {
    return session;
  }

  /**
   * Sends one request.
   *
   * @throws BadInputException when the gateway does not answer
   */
  <T> T ask(Function<ZmqOrderGatewayClient, T> request) {
    return ask(request, "");
  }

  /**
   * Sends one request that may have been done although no answer came.
   *
   * @param whenUnanswered what the operator should know then, appended to the message
   * @throws BadInputException when the gateway does not answer
   */
  <T> T ask(Function<ZmqOrderGatewayClient, T> request, String whenUnanswered) {
    try {
      return request.apply(client);
    } catch (OrderGatewayUnavailableException e) {
      throw new BadInputException(
          "no AFTM gateway answers at "
              + endpoint
              + (session.isEmpty()
                  ? ": no aftm runs on data directory " + config.dataDir().toAbsolutePath()
                  : ": the main process (pid " + session.get().pid() + ") did not answer")
              + whenUnanswered,
          e);
    }
  }

  /**
   * The order account: the one given, else the running session's, else the configured one.
   *
   * @throws BadInputException when there is none
   */
  String orderAccount(String given) {
    if (given != null) {
      return given;
    }
    return session
        .map(RunningSession::orderAccount)
        .or(() -> Optional.of(config.orderAccount()).filter(account -> !account.isEmpty()))
        .orElseThrow(
            () ->
                new BadInputException(
                    "no aftm runs on data directory "
                        + config.dataDir().toAbsolutePath()
                        + " and no --account or AFTM_ORDER_ACCOUNT was given"));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public void close() {
    client.close();
    context.close();
  }
}
