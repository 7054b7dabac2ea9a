package org.aftm.adapter.zmq.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class GreetedConnectionTest {

  private final ZContext context = new ZContext();

  @AfterEach
  void close() {
    context.close();
  }

  @Test
  void shouldReturnGreetedAndCarryTheFirstMessageWhenAPeerListens() {
    ZMQ.Socket pull = context.createSocket(SocketType.PULL);
    pull.setReceiveTimeOut(10_000);
    int port = pull.bindToRandomPort("tcp://127.0.0.1");
    ZMQ.Socket push = context.createSocket(SocketType.PUSH);

    GreetedConnection.Outcome outcome =
        GreetedConnection.connect(context, push, "tcp://127.0.0.1:" + port, Duration.ofSeconds(10));
    push.send("first");

    assertThat(outcome).isEqualTo(GreetedConnection.Outcome.GREETED);
    assertThat(pull.recvStr()).isEqualTo("first");
  }

  @Test
  void shouldLeaveTheSocketConnectingWhenNoPeerListensYet() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ZMQ.Socket push = context.createSocket(SocketType.PUSH);
    String endpoint = "tcp://127.0.0.1:" + port;

    GreetedConnection.Outcome outcome =
        GreetedConnection.connect(context, push, endpoint, Duration.ofMillis(100));

    assertThat(outcome).isEqualTo(GreetedConnection.Outcome.UNCONNECTED);
    // Still connecting: a peer that binds later gets the message.
    ZMQ.Socket pull = context.createSocket(SocketType.PULL);
    pull.setReceiveTimeOut(10_000);
    pull.bind(endpoint);
    push.send("late");
    assertThat(pull.recvStr()).isEqualTo("late");
  }

  @Test
  void shouldReplaceAConnectionThatIsUpButNeverGreeted() throws Exception {
    // A peer that accepts the TCP connection and never speaks ZMTP: the stall's signature.
    AtomicInteger accepted = new AtomicInteger();
    List<Socket> held = new ArrayList<>();
    try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket socket = mute.accept();
                    synchronized (held) {
                      held.add(socket);
                    }
                    accepted.incrementAndGet();
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      ZMQ.Socket push = context.createSocket(SocketType.PUSH);
      push.setLinger(0);

      GreetedConnection.Outcome outcome =
          GreetedConnection.connect(
              context, push, "tcp://127.0.0.1:" + mute.getLocalPort(), Duration.ofMillis(50));

      assertThat(outcome).isEqualTo(GreetedConnection.Outcome.STALLED);
      // The first connection and each replacement reached the peer.
      assertThat(accepted.get()).isGreaterThanOrEqualTo(GreetedConnection.RECONNECTS + 1);
      push.close();
    } finally {
      synchronized (held) {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  /**
   * The monitor reports the socket's events, not one connection's: a greeting of the replaced
   * connection that arrives before the new connection's CONNECTED is not the new one's.
   */
  @Test
  void shouldNotTakeALateGreetingOfTheReplacedConnectionForTheNewOnes() {
    java.util.Deque<ZMQ.Event> late =
        new java.util.ArrayDeque<>(
            List.of(
                new ZMQ.Event(ZMQ.EVENT_HANDSHAKE_PROTOCOL, 3, "tcp://127.0.0.1:1"),
                new ZMQ.Event(ZMQ.EVENT_CONNECTED, null, "tcp://127.0.0.1:1")));

    assertThat(GreetedConnection.await(timeout -> late.poll(), Duration.ofMillis(50)))
        .isEqualTo(GreetedConnection.Outcome.STALLED);

    java.util.Deque<ZMQ.Event> inOrder =
        new java.util.ArrayDeque<>(
            List.of(
                new ZMQ.Event(ZMQ.EVENT_CONNECTED, null, "tcp://127.0.0.1:1"),
                new ZMQ.Event(ZMQ.EVENT_HANDSHAKE_PROTOCOL, 3, "tcp://127.0.0.1:1")));
    assertThat(GreetedConnection.await(timeout -> inOrder.poll(), Duration.ofSeconds(10)))
        .isEqualTo(GreetedConnection.Outcome.GREETED);
  }
}
