package org.aftm.adapter.zmq.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * JeroMQ 0.6.0 loses the first message of a fresh connection now and then; a client that proves its
 * fresh connections with a ping answers every first request in time all the same.
 */
class FreshConnectionsTest {

  @Test
  void everyFreshClientThatProvesItsConnectionIsAnsweredAtOnce() {
    try (ZContext context = new ZContext()) {
      ZmqOrderGatewayServer server =
          new ZmqOrderGatewayServer(
              context,
              "tcp://127.0.0.1:0",
              new FakePlaceOrder(),
              new FakeGetPositions(),
              new FakeCheckHealth(),
              new FakeGetOrderStates(),
              new FakeRelayConditionChange());
      server.start();
      int unanswered = 0;
      for (int i = 0; i < 60; i++) {
        try (ZContext fresh = new ZContext();
            ZmqOrderGatewayClient client =
                new ZmqOrderGatewayClient(fresh, server.endpoint(), Duration.ofSeconds(3), 0)
                    .proveFreshConnections(Duration.ofMillis(300), 5)) {
          try {
            client.healthCheck();
          } catch (RuntimeException e) {
            unanswered++;
          }
        }
      }
      server.close();
      assertThat(unanswered).isZero();
    }
  }
}
