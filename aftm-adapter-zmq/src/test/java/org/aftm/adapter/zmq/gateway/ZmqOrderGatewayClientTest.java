package org.aftm.adapter.zmq.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
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
  private final List<Integer> pauses = new CopyOnWriteArrayList<>();
  private ZmqOrderGatewayServer server;
  private ZmqOrderGatewayClient client;

  @BeforeEach
  void start() {
    server =
        new ZmqOrderGatewayServer(
            context, "tcp://127.0.0.1:*", placeOrder, getPositions, checkHealth);
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
              context, server.endpoint(), placeOrder, getPositions, checkHealth);
      server.start();

      assertThat(lonely.healthCheck().healthy()).isTrue();
    }
  }
}
