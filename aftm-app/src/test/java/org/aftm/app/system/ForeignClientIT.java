package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.OwnerOnlyFiles;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A process on the same host that is not AFTM, against the real three processes: over CURVE (the
 * default) it gets no service without an allow-listed key; on plain links ({@code
 * AFTM_LINK_SECURITY=none}, for the Python system's clients) it may trade its own ids but cannot
 * squat AFTM's. The squat is the tester's attack of issue #13: refusals for {@code aftm-1-exit} ...
 * {@code aftm-3-exit} sent before those conditions existed used to block their real exits.
 */
@Timeout(180)
class ForeignClientIT {

  /** Requests a foreign client sends, each on a new socket, before no answer counts as none. */
  private static final int ATTEMPTS = 5;

  /** How long one attempt waits to send and then for its answer. */
  private static final int ATTEMPT_WAIT_MS = 1_000;

  private final ObjectMapper json = new ObjectMapper();
  private final ZContext context = new ZContext();
  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
    context.close();
  }

  @Test
  void overCurveOnlyAllowListedKeysAreServedAndAnOperatorAddedKeyGetsNoInternalOperations()
      throws Exception {
    // An operator-added client key, as the README says: <data>/keys/clients/<name>.pub.
    CurveKeyPair desk = CurveKeyPair.generate();
    Path clients = LinkKeyStore.directory(dataDir).resolve("clients");
    OwnerOnlyFiles.createDirectories(clients);
    Files.writeString(clients.resolve("desk.pub"), desk.publicKey() + "\n");
    system = new RunningSystem(dataDir);
    String health = "{\"operation\": \"health_check\", \"parameters\": {}}";

    assertThat(answer(LinkSecurity.NONE, health)).as("plain client").isEmpty();
    LinkSecurity unknownKey =
        LinkSecurity.client(CurveKeyPair.generate(), LinkKeyStore.read(dataDir).main().publicKey());
    assertThat(answer(unknownKey, health)).as("unknown key").isEmpty();

    system.tick(22000); // a market price, for the market orders below
    LinkSecurity operator = LinkKeyStore.operatorClient(dataDir, system.config.linkSecurity());
    try (ZmqOrderGatewayClient gateway = operatorClient(operator)) {
      OrderResult placed = gateway.sendOrder(buy("desk-1"), 0);
      assertThat(placed.sent()).as(placed.toString()).isTrue();
    }
    assertThat(recordedSenderOf("desk-1"))
        .contains("operator " + LinkKeyStore.read(dataDir).operator().publicKey());

    LinkSecurity deskEnd = LinkSecurity.client(desk, LinkKeyStore.read(dataDir).main().publicKey());
    try (ZmqOrderGatewayClient gateway = operatorClient(deskEnd)) {
      OrderResult placed = gateway.sendOrder(buy("desk-2"), 0);
      assertThat(placed.sent()).as(placed.toString()).isTrue();
    }
    assertThat(recordedSenderOf("desk-2")).contains("desk " + desk.publicKey());
    Optional<JsonNode> halt =
        answer(deskEnd, "{\"operation\": \"trading_halt\", \"parameters\": {\"reason\": \"x\"}}");
    assertThat(halt).isPresent();
    assertThat(halt.get().get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(system.main.tradingStatus().orElseThrow().state().name()).isEqualTo("ACTIVE");
    Optional<JsonNode> squat = answer(deskEnd, sendOrder("aftm-7-exit", "sell", "N"));
    assertThat(squat).isPresent();
    assertThat(squat.get().get("error_code").asText()).isEqualTo("RESERVED_ORDER_ID");
    assertThat(senderOf("aftm-7-exit")).isEmpty();
  }

  @Test
  void onPlainLinksAForeignClientCannotSquatTheIdsOfConditionsThatDoNotExistYet() throws Exception {
    system = new RunningSystem(dataDir, Map.of(ConfigKey.AFTM_LINK_SECURITY, "none"));
    for (int condition = 1; condition <= 3; condition++) {
      for (String leg : new String[] {"entry", "exit"}) {
        Optional<JsonNode> reply =
            answer(LinkSecurity.NONE, sendOrder("aftm-" + condition + "-" + leg, "sell", "N"));
        assertThat(reply).isPresent();
        assertThat(reply.get().get("error_code").asText()).isEqualTo("RESERVED_ORDER_ID");
      }
    }
    // Its own ids are its own: taken (the broker, with no price yet, rejects the order) and audited
    // as sent by an unauthenticated client.
    Optional<JsonNode> own = answer(LinkSecurity.NONE, sendOrder("py-1", "buy", "Y"));
    assertThat(own).isPresent();
    assertThat(own.get().get("success").asBoolean()).as(own.get().toString()).isTrue();
    assertThat(recordedSenderOf("py-1")).contains("unauthenticated ");
    assertThat(senderOf("aftm-1-exit")).as("no trace of the squatter").isEmpty();

    List<ConditionSnapshot> conditions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      conditions.add(system.register(RunningSystem.referenceBuy(1)));
    }
    ConditionSnapshot first = conditions.get(0);
    assertThat(conditions).extracting(ConditionSnapshot::id).containsExactly(1L, 2L, 3L);
    int fillsBefore = system.fills.size();
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    system.awaitFills(fillsBefore + 3);
    for (ConditionSnapshot condition : conditions) {
      system.awaitState(condition.id(), ConditionState.ENTERED);
    }
    system.tick(22050);
    system.tick(22100);
    system.awaitFills(fillsBefore + 6);
    for (ConditionSnapshot condition : conditions) {
      system.awaitState(condition.id(), ConditionState.EXITED);
    }
    // Every exit went through: nothing of the conditions stays open.
    assertThat(
            system.main.conditions().listConditions(true).stream()
                .mapToInt(c -> c.entryFilled() - c.exitFilled())
                .sum())
        .isZero();
    assertThat(recordedSenderOf("aftm-" + first.id() + "-exit")).contains("unauthenticated ");
  }

  private ZmqOrderGatewayClient operatorClient(LinkSecurity operator) {
    return new ZmqOrderGatewayClient(
            context, system.main.gatewayEndpoint(), java.time.Duration.ofSeconds(5), 0)
        .securedBy(operator)
        .proveFreshConnections();
  }

  private OrderRequest buy(String clientOrderId) {
    return new OrderRequest(
        system.main.orderAccount(),
        system.main.itemCode(),
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.AUTO,
        "desk",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }

  private String sendOrder(String clientOrderId, String side, String openClose) {
    return "{\"operation\": \"send_order\", \"parameters\": {\"order_account\": \""
        + system.main.orderAccount()
        + "\", \"item_code\": \""
        + system.main.itemCode()
        + "\", \"side\": \""
        + side
        + "\", \"order_type\": \"Market\", \"price\": 0, \"quantity\": 1, \"open_close\": \""
        + openClose
        + "\", \"note\": \"x\", \"day_trade\": \"N\", \"time_in_force\": \"IOC\","
        + " \"client_order_id\": \""
        + clientOrderId
        + "\", \"client_order_proof\": \"00000000000000000000000000000000\"}}";
  }

  /**
   * The gateway's answer to one request of a raw REQ client with {@code security}, or empty when
   * none came. A fresh connection's first message can be lost (docs/architecture.md §2.4), so a
   * request without an answer is sent again on a new socket, a few times, before the silence
   * counts; every request here is refused, or placed once by its id, so a repeat changes nothing.
   */
  private Optional<JsonNode> answer(LinkSecurity security, String request) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try (ZMQ.Socket socket = context.createSocket(SocketType.REQ)) {
        socket.setLinger(0);
        socket.setReceiveTimeOut(ATTEMPT_WAIT_MS);
        // A REQ whose handshake the server refuses has no peer to send to: its send would wait.
        socket.setSendTimeOut(ATTEMPT_WAIT_MS);
        security.apply(context, socket);
        socket.connect(system.main.gatewayEndpoint());
        if (socket.send(request)) {
          String reply = socket.recvStr();
          if (reply != null) {
            return Optional.of(json.readTree(reply));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** {@code "<sender_name> <sender_key>"} of the audit row of an order, or empty if none. */
  /**
   * {@link #senderOf} once the row is there: the audit's rows are written behind its journal, a
   * moment after the answer.
   */
  private Optional<String> recordedSenderOf(String clientOrderId) {
    return org.awaitility.Awaitility.await("the audit row of " + clientOrderId)
        .atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(20))
        .until(() -> senderOf(clientOrderId), Optional::isPresent);
  }

  private Optional<String> senderOf(String clientOrderId) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("aftm.db"));
        Statement query = db.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT sender_name, sender_key FROM orders WHERE client_order_id = '"
                    + clientOrderId
                    + "'")) {
      return row.next()
          ? Optional.of(row.getString(1) + " " + (row.getString(2) == null ? "" : row.getString(2)))
          : Optional.empty();
    }
  }
}
