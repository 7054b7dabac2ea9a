package org.aftm.adapter.zmq.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A client that puts a line break into the values it sends cannot forge a log line: what it sent
 * shows escaped, quoted and cut, on the one line the gateway writes about it.
 */
class GatewayLogInjectionTest {

  /** What an attacker would like the log to show on a line of its own. */
  private static final String FORGED =
      "2026-12-01 10:00:00.000 INFO  [main] o.a.app.wiring.MainProcess: all positions flat";

  private final ZContext context = new ZContext();
  private final FakePlaceOrder placeOrder = new FakePlaceOrder();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final List<Logger> loggers =
      List.of(
          (Logger) LoggerFactory.getLogger(ZmqOrderGatewayServer.class),
          (Logger) LoggerFactory.getLogger(GatewayRequestHandler.class));
  private ZmqOrderGatewayServer server;

  @BeforeEach
  void start() {
    lines.start();
    loggers.forEach(logger -> logger.addAppender(lines));
    server =
        new ZmqOrderGatewayServer(
            context,
            "tcp://127.0.0.1:0",
            placeOrder,
            new FakeGetPositions(),
            new FakeCheckHealth(),
            new FakeGetOrderStates(),
            new FakeRelayConditionChange(),
            InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L)),
            ZmqOrderGatewayServer.DEFAULT_MAX_REQUEST_BYTES);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    context.close();
    loggers.forEach(logger -> logger.detachAppender(lines));
  }

  @Test
  void aLineBreakInTheOperationIsLoggedEscaped() {
    String reply = ask("{\"operation\": \"health_check\\r\\n" + FORGED + "\"}");

    assertThat(reply).contains("UNKNOWN_OPERATION");
    String line =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> lineContaining("refused"), l -> l != null);
    assertThat(line)
        .doesNotContain("\n", "\r")
        .contains("unknown operation \"health_check\\r\\n2026-12-01 10:00:00.000 IN…(+57 chars)\"");
  }

  @Test
  void aLineBreakInTheClientOrderIdIsLoggedEscaped() {
    placeOrder.failure = new IllegalStateException("broker down");

    ask(
        """
        {"operation": "send_order", "parameters": {"order_account": "F0001", "item_code": "TXFF6",
         "side": "buy", "order_type": "Limit", "price": 22000, "quantity": 1, "open_close": "AUTO",
         "note": "n\\u2028ote", "day_trade": "N", "time_in_force": "ROD",
         "client_order_id": "7-entry\\n%s"}}"""
            .formatted(FORGED));

    String line =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> lineContaining("Placing order"), l -> l != null);
    assertThat(line)
        .doesNotContain("\n", "\r", "\u2028")
        .contains("clientOrderId=7-entry\\n2026-12-01 10:00:00", "note=n\\u2028ote");
  }

  @Test
  void aLongOperationIsCutInTheLogAndTheReply() {
    String reply = ask("{\"operation\": \"" + "x".repeat(10_000) + "\"}");

    assertThat(reply).contains("x".repeat(40) + "…(+9960 chars)").hasSizeLessThan(600);
    String line =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> lineContaining("refused"), l -> l != null);
    assertThat(line).hasSizeLessThan(RefusalLog.MAX_MESSAGE_CHARS + 200);
  }

  private String lineContaining(String text) {
    return lines.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.contains(text))
        .findFirst()
        .orElse(null);
  }

  /**
   * The reply to {@code body}; a fresh connection's first message is lost now and then, so a
   * request without a reply is sent again on a new socket (these requests are all refused, so a
   * repeat changes nothing).
   */
  private String ask(String body) {
    for (int attempt = 0; attempt < 5; attempt++) {
      try (ZMQ.Socket req = context.createSocket(SocketType.REQ)) {
        req.setLinger(0);
        req.setReceiveTimeOut(2_000);
        req.connect(server.endpoint());
        req.send(body);
        String reply = req.recvStr();
        if (reply != null) {
          return reply;
        }
      }
    }
    throw new AssertionError("no reply in 5 attempts of 2 s");
  }
}
