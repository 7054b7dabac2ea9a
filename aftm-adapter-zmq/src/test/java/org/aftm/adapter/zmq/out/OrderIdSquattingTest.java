package org.aftm.adapter.zmq.out;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.adapter.zmq.gateway.TestOrderIds;
import org.aftm.adapter.zmq.in.ZmqOrderGatewayServer;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The tester's attack over real loopback sockets: a local client without the install's secret sends
 * {@code send_order} with the ids the strategy will use ({@code aftm-1-exit} ... {@code
 * aftm-3-exit}) before those conditions exist. Before issue #13 those refusals became the ids'
 * first answers and the real exits were answered as duplicates, leaving lots open. Now the squatter
 * is refused without a trace and the executor's exits are placed, each exactly once.
 */
class OrderIdSquattingTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ZContext context = new ZContext();
  private final FakePlaceOrder placeOrder = new FakePlaceOrder();
  private ZmqOrderGatewayServer server;
  private ZmqOrderGatewayClient executor;

  @BeforeEach
  void start() {
    server =
        new ZmqOrderGatewayServer(
                context,
                "tcp://127.0.0.1:0",
                placeOrder,
                new FakeGetPositions(),
                new FakeCheckHealth(),
                new FakeGetOrderStates(),
                new FakeRelayConditionChange())
            .checkingOrderIdsWith(TestOrderIds.proof());
    server.start();
    executor =
        new ZmqOrderGatewayClient(context, server.endpoint(), Duration.ofSeconds(5), 0)
            .proveFreshConnections()
            .signingOrderIdsWith(TestOrderIds.proof());
  }

  @AfterEach
  void stop() {
    executor.close();
    server.close();
    context.close();
  }

  private static OrderRequest exit(String clientOrderId) {
    return new OrderRequest(
        "F0001",
        "TXFF6",
        Side.SELL,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.CLOSE,
        "exit",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }

  @Test
  void squattedIdsAreRefusedWithoutATraceAndTheRealExitsArePlacedOnce() throws IOException {
    try (ZMQ.Socket squatter = context.createSocket(SocketType.REQ)) {
      // A fresh connection's first message is lost now and then (see proveFreshConnections): a
      // relaxed REQ asks again; a refused request leaves nothing behind, so a repeat is harmless.
      squatter.setReqRelaxed(true);
      squatter.setReqCorrelate(true);
      squatter.setReceiveTimeOut(1_000);
      squatter.connect(server.endpoint());
      for (int condition = 1; condition <= 3; condition++) {
        String id = "aftm-" + condition + "-exit";
        // A refusal-provoking order (quantity 1 of nothing held) with a made-up proof, then none.
        for (String proof : new String[] {"\"00000000000000000000000000000000\"", "null"}) {
          String request =
              "{\"operation\": \"send_order\", \"parameters\": {\"order_account\": \"F0001\","
                  + " \"item_code\": \"TXFF6\", \"side\": \"sell\", \"order_type\": \"Market\","
                  + " \"price\": 0, \"quantity\": 1, \"open_close\": \"N\", \"note\": \"x\","
                  + " \"day_trade\": \"N\", \"time_in_force\": \"IOC\", \"client_order_id\": \""
                  + id
                  + "\", \"client_order_proof\": "
                  + proof
                  + "}}";
          String answer = null;
          for (int attempt = 0; attempt < 5 && answer == null; attempt++) {
            squatter.send(request);
            answer = squatter.recvStr();
          }
          JsonNode reply = json.readTree(answer);
          assertThat(reply.get("error_code").asText()).isEqualTo("RESERVED_ORDER_ID");
        }
      }
    }
    assertThat(placeOrder.commands).as("the squatter reached no use case").isEmpty();

    for (int condition = 1; condition <= 3; condition++) {
      String id = "aftm-" + condition + "-exit";
      OrderResult first = executor.sendOrder(exit(id), 0, "aftm-" + condition + "-entry");
      OrderResult retry = executor.sendOrder(exit(id), 0, "aftm-" + condition + "-entry");

      assertThat(first.sent()).as(id + " placed").isTrue();
      assertThat(retry).as(id + " retried: the first answer").isEqualTo(first);
    }
    assertThat(placeOrder.placed).as("each exit placed exactly once").hasValue(3);
    assertThat(placeOrder.commands)
        .extracting(c -> c.request().clientOrderId())
        .containsExactly(
            "aftm-1-exit",
            "aftm-1-exit",
            "aftm-2-exit",
            "aftm-2-exit",
            "aftm-3-exit",
            "aftm-3-exit");
  }

  @Test
  void aClientWithoutTheSecretSendsItsAftmIdsUnprovenAndIsRefused() {
    try (ZmqOrderGatewayClient unsigned =
        new ZmqOrderGatewayClient(context, server.endpoint(), Duration.ofSeconds(5), 0)
            .proveFreshConnections()) {
      OrderResult refused = unsigned.sendOrder(exit("aftm-9-exit"), 0);

      assertThat(refused.sent()).isFalse();
      assertThat(refused.errorCode()).isEqualTo("RESERVED_ORDER_ID");
      assertThat(refused.errorMessage()).contains("client_order_proof");
      OrderResult ownId = unsigned.sendOrder(exit("bot-9-exit"), 0);
      assertThat(ownId.sent()).as("ids outside the namespace are free to use").isTrue();
    }
    assertThat(placeOrder.commands)
        .extracting(c -> c.request().clientOrderId())
        .containsExactly("bot-9-exit");
  }
}
