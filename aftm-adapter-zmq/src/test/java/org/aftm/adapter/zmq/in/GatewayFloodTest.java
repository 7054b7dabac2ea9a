package org.aftm.adapter.zmq.in;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One client floods the real gateway over loopback without reading its replies while another does
 * request/reply: the other is served within a deadline, the flooder is refused with {@code
 * CLIENT_LIMIT} and gets no more placed than its rate allows.
 */
class GatewayFloodTest {

  private static final int MAX_RPS = 500;
  private static final int MAX_QUEUE = 64;
  private static final int FLOOD = 20_000;
  private static final int CALM_REQUESTS = 100;
  private static final Duration CALM_DEADLINE = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(GatewayFloodTest.class);

  private final ObjectMapper json = new ObjectMapper();
  private final ZContext context = new ZContext();
  private final FakePlaceOrder placeOrder = new FakePlaceOrder();
  private ZmqOrderGatewayServer server;

  @BeforeEach
  void startServer() {
    server =
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
            ZmqOrderGatewayServer.DEFAULT_MAX_REQUEST_BYTES,
            new ClientLimits(MAX_RPS, MAX_QUEUE));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
    context.close();
  }

  @Test
  void shouldServeAnotherClientPromptlyWhileOneFloodsWithoutReading() throws Exception {
    CountDownLatch flooding = new CountDownLatch(1);
    CountDownLatch calmDone = new CountDownLatch(1);
    long start = System.nanoTime();
    CompletableFuture<int[]> flood = CompletableFuture.supplyAsync(() -> flood(flooding, calmDone));
    assertThat(flooding.await(10, TimeUnit.SECONDS)).isTrue();

    long slowestNanos = 0;
    try (ZMQ.Socket req = context.createSocket(SocketType.REQ)) {
      req.setReceiveTimeOut((int) CALM_DEADLINE.toMillis());
      req.connect(server.endpoint());
      for (int i = 0; i < CALM_REQUESTS; i++) {
        long sent = System.nanoTime();
        req.send(order("calm-" + i));
        byte[] reply = req.recv();
        assertThat(reply).as("reply %d within %s", i, CALM_DEADLINE).isNotNull();
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - sent);
        JsonNode answer = json.readTree(reply);
        assertThat(answer.get("success").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("data").get("client_order_id").asText()).isEqualTo("calm-" + i);
      }
    } finally {
      calmDone.countDown();
    }
    int[] counts = flood.get(60, TimeUnit.SECONDS);
    double elapsedSeconds = (System.nanoTime() - start) / 1e9;

    int limitReplies = counts[0];
    int placedReplies = counts[1];
    long floodPlaced =
        placeOrder.commands.stream()
            .map(PlaceOrderCommand::request)
            .filter(r -> r.clientOrderId().startsWith("flood-"))
            .count();
    assertThat(limitReplies).as("CLIENT_LIMIT replies the flooder read").isPositive();
    assertThat(server.clientLimitRefusals()).isGreaterThanOrEqualTo(limitReplies);
    assertThat(floodPlaced)
        .as("the flooder's orders placed in %.1f s", elapsedSeconds)
        .isLessThanOrEqualTo((long) (MAX_RPS * (elapsedSeconds + 1)))
        .isGreaterThanOrEqualTo(placedReplies);
    assertThat(placeOrder.commands)
        .filteredOn(c -> c.request().clientOrderId().startsWith("calm-"))
        .hasSize(CALM_REQUESTS);
    assertThat(server.trackedClients()).isLessThanOrEqualTo(2);
    LOG.info(
        "Flood: {} CLIENT_LIMIT replies read, {} placed, {} refused in all; calm slowest {} ms",
        limitReplies,
        floodPlaced,
        server.clientLimitRefusals(),
        slowestNanos / 1_000_000);
  }

  /**
   * Sends the flood without reading, waits for the calm client to finish, then reads what ZeroMQ
   * kept of the replies.
   *
   * @return CLIENT_LIMIT replies and successful replies read
   */
  private int[] flood(CountDownLatch flooding, CountDownLatch calmDone) {
    try (ZMQ.Socket dealer = context.createSocket(SocketType.DEALER)) {
      dealer.setSndHWM(0); // no limit: the flood goes out whatever the server does
      dealer.setRcvHWM(0);
      dealer.connect(server.endpoint());
      for (int i = 0; i < FLOOD; i++) {
        dealer.send(order("flood-" + i));
        if (i == 1000) {
          flooding.countDown();
        }
      }
      flooding.countDown();
      calmDone.await(30, TimeUnit.SECONDS);
      dealer.setReceiveTimeOut(1_000);
      int limited = 0;
      int placed = 0;
      byte[] reply;
      while ((reply = dealer.recv()) != null) {
        JsonNode answer = json.readTree(reply);
        if ("CLIENT_LIMIT".equals(answer.path("error_code").asText())) {
          limited++;
        } else if (answer.path("success").asBoolean()) {
          placed++;
        }
      }
      return new int[] {limited, placed};
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] order(String clientOrderId) {
    return ("{\"operation\": \"send_order\", \"parameters\": {\"order_account\": \"F0001\","
            + " \"item_code\": \"TXFF6\", \"side\": \"buy\", \"order_type\": \"Limit\", \"price\":"
            + " 22000, \"quantity\": 1, \"open_close\": \"AUTO\", \"note\": \"flood\","
            + " \"day_trade\": \"N\", \"time_in_force\": \"ROD\", \"client_order_id\": \""
            + clientOrderId
            + "\"}}")
        .getBytes(UTF_8);
  }
}
