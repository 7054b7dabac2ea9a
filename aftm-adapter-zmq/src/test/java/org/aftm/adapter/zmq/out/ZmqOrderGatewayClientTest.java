package org.aftm.adapter.zmq.out;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.adapter.zmq.in.ZmqOrderGatewayServer;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.GetOrderStatesUseCase;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class ZmqOrderGatewayClientTest {

  private static final OrderRequest ORDER =
      new OrderRequest(
          "F0001",
          "TXFF6",
          Side.SELL,
          OrderType.MARKET,
          Price.ZERO,
          3,
          OpenClose.CLOSE,
          "exit 7",
          DayTrade.NO,
          TimeInForce.IOC,
          "7-exit");

  private final ZContext context = new ZContext();
  private final FakePlaceOrder placeOrder = new FakePlaceOrder();
  private final FakeGetPositions getPositions = new FakeGetPositions();
  private final FakeCheckHealth checkHealth = new FakeCheckHealth();
  private final FakeGetOrderStates getOrderStates = new FakeGetOrderStates();
  private final FakeRelayConditionChange relay = new FakeRelayConditionChange();
  private final List<Integer> pauses = new CopyOnWriteArrayList<>();
  private ZmqOrderGatewayServer server;
  private ZmqOrderGatewayClient client;

  @BeforeEach
  void start() {
    server =
        new ZmqOrderGatewayServer(
            context,
            "tcp://127.0.0.1:*",
            placeOrder,
            getPositions,
            checkHealth,
            getOrderStates,
            relay);
    server.start();
    client =
        new ZmqOrderGatewayClient(
            context, server.endpoint(), Duration.ofSeconds(5), 3, pauses::add);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    context.close();
  }

  @Test
  void shouldSendAnOrderAndReadTheAnswer() {
    OrderResult result = client.sendOrder(ORDER, 987_654_321L);

    assertThat(result)
        .isEqualTo(OrderResult.accepted("exit 7", "S1", "7-exit", OrderState.FILLED, 3));
    assertThat(placeOrder.commands).hasSize(1);
    assertThat(placeOrder.commands.get(0).request()).isEqualTo(ORDER);
    assertThat(placeOrder.commands.get(0).originNanos()).isEqualTo(987_654_321L);
    assertThat(placeOrder.commands.get(0).closesClientOrderId()).isNull();
    assertThat(pauses).isEmpty();
  }

  @Test
  void shouldSendTheEntryAnExitCloses() {
    client.sendOrder(ORDER, 0, "7-entry");

    assertThat(placeOrder.commands)
        .singleElement()
        .satisfies(c -> assertThat(c.closesClientOrderId()).isEqualTo("7-entry"));
  }

  @Test
  void shouldCarryAnExactLimitPrice() {
    OrderRequest limit =
        new OrderRequest(
            "F0001",
            "TXFF6",
            Side.BUY,
            OrderType.LIMIT,
            Price.parse("21999.25"),
            1,
            OpenClose.AUTO,
            "",
            DayTrade.YES,
            TimeInForce.ROD,
            null);

    client.sendOrder(limit, 0);

    assertThat(placeOrder.commands.get(0).request()).isEqualTo(limit);
    assertThat(placeOrder.commands.get(0).originNanos()).isZero();
  }

  @Test
  void shouldReturnABrokerRefusalAsItCame() {
    placeOrder.refusal =
        OrderResult.rejected("exit 7", "NO_POSITION_TO_CLOSE", "nothing to close", "7-exit");

    assertThat(client.sendOrder(ORDER, 0)).isEqualTo(placeOrder.refusal);
  }

  @Test
  void shouldMapAnErrorReplyToARejectedResult() {
    placeOrder.failure = new IllegalStateException("broker down");

    OrderResult result = client.sendOrder(ORDER, 0);

    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isEqualTo("ORDER_EXECUTION_ERROR");
    assertThat(result.errorMessage()).contains("broker down");
    assertThat(result.clientOrderId()).isEqualTo("7-exit");
    assertThat(result.note()).isEqualTo("exit 7");
    assertThat(result.status()).isEqualTo(OrderState.REJECTED);
  }

  @Test
  void shouldReadHealth() {
    checkHealth.answer = () -> new HealthReport(false, true, false, "HALF_OPEN", 77);

    GatewayHealth health = client.healthCheck();

    assertThat(health.healthy()).isFalse();
    assertThat(health.exchangeConnected()).isTrue();
    assertThat(health.loggedIn()).isFalse();
    assertThat(health.serverRunning()).isTrue();
    assertThat(health.breakerState()).isEqualTo("HALF_OPEN");
    assertThat(health.uptimeSeconds()).isEqualTo(77);
    assertThat(health.timestampEpochSeconds())
        .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
  }

  @Test
  void shouldReportAFailingHealthCheckAsUnhealthy() {
    checkHealth.answer =
        () -> {
          throw new IllegalStateException("boom");
        };

    GatewayHealth health = client.healthCheck();

    assertThat(health.healthy()).isFalse();
    assertThat(health.serverRunning()).isTrue();
  }

  @Test
  void shouldReadPositionsExactly() {
    List<Position> positions =
        List.of(
            new Position(
                "F0001",
                "TXFF6",
                -3,
                Price.parse("22000.5"),
                Price.parse("21990"),
                Price.parse("12.25"),
                Price.parse("31.5"),
                200),
            new Position(
                "F0001",
                "MXFF6",
                1,
                Price.parse("21000"),
                Price.parse("21000.0001"),
                Price.ZERO,
                Price.parse("0.0001"),
                50));
    getPositions.positions = positions;

    assertThat(client.positions("F0001")).isEqualTo(positions);
    assertThat(getPositions.lastAccount).isEqualTo("F0001");
  }

  @Test
  void shouldThrowAClearExceptionWhenPositionsAreRefused() {
    getPositions.failure = new IllegalStateException("broker says no");

    assertThatThrownBy(() -> client.positions("F0001"))
        .isInstanceOf(GatewayErrorReplyException.class)
        .hasMessageContaining("POSITION_QUERY_ERROR")
        .hasMessageContaining("broker says no")
        .extracting(e -> ((GatewayErrorReplyException) e).errorCode())
        .isEqualTo("POSITION_QUERY_ERROR");
  }

  @Test
  void shouldRetryASlowOrderWithTheSameClientOrderIdAndPlaceItOnce() {
    CountDownLatch gate = new CountDownLatch(1);
    placeOrder.firstCallGate = gate;
    // The first answer is held until the client gives up on it and pauses before its retry.
    try (ZmqOrderGatewayClient impatient =
        new ZmqOrderGatewayClient(
            context,
            server.endpoint(),
            Duration.ofMillis(300),
            2,
            retry -> {
              pauses.add(retry);
              gate.countDown();
            })) {

      OrderResult result = impatient.sendOrder(ORDER, 0);

      assertThat(result)
          .isEqualTo(OrderResult.accepted("exit 7", "S1", "7-exit", OrderState.FILLED, 3));
    }
    assertThat(pauses).containsExactly(1);
    assertThat(placeOrder.commands)
        .hasSize(2)
        .allSatisfy(command -> assertThat(command.request().clientOrderId()).isEqualTo("7-exit"));
    assertThat(placeOrder.placed.get()).isEqualTo(1);
  }

  @Test
  void shouldResendTheIdenticalRequestToAServerThatSwallowedTheFirst() throws Exception {
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    try (ZMQ.Socket router = context.createSocket(SocketType.ROUTER)) {
      int port = router.bindToRandomPort("tcp://127.0.0.1");
      router.setReceiveTimeOut(10_000);
      Thread swallower =
          new Thread(
              () -> {
                for (int request = 1; request <= 2; request++) {
                  byte[] identity = router.recv();
                  router.recv(); // delimiter
                  byte[] body = router.recv();
                  seen.add(body);
                  if (request == 2) {
                    router.sendMore(identity);
                    router.sendMore(new byte[0]);
                    router.send(
                        "{\"success\": true, \"data\": {\"is_send_order\": true, \"note\": \"exit 7\","
                            + " \"order_serial\": \"X9\", \"error_code\": \"\", \"error_message\": \"\"}}");
                  }
                }
              },
              "swallowing-gateway");
      swallower.start();

      try (ZmqOrderGatewayClient retrying =
          new ZmqOrderGatewayClient(
              context, "tcp://127.0.0.1:" + port, Duration.ofMillis(300), 3, pauses::add)) {
        OrderResult result = retrying.sendOrder(ORDER, 0);

        // A Python-style reply without status or client order id still maps.
        assertThat(result)
            .isEqualTo(OrderResult.accepted("exit 7", "X9", "7-exit", OrderState.ACCEPTED, 0));
      }
      swallower.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(
            new ObjectMapper()
                .readTree(new String(seen.get(0), UTF_8))
                .at("/parameters/client_order_id")
                .asText())
        .isEqualTo("7-exit");
    assertThat(pauses).containsExactly(1);
  }

  @Test
  void shouldGiveUpAfterTheRetriesNamingEndpointAndAttempts() {
    try (ZMQ.Socket silent = context.createSocket(SocketType.ROUTER)) {
      int port = silent.bindToRandomPort("tcp://127.0.0.1");
      String endpoint = "tcp://127.0.0.1:" + port;
      try (ZmqOrderGatewayClient hopeful =
          new ZmqOrderGatewayClient(context, endpoint, Duration.ofMillis(100), 2, pauses::add)) {

        assertThatThrownBy(() -> hopeful.sendOrder(ORDER, 0))
            .isInstanceOf(OrderGatewayUnavailableException.class)
            .hasMessageContaining(endpoint)
            .hasMessageContaining("3 attempts");
      }
    }
    assertThat(pauses).containsExactly(1, 2);
  }

  @Test
  void shouldGiveUpWhenInterruptedWhilePausing() {
    try (ZMQ.Socket silent = context.createSocket(SocketType.ROUTER)) {
      int port = silent.bindToRandomPort("tcp://127.0.0.1");
      try (ZmqOrderGatewayClient interrupted =
          new ZmqOrderGatewayClient(
              context,
              "tcp://127.0.0.1:" + port,
              Duration.ofMillis(100),
              5,
              retry -> {
                throw new InterruptedException();
              })) {

        assertThatThrownBy(interrupted::healthCheck)
            .isInstanceOf(OrderGatewayUnavailableException.class)
            .hasMessageContaining("interrupted");
        assertThat(Thread.interrupted()).isTrue();
      }
    }
  }

  @Test
  void shouldWorkAgainAfterTheServerComesBack() {
    server.close();
    try (ZmqOrderGatewayClient lonely =
        new ZmqOrderGatewayClient(
            context, server.endpoint(), Duration.ofMillis(100), 0, pauses::add)) {
      assertThatThrownBy(lonely::healthCheck).isInstanceOf(OrderGatewayUnavailableException.class);

      server =
          new ZmqOrderGatewayServer(
              context,
              server.endpoint(),
              placeOrder,
              getPositions,
              checkHealth,
              getOrderStates,
              relay);
      server.start();

      assertThat(lonely.healthCheck().healthy()).isTrue();
    }
  }

  @Test
  void shouldReadOrderStatesExactlyLeavingUnknownIdsOut() {
    OrderUpdate entry =
        new OrderUpdate("7-entry", OrderState.PARTIALLY_FILLED, 3, 2, 440_010_001L, "", "part");
    OrderUpdate exit =
        new OrderUpdate("7-exit", OrderState.UNKNOWN, 3, 0, 0, "EXCHANGE_UNAVAILABLE", "timeout");
    getOrderStates.know(entry, exit);

    List<OrderUpdate> states = client.orderStates(List.of("7-entry", "never-seen", "7-exit"));

    assertThat(states).containsExactly(entry, exit);
    assertThat(getOrderStates.queries).containsExactly(List.of("7-entry", "never-seen", "7-exit"));
  }

  @Test
  void shouldAskForALongIdListInSeveralRequests() {
    int count = 2 * GetOrderStatesUseCase.MAX_IDS + 500;
    List<String> ids = IntStream.range(0, count).mapToObj(i -> "aftm-" + i + "-entry").toList();
    ids.forEach(id -> getOrderStates.know(new OrderUpdate(id, OrderState.FILLED, 1, 1, 1, "", "")));

    List<OrderUpdate> states = client.orderStates(ids);

    assertThat(states).extracting(OrderUpdate::clientOrderId).isEqualTo(ids);
    assertThat(getOrderStates.queries)
        .extracting(List::size)
        .containsExactly(GetOrderStatesUseCase.MAX_IDS, GetOrderStatesUseCase.MAX_IDS, 500);
  }

  @Test
  void shouldKeepARequestOfLongIdsUnderTheSizeLimit() {
    List<String> ids = IntStream.range(0, 600).mapToObj(i -> String.format("%0128d", i)).toList();

    assertThat(client.orderStates(ids)).isEmpty();

    assertThat(getOrderStates.queries).hasSizeGreaterThan(1);
    assertThat(getOrderStates.queries.stream().flatMap(List::stream).toList()).isEqualTo(ids);
  }

  @Test
  void shouldNotAskForNoIds() {
    assertThat(client.orderStates(List.of())).isEmpty();
    assertThat(getOrderStates.queries).isEmpty();
  }

  @Test
  void shouldThrowAClearExceptionWhenOrderStatesAreRefused() {
    getOrderStates.failure = new IllegalStateException("journal closed");

    assertThatThrownBy(() -> client.orderStates(List.of("7-entry")))
        .isInstanceOf(GatewayErrorReplyException.class)
        .hasMessageContaining("get_order_states")
        .hasMessageContaining("journal closed")
        .extracting(e -> ((GatewayErrorReplyException) e).errorCode())
        .isEqualTo("PROCESSING_ERROR");
  }

  @Test
  void shouldRelayAConditionChangeAndFollowItsAcknowledgement() {
    long commandId = client.relayConditionChange(ConditionCommand.Change.DELETED, 42);

    assertThat(relay.relayed)
        .containsExactly(new ConditionCommand(commandId, ConditionCommand.Change.DELETED, 42));
    assertThat(client.isCommandAcknowledged(commandId)).isFalse();

    client.acknowledgeCommand(commandId);

    assertThat(relay.acknowledged).containsExactly(commandId);
    assertThat(client.isCommandAcknowledged(commandId)).isTrue();
  }

  @Test
  void shouldThrowAClearExceptionWhenTheCommandOperationsAreRefused() {
    relay.failure = new IllegalStateException("no strategy");

    assertThatThrownBy(() -> client.relayConditionChange(ConditionCommand.Change.ADDED, 1))
        .isInstanceOf(GatewayErrorReplyException.class)
        .hasMessageContaining("condition_changed")
        .hasMessageContaining("no strategy");
    assertThatThrownBy(() -> client.acknowledgeCommand(1))
        .isInstanceOf(GatewayErrorReplyException.class)
        .hasMessageContaining("strategy_ack");
    assertThatThrownBy(() -> client.isCommandAcknowledged(1))
        .isInstanceOf(GatewayErrorReplyException.class)
        .hasMessageContaining("command_status");
  }

  @Test
  void shouldRefuseAnAckForAnInvalidCommandIdAsTheServerSays() {
    assertThatThrownBy(() -> client.acknowledgeCommand(0))
        .isInstanceOf(GatewayErrorReplyException.class)
        .extracting(e -> ((GatewayErrorReplyException) e).errorCode())
        .isEqualTo("INVALID_ORDER");
  }

  @Test
  void shouldRetryTheClosedLoopOperationsWithIdenticalRequests() throws Exception {
    assertRetried(
        c -> c.isCommandAcknowledged(5),
        "{\"success\": true, \"data\": {\"acknowledged\": true}}",
        true);
    assertRetried(
        c -> c.relayConditionChange(ConditionCommand.Change.ADDED, 9),
        "{\"success\": true, \"data\": {\"command_id\": 77}}",
        77L);
    assertRetried(
        c -> c.orderStates(List.of("7-entry")),
        "{\"success\": true, \"data\": {\"orders\": [{\"client_order_id\": \"7-entry\","
            + " \"state\": \"filled\", \"quantity\": 1, \"filled_quantity\": 1,"
            + " \"filled_cost\": 22000.5, \"average_fill_price\": 22000.5,"
            + " \"error_code\": \"\", \"reason\": \"\"}]}}",
        List.of(new OrderUpdate("7-entry", OrderState.FILLED, 1, 1, 220_005_000L, "", "")));
    assertRetried(
        c -> {
          c.acknowledgeCommand(5);
          return "done";
        },
        "{\"success\": true, \"data\": {\"acknowledged\": true}}",
        "done");
  }

  @Test
  void shouldGiveUpOnAClosedLoopOperationAfterTheRetries() {
    try (ZMQ.Socket silent = context.createSocket(SocketType.ROUTER)) {
      int port = silent.bindToRandomPort("tcp://127.0.0.1");
      try (ZmqOrderGatewayClient hopeful =
          new ZmqOrderGatewayClient(
              context, "tcp://127.0.0.1:" + port, Duration.ofMillis(100), 1, pauses::add)) {

        assertThatThrownBy(() -> hopeful.acknowledgeCommand(3))
            .isInstanceOf(OrderGatewayUnavailableException.class)
            .hasMessageContaining("strategy_ack")
            .hasMessageContaining("2 attempts");
      }
    }
    assertThat(pauses).containsExactly(1);
  }

  @Test
  void shouldCallAMalformedClosedLoopReplyUnavailable() throws Exception {
    assertMalformed(
        c -> c.orderStates(List.of("a")),
        "{\"success\": true, \"data\": {\"orders\": {}}}",
        "data.orders is not a list");
    assertMalformed(
        c -> c.orderStates(List.of("a")),
        "{\"success\": true, \"data\": {\"orders\": [{\"client_order_id\": \"a\","
            + " \"state\": \"lost\", \"quantity\": 1, \"filled_quantity\": 0}]}}",
        "bad order state");
    assertMalformed(
        c -> c.orderStates(List.of("a")),
        "{\"success\": true, \"data\": {\"orders\": [{\"client_order_id\": \"a\","
            + " \"state\": \"filled\", \"quantity\": 1, \"filled_quantity\": 1,"
            + " \"filled_cost\": 0.00001}]}}",
        "bad order state");
    assertMalformed(
        c -> c.relayConditionChange(ConditionCommand.Change.ADDED, 1),
        "{\"success\": true, \"data\": {\"command_id\": \"1\"}}",
        "command_id");
    assertMalformed(
        c -> c.isCommandAcknowledged(1), "{\"success\": true, \"data\": {}}", "acknowledged");
  }

  /** A gateway that swallows the first request and answers the identical second one. */
  private <T> void assertRetried(
      Function<ZmqOrderGatewayClient, T> operation, String answer, T expected) throws Exception {
    pauses.clear();
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    try (ZMQ.Socket router = context.createSocket(SocketType.ROUTER)) {
      int port = router.bindToRandomPort("tcp://127.0.0.1");
      router.setReceiveTimeOut(10_000);
      Thread swallower =
          new Thread(
              () -> {
                for (int request = 1; request <= 2; request++) {
                  byte[] identity = router.recv();
                  if (identity == null) {
                    return;
                  }
                  router.recv(); // delimiter
                  seen.add(router.recv());
                  if (request == 2) {
                    router.sendMore(identity);
                    router.sendMore(new byte[0]);
                    router.send(answer);
                  }
                }
              },
              "swallowing-gateway");
      swallower.start();
      try (ZmqOrderGatewayClient retrying =
          new ZmqOrderGatewayClient(
              context, "tcp://127.0.0.1:" + port, Duration.ofMillis(300), 3, pauses::add)) {
        assertThat(operation.apply(retrying)).isEqualTo(expected);
      }
      swallower.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(pauses).containsExactly(1);
  }

  /** A gateway that answers once with {@code answer}, which the client must call malformed. */
  private void assertMalformed(
      Function<ZmqOrderGatewayClient, ?> operation, String answer, String fragment)
      throws Exception {
    try (ZMQ.Socket router = context.createSocket(SocketType.ROUTER)) {
      int port = router.bindToRandomPort("tcp://127.0.0.1");
      router.setReceiveTimeOut(10_000);
      Thread answering =
          new Thread(
              () -> {
                byte[] identity = router.recv();
                if (identity == null) {
                  return;
                }
                router.recv(); // delimiter
                router.recv(); // body
                router.sendMore(identity);
                router.sendMore(new byte[0]);
                router.send(answer);
              },
              "odd-gateway");
      answering.start();
      try (ZmqOrderGatewayClient asking =
          new ZmqOrderGatewayClient(
              context, "tcp://127.0.0.1:" + port, Duration.ofSeconds(5), 0, pauses::add)) {
        assertThatThrownBy(() -> operation.apply(asking))
            .isInstanceOf(OrderGatewayUnavailableException.class)
            .hasMessageContaining("malformed reply")
            .hasMessageContaining(fragment);
      }
      answering.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
