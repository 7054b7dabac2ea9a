package org.aftm.adapter.zmq.in;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeControlTrading;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeReconcile;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.gateway.TestOrderIds;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may use which client order ids and which operations (issue #13). */
class GatewayOrderIdsAndPermissionsTest {

  private static final LinkPeer EXECUTOR =
      new LinkPeer("order-executor", "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID", true);
  private static final LinkPeer EXTERNAL =
      new LinkPeer("python-bot", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", false);

  private final ObjectMapper json = new ObjectMapper();
  private final FakePlaceOrder placeOrder = new FakePlaceOrder();
  private final FakeRelayConditionChange relay = new FakeRelayConditionChange();
  private final FakeControlTrading control = new FakeControlTrading();
  private final FakeReconcile reconcile = new FakeReconcile();
  private final List<ErrorCode> refusals = new ArrayList<>();
  private final OrderIdProof signer = TestOrderIds.proof();
  private final GatewayRequestHandler handler =
      new GatewayRequestHandler(
          placeOrder,
          new FakeGetPositions(),
          new FakeCheckHealth(),
          new FakeGetOrderStates(),
          relay,
          control,
          reconcile,
          InstantSource.system(),
          64 * 1024);

  GatewayOrderIdsAndPermissionsTest() {
    handler.checkOrderIdsWith(TestOrderIds.proof());
  }

  private static String order(String clientOrderId, String proofField) {
    return "{\"operation\": \"send_order\", \"parameters\": {\"order_account\": \"F0001\","
        + " \"item_code\": \"TXFF6\", \"side\": \"sell\", \"order_type\": \"Market\", \"price\": 0,"
        + " \"quantity\": 1, \"open_close\": \"N\", \"note\": \"n\", \"day_trade\": \"N\","
        + " \"time_in_force\": \"IOC\", \"client_order_id\": \""
        + clientOrderId
        + "\""
        + proofField
        + "}}";
  }

  private String proven(String clientOrderId) {
    return order(
        clientOrderId, ", \"client_order_proof\": \"" + signer.proofOf(clientOrderId) + "\"");
  }

  private JsonNode ask(String request, LinkPeer peer) throws IOException {
    return json.readTree(
        handler.handle(request.getBytes(UTF_8), peer, (code, message) -> refusals.add(code)));
  }

  static Stream<String> unprovenProofFields() {
    return Stream.of(
        "",
        ", \"client_order_proof\": null",
        ", \"client_order_proof\": 12",
        ", \"client_order_proof\": \"a28a117641b1aa9b1721e2116d937ce6\"", // aftm-1-exit's
        ", \"client_order_proof\": \"not hex at all, but 32 chars ok\"",
        ", \"client_order_proof\": \"a28a\"");
  }

  @ParameterizedTest
  @MethodSource("unprovenProofFields")
  void anAftmIdWithoutItsProofIsRefusedNamingTheFieldAndLeavesNothingBehind(String proofField)
      throws IOException {
    JsonNode reply = ask(order("aftm-3-exit", proofField), EXECUTOR);

    assertThat(reply.get("success").asBoolean()).isFalse();
    assertThat(reply.get("error_code").asText()).isEqualTo("RESERVED_ORDER_ID");
    assertThat(reply.get("error_message").asText())
        .contains("client_order_id \"aftm-3-exit\"")
        .contains("client_order_proof");
    assertThat(placeOrder.commands)
        .as("nothing reached the use case (audit, idempotency)")
        .isEmpty();
    assertThat(refusals).containsExactly(ErrorCode.RESERVED_ORDER_ID);

    JsonNode real = ask(proven("aftm-3-exit"), EXECUTOR);

    assertThat(real.get("success").asBoolean()).isTrue();
    assertThat(real.at("/data/is_send_order").asBoolean())
        .as("the owner's order is placed, not answered as a duplicate")
        .isTrue();
    assertThat(placeOrder.placed).hasValue(1);
  }

  @Test
  void aProvenOrderCarriesItsSenderAsTheLinkAuthenticatedIt() throws IOException {
    assertThat(ask(proven("aftm-1-entry"), EXECUTOR).get("success").asBoolean()).isTrue();
    assertThat(ask(order("bot-7", ""), EXTERNAL).get("success").asBoolean()).isTrue();
    assertThat(ask(order("py-1", ""), LinkPeer.UNAUTHENTICATED).get("success").asBoolean())
        .isTrue();

    assertThat(placeOrder.commands)
        .extracting(c -> c.sender())
        .containsExactly(
            new OrderSender("order-executor", EXECUTOR.publicKey()),
            new OrderSender("python-bot", EXTERNAL.publicKey()),
            new OrderSender("unauthenticated", ""));
  }

  @Test
  void aProofGivenWithAnIdOutsideTheNamespaceIsIgnored() throws IOException {
    JsonNode reply = ask(order("bot-7", ", \"client_order_proof\": \"zz\""), EXTERNAL);

    assertThat(reply.get("success").asBoolean()).isTrue();
    assertThat(placeOrder.placed).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"flatten-lx2b3k9-TXFF6", "gw-lx2b3k9-1"})
  void idsMadeInsideTheMainProcessAreRefusedOnTheWireEvenToAnInternalPeer(String id)
      throws IOException {
    JsonNode reply =
        ask(order(id, ", \"client_order_proof\": \"" + signer.proofOf(id) + "\""), EXECUTOR);

    assertThat(reply.get("error_code").asText()).isEqualTo("RESERVED_ORDER_ID");
    assertThat(reply.get("error_message").asText()).contains("client_order_id \"" + id + "\"");
    assertThat(placeOrder.commands).isEmpty();
  }

  @Test
  void onlyAProvenAftmOrderMayCloseAnAftmEntry() throws IOException {
    JsonNode foreign =
        ask(order("bot-7", ", \"closes_client_order_id\": \"aftm-1-entry\""), EXTERNAL);

    assertThat(foreign.get("error_code").asText()).isEqualTo("RESERVED_ORDER_ID");
    assertThat(foreign.get("error_message").asText())
        .contains("closes_client_order_id \"aftm-1-entry\"");
    assertThat(placeOrder.commands).isEmpty();

    String ownExit =
        order(
            "aftm-1-exit",
            ", \"closes_client_order_id\": \"aftm-1-entry\", \"client_order_proof\": \""
                + signer.proofOf("aftm-1-exit")
                + "\"");
    assertThat(ask(ownExit, EXECUTOR).get("success").asBoolean()).isTrue();
    assertThat(
            ask(order("bot-8", ", \"closes_client_order_id\": \"bot-7\""), EXTERNAL)
                .get("success")
                .asBoolean())
        .as("a client links its own orders freely")
        .isTrue();
    assertThat(placeOrder.commands)
        .extracting(c -> c.closesClientOrderId())
        .containsExactly("aftm-1-entry", "bot-7");
  }

  @Test
  void aServerWithoutAProofCheckerRefusesEveryAftmId() throws IOException {
    GatewayRequestHandler unconfigured =
        new GatewayRequestHandler(
            placeOrder,
            new FakeGetPositions(),
            new FakeCheckHealth(),
            new FakeGetOrderStates(),
            relay,
            null,
            null,
            InstantSource.system(),
            64 * 1024);

    JsonNode reply =
        json.readTree(
            unconfigured.handle(
                proven("aftm-1-entry").getBytes(UTF_8), EXECUTOR, (code, message) -> {}));

    assertThat(reply.get("error_code").asText()).isEqualTo("RESERVED_ORDER_ID");
    assertThat(reply.get("error_message").asText()).contains("no order-id secret");
    assertThat(placeOrder.commands).isEmpty();
  }

  static Stream<String> internalRequests() {
    return Stream.of(
        "{\"operation\": \"strategy_ack\", \"parameters\": {\"command_id\": 1}}",
        "{\"operation\": \"condition_changed\", \"parameters\": {\"change\": \"added\","
            + " \"condition_id\": 3}}",
        "{\"operation\": \"command_status\", \"parameters\": {\"command_id\": 1}}",
        "{\"operation\": \"trading_status\"}",
        "{\"operation\": \"trading_halt\"}",
        "{\"operation\": \"trading_reduce\"}",
        "{\"operation\": \"trading_resume\"}",
        "{\"operation\": \"trading_flatten\"}",
        "{\"operation\": \"reconcile\", \"parameters\": {\"accept_broker\": true}}");
  }

  @ParameterizedTest
  @MethodSource("internalRequests")
  void anExternalKeyIsDeniedTheInternalOperations(String request) throws IOException {
    JsonNode reply = ask(request, EXTERNAL);

    assertThat(reply.get("success").asBoolean()).isFalse();
    assertThat(reply.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(reply.get("error_message").asText())
        .startsWith("permission denied: ")
        .contains("python-bot");
    assertThat(relay.relayed).isEmpty();
    assertThat(relay.acknowledged).isEmpty();
    assertThat(control.calls).isEmpty();
    assertThat(reconcile.notes).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("internalRequests")
  void anInternalKeyAndAnUnauthenticatedLinkMayUseTheInternalOperations(String request)
      throws IOException {
    if (request.contains("command_status")) {
      relay.relay(org.aftm.domain.condition.ConditionCommand.Change.ADDED, 3); // command 1 exists
    }
    assertThat(ask(request, EXECUTOR).get("success").asBoolean()).as("internal key").isTrue();
    assertThat(ask(request, LinkPeer.UNAUTHENTICATED).get("success").asBoolean())
        .as("no authentication: today's behaviour")
        .isTrue();
  }

  @Test
  void anExternalKeyKeepsThePythonProtocolAndTheOrderStates() throws IOException {
    for (String request :
        List.of(
            "{\"operation\": \"health_check\"}",
            "{\"operation\": \"get_positions\", \"parameters\": {\"account\": \"F0001\"}}",
            "{\"operation\": \"get_order_states\", \"parameters\": {\"client_order_ids\": [\"x\"]}}",
            order("bot-1", ""))) {
      assertThat(ask(request, EXTERNAL).get("success").asBoolean()).as(request).isTrue();
    }
  }
}
