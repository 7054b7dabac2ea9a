package org.aftm.adapter.zmq.in;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeControlTrading;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeReconcile;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.adapter.zmq.out.GatewayErrorReplyException;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The operator's controls through real sockets: the client, the server and fake use cases. */
class GatewayTradingControlTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ZContext context = new ZContext();
  private final FakeControlTrading control = new FakeControlTrading();
  private final FakeReconcile reconcile = new FakeReconcile();
  private ZmqOrderGatewayServer server;
  private ZmqOrderGatewayClient client;

  @BeforeEach
  void start() {
    server = server(true);
    client = new ZmqOrderGatewayClient(context, server.endpoint(), Duration.ofSeconds(5), 0);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    context.close();
  }

  private ZmqOrderGatewayServer server(boolean withControls) {
    ZmqOrderGatewayServer started =
        new ZmqOrderGatewayServer(
            context,
            "tcp://127.0.0.1:0",
            new FakePlaceOrder(),
            new FakeGetPositions(),
            new FakeCheckHealth(),
            new FakeGetOrderStates(),
            new FakeRelayConditionChange(),
            withControls ? control : null,
            withControls ? reconcile : null,
            InstantSource.system(),
            ZmqOrderGatewayServer.DEFAULT_MAX_REQUEST_BYTES,
            ClientLimits.DEFAULT);
    started.start();
    return started;
  }

  @Test
  void statusComesBackWhole() {
    control.status = new TradingStatus(TradingState.REDUCING, "breaker open 31 s", true, 42L);

    assertThat(client.tradingStatus())
        .isEqualTo(new TradingStatus(TradingState.REDUCING, "breaker open 31 s", true, 42L));
  }

  @Test
  void haltReduceAndResumeCarryTheReasonAndAnswerTheNewState() {
    TradingStatus halted = client.halt("news at 10:00");
    TradingStatus reducing = client.reduce("calmer");
    TradingStatus resumed = client.resume(null);

    assertThat(halted.state()).isEqualTo(TradingState.HALTED);
    assertThat(halted.reason()).isEqualTo("news at 10:00");
    assertThat(reducing.state()).isEqualTo(TradingState.REDUCING);
    assertThat(resumed.state()).isEqualTo(TradingState.ACTIVE);
    assertThat(control.calls)
        .containsExactly("halt:news at 10:00", "reduce:calmer", "resume:resumed by the operator");
  }

  @Test
  void flattenSendsTheItemAndAnswersEveryOrder() {
    OrderResult sent = OrderResult.accepted("flatten TXF", "S1", "fl-1", OrderState.SUBMITTED, 0);
    OrderResult refused =
        OrderResult.rejected("flatten MXF", "NOT_LOGGED_IN", "no broker session", "fl-2");
    control.flattenReport = new FlattenReport(List.of(sent, refused));

    FlattenReport all = client.flatten(Optional.empty());
    client.flatten(Optional.of("TXF"));

    assertThat(all.orders()).hasSize(2);
    assertThat(all.orders().get(0)).isEqualTo(sent);
    assertThat(all.orders().get(1).sent()).isFalse();
    assertThat(all.orders().get(1).errorCode()).isEqualTo("NOT_LOGGED_IN");
    assertThat(all.orders().get(1).clientOrderId()).isEqualTo("fl-2");
    assertThat(all.allSent()).isFalse();
    assertThat(control.calls).containsExactly("flatten:*", "flatten:TXF");
  }

  @Test
  void reconcileAnswersEveryDifferenceAndAcceptingRecordsTheNote() {
    List<Difference> differences =
        List.of(
            new Difference("position", "TXF", "0", "+2"),
            new Difference("open_order", "7-entry", "none", "submitted"));
    reconcile.report = new ReconciliationReport(3, differences, false);

    ReconciliationReport compared = client.reconcile(false, null);
    ReconciliationReport accepted = client.reconcile(true, "broker is right");

    assertThat(compared).isEqualTo(new ReconciliationReport(3, differences, false));
    assertThat(accepted.acceptedBroker()).isTrue();
    assertThat(accepted.differences()).isEqualTo(differences);
    assertThat(reconcile.notes).containsExactly("broker is right");
  }

  static Stream<Arguments> badParameters() {
    String tooLong = "x".repeat(201);
    return Stream.of(
        Arguments.of("{\"operation\":\"trading_halt\",\"parameters\":{\"reason\":5}}", "reason"),
        Arguments.of(
            "{\"operation\":\"trading_reduce\",\"parameters\":{\"reason\":\"" + tooLong + "\"}}",
            "reason must be 1 to 200 characters"),
        Arguments.of(
            "{\"operation\":\"trading_resume\",\"parameters\":{\"reason\":\"a\\nforged log\"}}",
            "without control characters"),
        Arguments.of(
            "{\"operation\":\"trading_flatten\",\"parameters\":{\"item_code\":\" \"}}",
            "item_code"),
        Arguments.of(
            "{\"operation\":\"reconcile\",\"parameters\":{\"accept_broker\":\"yes\"}}",
            "accept_broker must be true or false"),
        Arguments.of(
            "{\"operation\":\"reconcile\",\"parameters\":{\"note\":[1]}}", "note must be a string"),
        Arguments.of("{\"operation\":\"trading_status\",\"parameters\":[]}", "must be an object"));
  }

  @ParameterizedTest
  @MethodSource("badParameters")
  void badParametersAreRefusedNamingTheFieldAndChangeNothing(String request, String fragment)
      throws Exception {
    JsonNode reply = ask(request);

    assertThat(reply.path("success").asBoolean()).isFalse();
    assertThat(reply.path("error_code").asText()).isEqualTo("INVALID_ORDER");
    assertThat(reply.path("error_message").asText()).contains(fragment);
    assertThat(control.calls).isEmpty();
    assertThat(reconcile.notes).isEmpty();
    assertThat(client.tradingStatus().state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void operationsWithoutParametersAreServed() throws Exception {
    JsonNode reply = ask("{\"operation\":\"trading_halt\"}");

    assertThat(reply.path("data").path("state").asText()).isEqualTo("HALTED");
    assertThat(reply.path("data").path("since_ms").isIntegralNumber()).isTrue();
    assertThat(control.calls).containsExactly("halt:halted by the operator");
  }

  @Test
  void aFailingUseCaseIsAProcessingErrorNamingTheOperationAndTheServerServesOn() {
    control.failure = new IllegalStateException("differences remain");

    assertThatThrownBy(() -> client.resume("go"))
        .isInstanceOf(GatewayErrorReplyException.class)
        .hasMessageContaining("PROCESSING_ERROR")
        .hasMessageContaining("trading_resume failed: differences remain");

    control.failure = null;
    assertThat(client.tradingStatus().state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void aServerWithoutControlsRefusesThemAsUnknownOperations() {
    try (ZmqOrderGatewayServer plain = server(false);
        ZmqOrderGatewayClient plainClient =
            new ZmqOrderGatewayClient(context, plain.endpoint(), Duration.ofSeconds(5), 0)) {
      assertThatThrownBy(plainClient::tradingStatus)
          .isInstanceOfSatisfying(
              GatewayErrorReplyException.class,
              e -> assertThat(e.errorCode()).isEqualTo("UNKNOWN_OPERATION"));
      assertThatThrownBy(() -> plainClient.reconcile(false, null))
          .isInstanceOfSatisfying(
              GatewayErrorReplyException.class,
              e -> assertThat(e.errorCode()).isEqualTo("UNKNOWN_OPERATION"));
      assertThat(plainClient.healthCheck().healthy()).isTrue();
    }
  }

  @Test
  void theUnknownOperationMessageNamesTheControls() throws Exception {
    String message = ask("{\"operation\":\"cancel_all\"}").path("error_message").asText();

    assertThat(message).contains("trading_status", "trading_flatten", "reconcile");
  }

  @Test
  void flattenIsSentOnceWhileAHaltIsRetried() {
    try (ZMQ.Socket silent = context.createSocket(SocketType.ROUTER)) {
      silent.bind("tcp://127.0.0.1:*");
      silent.setReceiveTimeOut(0);
      try (ZmqOrderGatewayClient retrying =
          new ZmqOrderGatewayClient(
              context, silent.getLastEndpoint(), Duration.ofMillis(150), 2, attempt -> {})) {
        assertThatThrownBy(() -> retrying.flatten(Optional.of("TXF")))
            .isInstanceOf(OrderGatewayUnavailableException.class)
            .hasMessageContaining("after 1 attempt")
            .hasMessageContaining("check before repeating");
        // Every attempt was sent before the client gave up; wait only for delivery.
        int[] received = {0};
        await().atMost(Duration.ofSeconds(5)).until(() -> (received[0] += drain(silent)) >= 1);
        assertThat(received[0] + drain(silent)).isEqualTo(1);

        assertThatThrownBy(() -> retrying.halt("x"))
            .isInstanceOf(OrderGatewayUnavailableException.class);
        received[0] = 0;
        await().atMost(Duration.ofSeconds(5)).until(() -> (received[0] += drain(silent)) >= 3);
        assertThat(received[0] + drain(silent)).isEqualTo(3);
      }
    }
  }

  /** Requests waiting on the silent socket, taken off it. */
  private static int drain(ZMQ.Socket silent) {
    int count = 0;
    byte[] frame;
    while ((frame = silent.recv(ZMQ.DONTWAIT)) != null) {
      if (!silent.hasReceiveMore() && frame.length > 0) {
        count++;
      }
    }
    return count;
  }

  private JsonNode ask(String body) throws Exception {
    try (ZMQ.Socket req = context.createSocket(SocketType.REQ)) {
      req.setReceiveTimeOut(5_000);
      req.connect(server.endpoint());
      req.send(body.getBytes(UTF_8));
      byte[] reply = req.recv();
      assertThat(reply).as("reply within 5 s").isNotNull();
      return json.readTree(reply);
    }
  }
}
