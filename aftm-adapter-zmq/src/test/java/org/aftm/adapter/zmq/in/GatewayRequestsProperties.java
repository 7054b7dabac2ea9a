package org.aftm.adapter.zmq.in;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Random mixtures of valid, malformed and oversized requests from several DEALER clients at once,
 * each on its own thread, against a real gateway on a loopback port: every request gets exactly one
 * reply, in the client's order; a valid order's reply names its id; nothing malformed is placed;
 * nothing is placed twice; and the gateway's client state stays within its limit.
 */
class GatewayRequestsProperties {

  private static final int MAX_REQUEST_BYTES = 2048;
  private static final int MAX_CLIENTS = 3;
  private static final int REPLY_TIMEOUT_MS = 5_000;

  private static ExecutorService threads;
  private final ObjectMapper json = new ObjectMapper();

  /** What a generated request is. */
  enum Kind {
    ORDER,
    ORDER_REQ_STYLE,
    REPEATED_ORDER,
    HEALTH,
    BAD_JSON,
    WRONG_TYPES,
    MISSING_FIELD,
    UNKNOWN_OPERATION,
    TWO_FRAMES,
    EMPTY_FRAME,
    BINARY_JUNK,
    OVERSIZED
  }

  record Shot(Kind kind, byte[] junk, int quantity) {}

  @BeforeContainer
  static void startThreads() {
    threads = Executors.newFixedThreadPool(5);
  }

  @AfterContainer
  static void stopThreads() {
    threads.shutdownNow();
  }

  @Property(tries = 25)
  void shouldAnswerEveryRequestOnceAndPlaceOnlyValidOrdersOnce(
      @ForAll("clientScripts") List<List<Shot>> scripts) throws Exception {
    FakePlaceOrder placeOrder = new FakePlaceOrder();
    try (ZContext context = new ZContext();
        ZmqOrderGatewayServer server = start(context, placeOrder)) {
      List<Future<List<String>>> clients = new ArrayList<>();
      for (int c = 0; c < scripts.size(); c++) {
        int client = c;
        List<Shot> script = scripts.get(c);
        // More clients than the gateway takes on: a new one may be refused while all others wait.
        boolean mayBeLimited = scripts.size() > MAX_CLIENTS;
        clients.add(
            threads.submit(() -> run(context, server.endpoint(), client, script, mayBeLimited)));
      }
      List<String> sentValid = new ArrayList<>();
      for (Future<List<String>> client : clients) {
        sentValid.addAll(client.get(20, TimeUnit.SECONDS));
      }

      Map<String, Integer> placedTimes = new HashMap<>();
      for (PlaceOrderCommand command : placeOrder.commands) {
        placedTimes.merge(command.request().clientOrderId(), 1, Integer::sum);
      }
      Map<String, Integer> sentTimes = new HashMap<>();
      sentValid.forEach(id -> sentTimes.merge(id, 1, Integer::sum));
      // Exactly what was sent valid and answered was placed, each as often as it was sent.
      assertThat(placedTimes).isEqualTo(sentTimes);
      assertThat(placeOrder.placed.get()).isEqualTo(sentTimes.size());
      assertThat(server.trackedClients()).isBetween(1, MAX_CLIENTS);
      assertThat(server.queuedRequests()).isZero();
    }
  }

  @Provide
  Arbitrary<List<List<Shot>>> clientScripts() {
    Arbitrary<Shot> shot =
        Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.integers().between(1, 5))
            .as(Shot::new);
    return shot.list().ofMinSize(1).ofMaxSize(30).list().ofMinSize(2).ofMaxSize(5);
  }

  private static ZmqOrderGatewayServer start(ZContext context, FakePlaceOrder placeOrder) {
    ZmqOrderGatewayServer server =
        new ZmqOrderGatewayServer(
            context,
            "tcp://127.0.0.1:0",
            placeOrder,
            new FakeGetPositions(),
            new FakeCheckHealth(),
            new FakeGetOrderStates(),
            new FakeRelayConditionChange(),
            null,
            null,
            InstantSource.system(),
            MAX_REQUEST_BYTES,
            new ClientLimits(1_000_000, 10_000, MAX_CLIENTS));
    server.start();
    return server;
  }

  /**
   * Sends the whole script pipelined on one DEALER socket, then reads one reply per request and
   * checks it against the request in the same position.
   *
   * @param mayBeLimited whether a reply may be {@code CLIENT_LIMIT}, for any request
   * @return the client order ids of the valid orders whose replies said they were placed
   */
  private List<String> run(
      ZContext context, String endpoint, int client, List<Shot> script, boolean mayBeLimited)
      throws Exception {
    List<String> placed = new ArrayList<>();
    try (ZMQ.Socket dealer = context.createSocket(SocketType.DEALER)) {
      dealer.setReceiveTimeOut(REPLY_TIMEOUT_MS);
      dealer.setLinger(0);
      dealer.connect(endpoint);
      String lastValidId = null;
      List<String> expectedIds = new ArrayList<>();
      for (int i = 0; i < script.size(); i++) {
        Shot shot = script.get(i);
        String id = "c" + client + "-" + i;
        String expected = null;
        switch (shot.kind()) {
          case ORDER -> {
            dealer.send(order(id, shot.quantity()));
            expected = id;
            lastValidId = id;
          }
          case ORDER_REQ_STYLE -> {
            dealer.sendMore(new byte[0]);
            dealer.send(order(id, shot.quantity()));
            expected = id;
            lastValidId = id;
          }
          case REPEATED_ORDER -> {
            String repeated = lastValidId == null ? id : lastValidId;
            dealer.send(order(repeated, shot.quantity()));
            expected = repeated;
            lastValidId = repeated;
          }
          case HEALTH -> dealer.send("{\"operation\": \"health_check\"}");
          case BAD_JSON ->
              dealer.send(new String(order("bad-" + id, shot.quantity()), UTF_8).substring(0, 30));
          case WRONG_TYPES ->
              dealer.send(
                  new String(order("bad-" + id, shot.quantity()), UTF_8)
                      .replace("\"quantity\": " + shot.quantity(), "\"quantity\": \"many\""));
          case MISSING_FIELD ->
              dealer.send(
                  new String(order("bad-" + id, shot.quantity()), UTF_8)
                      .replace("\"item_code\": \"TXFF6\",", ""));
          case UNKNOWN_OPERATION ->
              dealer.send(
                  new String(order("bad-" + id, shot.quantity()), UTF_8)
                      .replace("send_order", "cancel_all"));
          case TWO_FRAMES -> {
            dealer.sendMore(order("bad-" + id, shot.quantity()));
            dealer.send(order("bad2-" + id, shot.quantity()));
          }
          case EMPTY_FRAME -> dealer.send(new byte[0]);
          case BINARY_JUNK -> dealer.send(junk(shot.junk()));
          case OVERSIZED -> {
            String padded =
                new String(order("bad-" + id, shot.quantity()), UTF_8)
                    .replace(
                        "\"note\": \"prop\"",
                        "\"note\": \"" + "x".repeat(MAX_REQUEST_BYTES) + "\"");
            dealer.send(padded);
          }
          default -> throw new IllegalStateException("unknown kind " + shot.kind());
        }
        expectedIds.add(expected);
      }
      for (int i = 0; i < script.size(); i++) {
        JsonNode reply = json.readTree(lastFrame(dealer, client, i));
        Kind kind = script.get(i).kind();
        String expected = expectedIds.get(i);
        if ("CLIENT_LIMIT".equals(reply.path("error_code").asText())) {
          assertThat(mayBeLimited).as("CLIENT_LIMIT only beyond %d clients", MAX_CLIENTS).isTrue();
          assertThat(reply.get("success").asBoolean()).isFalse();
        } else if (expected != null) {
          assertThat(reply.get("success").asBoolean()).as("%s: %s", kind, reply).isTrue();
          assertThat(reply.get("data").get("client_order_id").asText()).isEqualTo(expected);
          placed.add(expected);
        } else if (kind == Kind.HEALTH) {
          assertThat(reply.get("data").get("status").asText())
              .as(reply.toString())
              .isEqualTo("healthy");
        } else {
          assertThat(reply.get("success").asBoolean()).as("%s: %s", kind, reply).isFalse();
          assertThat(reply.get("error_code").asText()).as("%s: %s", kind, reply).isNotBlank();
          if (kind == Kind.OVERSIZED) {
            assertThat(reply.get("error_code").asText()).isEqualTo("REQUEST_TOO_LARGE");
          }
        }
      }
      assertThat(dealer.recv(ZMQ.DONTWAIT)).as("no reply beyond one per request").isNull();
    }
    return placed;
  }

  /** The reply's body: a REQ-style request's reply comes after an empty delimiter frame. */
  private static byte[] lastFrame(ZMQ.Socket dealer, int client, int index) {
    byte[] frame = dealer.recv();
    assertThat(frame)
        .as("client %d: reply %d within %d ms", client, index, REPLY_TIMEOUT_MS)
        .isNotNull();
    while (dealer.hasReceiveMore()) {
      frame = dealer.recv();
    }
    return frame;
  }

  /** Random bytes that are never a JSON object: a leading byte no JSON text starts with. */
  private static byte[] junk(byte[] random) {
    byte[] bytes = new byte[random.length + 1];
    bytes[0] = (byte) 0xFF;
    System.arraycopy(random, 0, bytes, 1, random.length);
    return bytes;
  }

  private static byte[] order(String clientOrderId, int quantity) {
    return ("{\"operation\": \"send_order\", \"parameters\": {\"order_account\": \"F0001\","
            + " \"item_code\": \"TXFF6\", \"side\": \"buy\", \"order_type\": \"Limit\", \"price\":"
            + " 22000, \"quantity\": "
            + quantity
            + ", \"open_close\": \"AUTO\", \"note\": \"prop\", \"day_trade\": \"N\","
            + " \"time_in_force\": \"ROD\", \"client_order_id\": \""
            + clientOrderId
            + "\"}}")
        .getBytes(UTF_8);
  }
}
