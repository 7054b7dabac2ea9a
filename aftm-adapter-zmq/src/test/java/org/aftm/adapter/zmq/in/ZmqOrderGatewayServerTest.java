package org.aftm.adapter.zmq.in;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.GetOrderStatesUseCase;
import org.aftm.application.port.in.PlaceOrderCommand;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class ZmqOrderGatewayServerTest {

  private static final long NOW = 1_700_000_000L;
  private static final String ORDER =
      """
      {"operation": "send_order", "parameters": {"order_account": "F0001", "item_code": "TXFF6",
       "side": "buy", "order_type": "Limit", "price": 22000.5, "quantity": 2, "open_close": "AUTO",
       "note": "from test", "day_trade": "N", "time_in_force": "ROD", "client_order_id": "7-entry",
       "origin_nanos": 123456789, "newer_client_field": {"ignored": true}}}""";

  private final ObjectMapper json = new ObjectMapper();
  private final ZContext context = new ZContext();
  private final FakePlaceOrder placeOrder = new FakePlaceOrder();
  private final FakeGetPositions getPositions = new FakeGetPositions();
  private final FakeCheckHealth checkHealth = new FakeCheckHealth();
  private final FakeGetOrderStates getOrderStates = new FakeGetOrderStates();
  private final FakeRelayConditionChange relay = new FakeRelayConditionChange();
  private ZmqOrderGatewayServer server;

  @BeforeEach
  void startServer() {
    server =
        new ZmqOrderGatewayServer(
            context,
            "tcp://127.0.0.1:0",
            placeOrder,
            getPositions,
            checkHealth,
            getOrderStates,
            relay,
            InstantSource.fixed(Instant.ofEpochSecond(NOW)),
            ZmqOrderGatewayServer.DEFAULT_MAX_REQUEST_BYTES);
    // AFTM_LINK_SECURITY=none, as the Python system's plain REQ client needs it on loopback.
    server.securedBy(LinkSecurity.NONE).start();
  }

  @AfterEach
  void stopServer() {
    server.close();
    context.close();
  }

  @Test
  void shouldBindARandomLoopbackPortAndServeOnANamedThread() {
    assertThat(server.endpoint()).isEqualTo("tcp://127.0.0.1:" + server.port());
    assertThat(server.port()).isPositive();
    assertThat(server.isRunning()).isTrue();
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .contains("order-gateway");
  }

  @Test
  void shouldAnswerAPythonStyleReqClientUnchanged() {
    try (ZMQ.Socket req = context.createSocket(SocketType.REQ)) {
      req.setReceiveTimeOut(5_000);
      req.connect("tcp://127.0.0.1:" + server.port());
      req.send("{\"operation\": \"health_check\", \"parameters\": {}}");
      String reply = req.recvStr();
      assertThat(reply).startsWith("{\"success\":true,\"data\":{\"status\":\"healthy\"");
      assertThat(req.hasReceiveMore()).isFalse();
    }
  }

  @Test
  void shouldReportHealth() throws Exception {
    JsonNode reply = ask("{\"operation\": \"health_check\"}");

    assertThat(reply.get("success").asBoolean()).isTrue();
    JsonNode data = reply.get("data");
    assertThat(data.get("status").asText()).isEqualTo("healthy");
    assertThat(data.get("exchange_connected").asBoolean()).isTrue();
    assertThat(data.get("timestamp").asLong()).isEqualTo(NOW);
    assertThat(data.get("server_running").asBoolean()).isTrue();
    assertThat(data.get("logged_in").asBoolean()).isTrue();
    assertThat(data.get("breaker_state").asText()).isEqualTo("CLOSED");
    assertThat(data.get("uptime_seconds").asLong()).isEqualTo(42);
  }

  @Test
  void shouldReportUnhealthyWhenTheBrokerIsNotUsable() throws Exception {
    checkHealth.answer = () -> new HealthReport(false, true, false, "OPEN", 5);

    JsonNode data = ask("{\"operation\": \"health_check\"}").get("data");

    assertThat(data.get("status").asText()).isEqualTo("unhealthy");
    assertThat(data.get("logged_in").asBoolean()).isFalse();
    assertThat(data.get("breaker_state").asText()).isEqualTo("OPEN");
  }

  @Test
  void shouldPlaceAnOrderFromTheTenFieldsAndIgnoreUnknownOnes() throws Exception {
    JsonNode reply = ask(ORDER);

    assertThat(reply.get("success").asBoolean()).isTrue();
    JsonNode data = reply.get("data");
    assertThat(data.get("is_send_order").asBoolean()).isTrue();
    assertThat(data.get("note").asText()).isEqualTo("from test");
    assertThat(data.get("order_serial").asText()).isEqualTo("S1");
    assertThat(data.get("error_code").asText()).isEmpty();
    assertThat(data.get("error_message").asText()).isEmpty();
    assertThat(data.get("client_order_id").asText()).isEqualTo("7-entry");
    assertThat(data.get("status").asText()).isEqualTo("filled");
    assertThat(data.get("filled_quantity").asInt()).isEqualTo(2);

    PlaceOrderCommand command = placeOrder.commands.get(0);
    assertThat(command.originNanos()).isEqualTo(123456789L);
    assertThat(command.closesClientOrderId()).isNull();
    assertThat(command.request())
        .isEqualTo(
            new OrderRequest(
                "F0001",
                "TXFF6",
                Side.BUY,
                OrderType.LIMIT,
                Price.parse("22000.5"),
                2,
                OpenClose.AUTO,
                "from test",
                DayTrade.NO,
                TimeInForce.ROD,
                "7-entry"));
  }

  @Test
  void shouldPassTheEntryAnExitClosesToTheOrderService() throws Exception {
    JsonNode reply =
        ask(
            ORDER.replace(
                "\"origin_nanos\"",
                "\"closes_client_order_id\": \"7-entry-of-this-exit\", \"origin_nanos\""));

    assertThat(reply.get("success").asBoolean()).isTrue();
    assertThat(placeOrder.commands.get(0).closesClientOrderId()).isEqualTo("7-entry-of-this-exit");
  }

  @Test
  void shouldRefuseAClosesClientOrderIdThatIsNotAShortString() throws Exception {
    JsonNode reply =
        ask(ORDER.replace("\"origin_nanos\"", "\"closes_client_order_id\": 42, \"origin_nanos\""));

    assertThat(reply.get("success").asBoolean()).isFalse();
    assertThat(reply.get("error_code").asText()).isEqualTo("INVALID_ORDER");
    assertThat(reply.get("error_message").asText()).contains("closes_client_order_id");
    assertThat(placeOrder.commands).isEmpty();
  }

  @Test
  void shouldAnswerABrokerRefusalAsSuccessWithIsSendOrderFalse() throws Exception {
    placeOrder.refusal = OrderResult.rejected("from test", "BROKER_REJECTED", "margin", "7-entry");

    JsonNode reply = ask(ORDER);

    assertThat(reply.get("success").asBoolean()).isTrue();
    assertThat(reply.get("data").get("is_send_order").asBoolean()).isFalse();
    assertThat(reply.get("data").get("error_code").asText()).isEqualTo("BROKER_REJECTED");
    assertThat(reply.get("data").get("status").asText()).isEqualTo("rejected");
  }

  @Test
  void shouldAnswerPositionsWithExactNumbers() throws Exception {
    getPositions.positions =
        List.of(
            new Position(
                "F0001",
                "TXFF6",
                -3,
                Price.parse("22000.5"),
                Price.parse("21990"),
                Price.parse("12.25"),
                Price.parse("31.5"),
                200));

    String raw =
        askRaw("{\"operation\": \"get_positions\", \"parameters\": {\"account\": \"F0001\"}}");
    JsonNode position = json.readTree(raw).get("data").get("positions").get(0);

    assertThat(getPositions.lastAccount).isEqualTo("F0001");
    assertThat(raw)
        .contains("\"average_price\":22000.5", "\"unrealized_pnl\":6300", "\"last_price\":21990");
    assertThat(position.get("account").asText()).isEqualTo("F0001");
    assertThat(position.get("item_code").asText()).isEqualTo("TXFF6");
    assertThat(position.get("quantity").asInt()).isEqualTo(-3);
    assertThat(position.get("realized_pnl").decimalValue()).isEqualByComparingTo("2450");
    assertThat(position.get("point_value").asLong()).isEqualTo(200);
  }

  @Test
  void shouldAnswerAnEmptyPositionList() throws Exception {
    JsonNode data =
        ask("{\"operation\": \"get_positions\", \"parameters\": {\"account\": \"F0001\"}}")
            .get("data");
    assertThat(data.get("positions").isArray()).isTrue();
    assertThat(data.get("positions")).isEmpty();
  }

  static Stream<Arguments> refusedRequests() {
    byte[] deep =
        ("{\"operation\": \"health_check\", \"parameters\": "
                + "[".repeat(100)
                + "]".repeat(100)
                + "}")
            .getBytes(UTF_8);
    byte[] megabyte = new byte[1024 * 1024];
    Arrays.fill(megabyte, (byte) ' ');
    megabyte[0] = '{';
    megabyte[megabyte.length - 1] = '}';
    return Stream.of(
        refused("not JSON", "hello", "INVALID_JSON", "not valid JSON"),
        refused("a JSON array", "[1, 2]", "INVALID_JSON", "must be a JSON object"),
        refused("JSON null", "null", "INVALID_JSON", "must be a JSON object"),
        refused(
            "trailing garbage",
            "{\"operation\": \"health_check\"} x",
            "INVALID_JSON",
            "not valid JSON"),
        refused(
            "duplicate keys",
            "{\"operation\": \"health_check\", \"operation\": \"send_order\"}",
            "INVALID_JSON",
            "Duplicate"),
        Arguments.of(
            "invalid UTF-8",
            new byte[][] {{'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'}},
            "INVALID_JSON",
            "UTF-8"),
        Arguments.of("deep nesting", new byte[][] {deep}, "INVALID_JSON", "nesting depth"),
        Arguments.of("a 1 MB frame", new byte[][] {megabyte}, "REQUEST_TOO_LARGE", "1048576 bytes"),
        Arguments.of("an empty frame", new byte[][] {new byte[0]}, "INVALID_FRAMES", "empty"),
        Arguments.of(
            "two frames",
            new byte[][] {"{\"operation\":".getBytes(UTF_8), "\"health_check\"}".getBytes(UTF_8)},
            "INVALID_FRAMES",
            "2 frames"),
        refused(
            "no operation",
            "{\"parameters\": {}}",
            "UNKNOWN_OPERATION",
            "operation must be a string"),
        refused("a number operation", "{\"operation\": 3}", "UNKNOWN_OPERATION", "was 3"),
        refused(
            "an unknown operation",
            "{\"operation\": \"cancel_order\"}",
            "UNKNOWN_OPERATION",
            "\"cancel_order\""),
        refused(
            "positions without parameters",
            "{\"operation\": \"get_positions\"}",
            "MISSING_ACCOUNT",
            "account"),
        refused(
            "positions with blank account",
            "{\"operation\": \"get_positions\", \"parameters\": {\"account\": \" \"}}",
            "MISSING_ACCOUNT",
            "account"),
        refused(
            "positions with numeric account",
            "{\"operation\": \"get_positions\", \"parameters\": {\"account\": 7}}",
            "MISSING_ACCOUNT",
            "was 7"),
        refused(
            "order without parameters",
            "{\"operation\": \"send_order\"}",
            "INVALID_ORDER",
            "parameters must be an object"),
        refused(
            "order with array parameters",
            "{\"operation\": \"send_order\", \"parameters\": []}",
            "INVALID_ORDER",
            "an array"),
        refused(
            "order with no fields",
            "{\"operation\": \"send_order\", \"parameters\": {}}",
            "INVALID_ORDER",
            "missing fields: order_account, item_code, side, order_type, price, quantity, open_close, note, day_trade, time_in_force"),
        refused(
            "order with a missing and a null field",
            order("\"note\": \"from test\", ", "").replace("\"price\": 22000.5", "\"price\": null"),
            "INVALID_ORDER",
            "missing fields: price, note"),
        refused(
            "order with wrong types",
            order("\"side\": \"buy\"", "\"side\": 1")
                .replace("\"quantity\": 2", "\"quantity\": \"2\"")
                .replace("\"price\": 22000.5", "\"price\": \"22000\""),
            "INVALID_ORDER",
            "side must be a string but was 1; price must be a number but was \"22000\"; quantity must be an integer but was \"2\""),
        refused(
            "order with a bad side",
            order("\"side\": \"buy\"", "\"side\": \"hold\""),
            "INVALID_ORDER",
            "side must be one of \"buy\", \"sell\" but was \"hold\""),
        refused(
            "order with a bad order type and time in force",
            order("\"order_type\": \"Limit\"", "\"order_type\": \"limit\"")
                .replace("\"ROD\"", "\"GTC\""),
            "INVALID_ORDER",
            "order_type must be one of \"Limit\", \"Market\", \"MarketPrice\""),
        refused(
            "order with a bad open/close",
            order("\"open_close\": \"AUTO\"", "\"open_close\": \"auto\""),
            "INVALID_ORDER",
            "open_close must be one of \"Y\", \"N\", \"AUTO\""),
        refused(
            "order with a bad day trade",
            order("\"day_trade\": \"N\"", "\"day_trade\": false"),
            "INVALID_ORDER",
            "day_trade must be a string but was false"),
        refused(
            "order with a fractional quantity",
            order("\"quantity\": 2", "\"quantity\": 1.5"),
            "INVALID_ORDER",
            "quantity must be an integer but was 1.5"),
        refused(
            "order with zero quantity",
            order("\"quantity\": 2", "\"quantity\": 0"),
            "INVALID_ORDER",
            "quantity must be > 0 but was 0"),
        refused(
            "order with negative quantity",
            order("\"quantity\": 2", "\"quantity\": -1"),
            "INVALID_ORDER",
            "quantity must be > 0 but was -1"),
        refused(
            "order with a huge quantity",
            order("\"quantity\": 2", "\"quantity\": 99999999999999999999"),
            "INVALID_ORDER",
            "quantity is out of range"),
        refused(
            "order with NaN price",
            order("\"price\": 22000.5", "\"price\": NaN"),
            "INVALID_ORDER",
            "price must be a finite number but was NaN"),
        refused(
            "order with Infinity price",
            order("\"price\": 22000.5", "\"price\": Infinity"),
            "INVALID_ORDER",
            "price must be a finite number"),
        refused(
            "order with -Infinity price",
            order("\"price\": 22000.5", "\"price\": -Infinity"),
            "INVALID_ORDER",
            "price must be a finite number"),
        refused(
            "order with a huge price",
            order("\"price\": 22000.5", "\"price\": 1e400"),
            "INVALID_ORDER",
            "price is out of range"),
        refused(
            "order with an enormous exponent",
            order("\"price\": 22000.5", "\"price\": 1e999999999"),
            "INVALID_ORDER",
            "price is out of range"),
        refused(
            "order with a negative price",
            order("\"price\": 22000.5", "\"price\": -5"),
            "INVALID_ORDER",
            "price must be >= 0"),
        refused(
            "order with too many decimals",
            order("\"price\": 22000.5", "\"price\": 0.30000000000000004"),
            "INVALID_ORDER",
            "at most 4 decimal places"),
        refused(
            "limit order at price 0",
            order("\"price\": 22000.5", "\"price\": 0"),
            "INVALID_ORDER",
            "price must be > 0 for a Limit order"),
        refused(
            "order with a blank account",
            order("\"order_account\": \"F0001\"", "\"order_account\": \"  \""),
            "INVALID_ORDER",
            "order_account must not be blank"),
        refused(
            "order with a long note",
            order("\"note\": \"from test\"", "\"note\": \"" + "n".repeat(200) + "\""),
            "INVALID_ORDER",
            "note must be at most 128 characters"),
        refused(
            "order with a numeric client order id",
            order("\"client_order_id\": \"7-entry\"", "\"client_order_id\": 7"),
            "INVALID_ORDER",
            "client_order_id must be a string"),
        refused(
            "order with a fractional origin",
            order("\"origin_nanos\": 123456789", "\"origin_nanos\": 1.5"),
            "INVALID_ORDER",
            "origin_nanos must be a 64-bit integer"),
        refused(
            "order states without parameters",
            "{\"operation\": \"get_order_states\"}",
            "INVALID_ORDER",
            "invalid get_order_states parameters: parameters must be an object but was missing"),
        refused(
            "order states without ids",
            "{\"operation\": \"get_order_states\", \"parameters\": {\"ids\": []}}",
            "INVALID_ORDER",
            "client_order_ids is missing"),
        refused(
            "order states with one id that is not a list",
            "{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\": \"7\"}}",
            "INVALID_ORDER",
            "client_order_ids must be a list of strings but was \"7\""),
        refused(
            "order states with ids that are not strings",
            "{\"operation\": \"get_order_states\", "
                + "\"parameters\": {\"client_order_ids\": [\"a\", 7, null, {}]}}",
            "INVALID_ORDER",
            "client_order_ids[1] must be a string of 1 to 128 characters but was 7; "
                + "client_order_ids[2] must be a string of 1 to 128 characters but was null; "
                + "client_order_ids[3]"),
        refused(
            "order states with a blank id",
            "{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\": [\" \"]}}",
            "INVALID_ORDER",
            "client_order_ids[0] must be a string"),
        refused(
            "order states with too many ids",
            "{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\": ["
                + String.join(
                    ",",
                    IntStream.rangeClosed(0, GetOrderStatesUseCase.MAX_IDS)
                        .mapToObj(i -> "\"o" + i + "\"")
                        .toList())
                + "]}}",
            "INVALID_ORDER",
            "client_order_ids has 1001 ids, at most 1000 are allowed"),
        refused(
            "condition change without parameters",
            "{\"operation\": \"condition_changed\", \"parameters\": null}",
            "INVALID_ORDER",
            "invalid condition_changed parameters: parameters must be an object"),
        refused(
            "condition change without fields",
            "{\"operation\": \"condition_changed\", \"parameters\": {}}",
            "INVALID_ORDER",
            "change is missing; condition_id is missing"),
        refused(
            "condition change of an unknown kind",
            condition("\"modified\"", "7"),
            "INVALID_ORDER",
            "change must be \"added\" or \"deleted\" but was \"modified\""),
        refused(
            "a client claiming lots were closed",
            condition("\"closed\"", "7"),
            "INVALID_ORDER",
            "change must be \"added\" or \"deleted\" but was \"closed\""),
        refused(
            "condition change that is not a string",
            condition("1", "7"),
            "INVALID_ORDER",
            "change must be a string but was 1"),
        refused(
            "condition change of condition 0",
            condition("\"added\"", "0"),
            "INVALID_ORDER",
            "condition_id must be > 0 but was 0"),
        refused(
            "condition change of a negative condition",
            condition("\"deleted\"", "-3"),
            "INVALID_ORDER",
            "condition_id must be > 0 but was -3"),
        refused(
            "condition change of a fractional condition",
            condition("\"added\"", "1.5"),
            "INVALID_ORDER",
            "condition_id must be a 64-bit integer but was 1.5"),
        refused(
            "condition change of a text condition",
            condition("\"added\"", "\"7\""),
            "INVALID_ORDER",
            "condition_id must be a 64-bit integer but was \"7\""),
        refused(
            "strategy ack without a command id",
            "{\"operation\": \"strategy_ack\", \"parameters\": {}}",
            "INVALID_ORDER",
            "invalid strategy_ack parameters: command_id is missing"),
        refused(
            "strategy ack with a text command id",
            "{\"operation\": \"strategy_ack\", \"parameters\": {\"command_id\": \"x\"}}",
            "INVALID_ORDER",
            "command_id must be a 64-bit integer but was \"x\""),
        refused(
            "strategy ack with a huge command id",
            "{\"operation\": \"strategy_ack\", "
                + "\"parameters\": {\"command_id\": 99999999999999999999}}",
            "INVALID_ORDER",
            "command_id must be a 64-bit integer"),
        refused(
            "command status of command 0",
            "{\"operation\": \"command_status\", \"parameters\": {\"command_id\": 0}}",
            "INVALID_ORDER",
            "invalid command_status parameters: command_id must be > 0 but was 0"),
        refused(
            "command status without parameters",
            "{\"operation\": \"command_status\"}",
            "INVALID_ORDER",
            "parameters must be an object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void shouldAnswerBadInputWithAnErrorAndKeepServing(
      String name, byte[][] frames, String code, String fragment) throws Exception {
    JsonNode reply = json.readTree(exchange(frames));

    assertThat(reply.get("success").asBoolean()).isFalse();
    assertThat(reply.get("error_code").asText()).isEqualTo(code);
    assertThat(reply.get("error_message").asText()).contains(fragment);
    assertThat(placeOrder.commands).isEmpty();
    assertThat(getOrderStates.queries).isEmpty();
    assertThat(relay.relayed).isEmpty();
    assertThat(relay.acknowledged).isEmpty();
    assertStillServing();
  }

  @Test
  void shouldNameEveryBadFieldAtOnce() throws Exception {
    String body =
        order("\"side\": \"buy\"", "\"side\": \"hold\"")
            .replace("\"quantity\": 2", "\"quantity\": 0")
            .replace("\"note\": \"from test\", ", "");

    String message = ask(body).get("error_message").asText();

    assertThat(message)
        .contains("missing fields: note", "side must be one of", "quantity must be > 0");
  }

  @Test
  void shouldAnswerOrderExecutionErrorWhenPlacingFails() throws Exception {
    placeOrder.failure = new IllegalStateException("broker connection lost");

    JsonNode reply = ask(ORDER);

    assertThat(reply.get("error_code").asText()).isEqualTo("ORDER_EXECUTION_ERROR");
    assertThat(reply.get("error_message").asText()).contains("broker connection lost");
    assertStillServing();
  }

  @Test
  void shouldAnswerPositionQueryErrorWhenTheQueryFails() throws Exception {
    getPositions.failure = new IllegalStateException("no answer from broker");

    JsonNode reply =
        ask("{\"operation\": \"get_positions\", \"parameters\": {\"account\": \"F0001\"}}");

    assertThat(reply.get("error_code").asText()).isEqualTo("POSITION_QUERY_ERROR");
    assertStillServing();
  }

  @Test
  void shouldAnswerHealthCheckErrorWhenTheCheckFails() throws Exception {
    checkHealth.answer =
        () -> {
          throw new IllegalStateException("exchange API crashed");
        };

    JsonNode reply = ask("{\"operation\": \"health_check\"}");

    assertThat(reply.get("error_code").asText()).isEqualTo("HEALTH_CHECK_ERROR");
    assertThat(reply.get("error_message").asText()).contains("exchange API crashed");
  }

  @Test
  void shouldAnswerProcessingErrorWhenAUseCaseGivesNothing() throws Exception {
    checkHealth.answer = () -> null;

    JsonNode reply = ask("{\"operation\": \"health_check\"}");

    assertThat(reply.get("error_code").asText()).isEqualTo("PROCESSING_ERROR");
  }

  @Test
  void shouldAnswerInternalErrorOnADefectAndKeepServing() throws Exception {
    checkHealth.answer =
        () -> {
          throw new AssertionError("a bug");
        };

    JsonNode reply = ask("{\"operation\": \"health_check\"}");

    assertThat(reply.get("error_code").asText()).isEqualTo("INTERNAL_ERROR");
    checkHealth.answer = () -> FakeCheckHealth.HEALTHY;
    assertStillServing();
  }

  @Test
  void shouldCarryTheOrderStateWireValueInSendOrdersStatus() throws Exception {
    placeOrder.refusal =
        OrderResult.accepted("from test", "S9", "7-entry", OrderState.SUBMITTED, 0);

    JsonNode data = ask(ORDER).get("data");

    assertThat(data.get("status").asText()).isEqualTo("submitted");
    assertThat(data.get("is_send_order").asBoolean()).isTrue();
    assertThat(data.get("order_serial").asText()).isEqualTo("S9");
    assertThat(data.get("filled_quantity").asInt()).isZero();
  }

  @Test
  void shouldAnswerOrderStatesOfKnownOrdersWithExactDecimals() throws Exception {
    getOrderStates.know(
        new OrderUpdate(
            "7-entry", OrderState.PARTIALLY_FILLED, 3, 2, 440_010_000L, "", "part filled"),
        new OrderUpdate("7-exit", OrderState.REJECTED, 2, 0, 0, "RISK_LIMIT", "too many lots"));

    String raw =
        askRaw(
            "{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\":"
                + " [\"7-entry\", \"never-seen\", \"7-exit\"], \"newer_field\": 1}}");
    JsonNode reply = json.readTree(raw);

    assertThat(reply.get("success").asBoolean()).isTrue();
    assertThat(getOrderStates.queries).containsExactly(List.of("7-entry", "never-seen", "7-exit"));
    JsonNode orders = reply.get("data").get("orders");
    assertThat(orders).hasSize(2);
    JsonNode entry = orders.get(0);
    assertThat(entry.get("client_order_id").asText()).isEqualTo("7-entry");
    assertThat(entry.get("state").asText()).isEqualTo("partially_filled");
    assertThat(entry.get("quantity").asInt()).isEqualTo(3);
    assertThat(entry.get("filled_quantity").asInt()).isEqualTo(2);
    assertThat(entry.get("error_code").asText()).isEmpty();
    assertThat(entry.get("reason").asText()).isEqualTo("part filled");
    assertThat(raw).contains("\"filled_cost\":44001,", "\"average_fill_price\":22000.5,");
    JsonNode exit = orders.get(1);
    assertThat(exit.get("state").asText()).isEqualTo("rejected");
    assertThat(exit.get("error_code").asText()).isEqualTo("RISK_LIMIT");
    assertThat(exit.get("filled_cost").decimalValue()).isZero();
    assertThat(exit.get("average_fill_price").decimalValue()).isZero();
  }

  @Test
  void shouldWriteAFilledCostBeyondThePriceRangeExactly() throws Exception {
    long cost = 3 * Price.MAX_UNITS + 1;
    getOrderStates.know(new OrderUpdate("big", OrderState.FILLED, 3, 3, cost, "", ""));

    String raw =
        askRaw(
            "{\"operation\": \"get_order_states\","
                + " \"parameters\": {\"client_order_ids\": [\"big\"]}}");

    assertThat(raw).contains("\"filled_cost\":300000000000.0001");
  }

  @Test
  void shouldAnswerAnEmptyOrderStateQueryWithAnEmptyList() throws Exception {
    JsonNode data =
        ask("{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\": []}}")
            .get("data");

    assertThat(data.get("orders").isArray()).isTrue();
    assertThat(data.get("orders")).isEmpty();
  }

  @Test
  void shouldAcceptExactlyTheMaximumNumberOfIds() throws Exception {
    List<String> ids =
        IntStream.range(0, GetOrderStatesUseCase.MAX_IDS).mapToObj(i -> "o" + i).toList();
    String body =
        json.writeValueAsString(
            java.util.Map.of(
                "operation",
                "get_order_states",
                "parameters",
                java.util.Map.of("client_order_ids", ids)));

    assertThat(ask(body).get("success").asBoolean()).isTrue();
    assertThat(getOrderStates.queries).containsExactly(ids);
  }

  @Test
  void shouldRelayAConditionChangeAndAnswerItsCommandId() throws Exception {
    JsonNode added =
        ask(
            "{\"operation\": \"condition_changed\", \"parameters\": {\"change\": \"added\","
                + " \"condition_id\": 42, \"operator\": \"cli\"}}");
    JsonNode deleted = ask(condition("\"deleted\"", "9007199254740993"));

    assertThat(added.get("success").asBoolean()).isTrue();
    assertThat(added.get("data").get("command_id").asLong()).isEqualTo(1);
    assertThat(deleted.get("data").get("command_id").asLong()).isEqualTo(2);
    assertThat(relay.relayed)
        .containsExactly(
            new ConditionCommand(1, ConditionCommand.Change.ADDED, 42),
            new ConditionCommand(2, ConditionCommand.Change.DELETED, 9007199254740993L));
  }

  @Test
  void shouldRecordAStrategyAckAndReportTheCommandStatus() throws Exception {
    long commandId = ask(condition("\"added\"", "7")).get("data").get("command_id").asLong();
    String status =
        "{\"operation\": \"command_status\", \"parameters\": {\"command_id\": " + commandId + "}}";

    JsonNode before = ask(status);
    JsonNode ack =
        ask(
            "{\"operation\": \"strategy_ack\", \"parameters\": {\"command_id\": "
                + commandId
                + "}}");
    JsonNode after = ask(status);

    assertThat(before.get("success").asBoolean()).isTrue();
    assertThat(before.get("data").get("acknowledged").asBoolean()).isFalse();
    assertThat(ack.get("success").asBoolean()).isTrue();
    assertThat(ack.get("data").get("acknowledged").asBoolean()).isTrue();
    assertThat(relay.acknowledged).containsExactly(commandId);
    assertThat(after.get("data").get("acknowledged").asBoolean()).isTrue();
  }

  static Stream<Arguments> closedLoopRequests() {
    return Stream.of(
        Arguments.of(
            "{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\": [\"a\"]}}",
            "order state query failed"),
        Arguments.of(condition("\"added\"", "7"), "relaying the condition change failed"),
        Arguments.of(
            "{\"operation\": \"strategy_ack\", \"parameters\": {\"command_id\": 3}}",
            "acknowledging command 3 failed"),
        Arguments.of(
            "{\"operation\": \"command_status\", \"parameters\": {\"command_id\": 3}}",
            "status query of command 3 failed"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("closedLoopRequests")
  void shouldAnswerProcessingErrorWhenAClosedLoopUseCaseFailsAndKeepServing(
      String body, String fragment) throws Exception {
    getOrderStates.failure = new IllegalStateException("store closed");
    relay.failure = new IllegalStateException("store closed");

    JsonNode reply = ask(body);

    assertThat(reply.get("success").asBoolean()).isFalse();
    assertThat(reply.get("error_code").asText()).isEqualTo("PROCESSING_ERROR");
    assertThat(reply.get("error_message").asText()).contains(fragment, "store closed");
    assertStillServing();
  }

  @Test
  void shouldAnswerProcessingErrorWhenTheOrderStateQueryGivesNothing() throws Exception {
    GetOrderStatesUseCase nothing = ids -> null;
    server.close();
    server =
        new ZmqOrderGatewayServer(
            context, "tcp://127.0.0.1:0", placeOrder, getPositions, checkHealth, nothing, relay);
    server.start();

    JsonNode reply =
        ask("{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\": []}}");

    assertThat(reply.get("error_code").asText()).isEqualTo("PROCESSING_ERROR");
  }

  @Test
  void shouldNameTheNewOperationsWhenTheOperationIsUnknown() throws Exception {
    String message = ask("{\"operation\": \"cancel_order\"}").get("error_message").asText();

    assertThat(message)
        .contains("get_order_states", "condition_changed", "strategy_ack", "command_status");
  }

  @Test
  void shouldAnswerADealerClientWithoutDelimiter() throws Exception {
    try (ZMQ.Socket dealer = context.createSocket(SocketType.DEALER)) {
      dealer.setReceiveTimeOut(5_000);
      dealer.connect(server.endpoint());
      dealer.send("{\"operation\": \"health_check\"}");
      JsonNode reply = json.readTree(dealer.recv());
      assertThat(reply.get("data").get("status").asText()).isEqualTo("healthy");
    }
  }

  @Test
  void shouldStopServingOnClose() {
    server.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> !server.isRunning());
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .doesNotContain("order-gateway");
  }

  private void assertStillServing() throws Exception {
    JsonNode reply = ask("{\"operation\": \"health_check\"}");
    assertThat(reply.get("success").asBoolean()).isTrue();
    assertThat(reply.get("data").get("status").asText()).isEqualTo("healthy");
  }

  private static Arguments refused(String name, String body, String code, String fragment) {
    return Arguments.of(name, new byte[][] {body.getBytes(UTF_8)}, code, fragment);
  }

  private static String condition(String change, String conditionId) {
    return "{\"operation\": \"condition_changed\", \"parameters\": {\"change\": "
        + change
        + ", \"condition_id\": "
        + conditionId
        + "}}";
  }

  private static String order(String field, String replacement) {
    if (!ORDER.contains(field)) {
      throw new IllegalArgumentException("test order has no " + field);
    }
    return ORDER.replace(field, replacement);
  }

  private JsonNode ask(String body) throws Exception {
    return json.readTree(askRaw(body));
  }

  private String askRaw(String body) {
    return new String(exchange(new byte[][] {body.getBytes(UTF_8)}), UTF_8);
  }

  /** One REQ round trip, the way the Python client does it; fails rather than hangs. */
  private byte[] exchange(byte[][] frames) {
    try (ZMQ.Socket req = context.createSocket(SocketType.REQ)) {
      req.setReceiveTimeOut(5_000);
      req.connect(server.endpoint());
      for (int i = 0; i < frames.length - 1; i++) {
        req.sendMore(frames[i]);
      }
      req.send(frames[frames.length - 1]);
      byte[] reply = req.recv();
      assertThat(reply).as("reply within 5 s").isNotNull();
      return reply;
    }
  }
}
