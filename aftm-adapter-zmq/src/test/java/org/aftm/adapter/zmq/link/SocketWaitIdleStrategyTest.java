package org.aftm.adapter.zmq.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aftm.adapter.zmq.in.ZmqOrderUpdateSubscriber;
import org.aftm.adapter.zmq.in.ZmqSignalReceiver;
import org.aftm.adapter.zmq.out.ZmqSignalSender;
import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class SocketWaitIdleStrategyTest {

  /** Long enough that a wait ending early can only be a message's doing. */
  private static final long LONG_WAIT_MILLIS = 10_000;

  private final ZContext context = new ZContext();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    context.close();
  }

  @Test
  void shouldWakeForAMessageOnAnyOfSeveralSockets() {
    ZMQ.Socket first = pull();
    ZMQ.Socket second = pull();
    ZMQ.Socket toFirst = pushTo(first);
    ZMQ.Socket toSecond = pushTo(second);
    SocketWaitIdleStrategy idle =
        closing(new SocketWaitIdleStrategy(context, List.of(first, second), LONG_WAIT_MILLIS));

    toSecond.send("to second");
    assertThat(millisToIdle(idle)).isLessThan(5_000);
    assertThat(second.recvStr(ZMQ.DONTWAIT)).isEqualTo("to second");

    toFirst.send("to first");
    assertThat(millisToIdle(idle)).isLessThan(5_000);
    assertThat(first.recvStr(ZMQ.DONTWAIT)).isEqualTo("to first");
  }

  @Test
  void shouldReturnAtOnceForAMessageStillWaitingAfterItsWakeUpWasUsed() {
    ZMQ.Socket input = pull();
    ZMQ.Socket sender = pushTo(input);
    SocketWaitIdleStrategy idle =
        closing(new SocketWaitIdleStrategy(context, input, LONG_WAIT_MILLIS));
    sender.send("one");
    sender.send("two");
    assertThat(millisToIdle(idle)).isLessThan(5_000);
    // Receiving the first processes the socket's pending commands, so its descriptor has nothing
    // more to signal: the second must still be seen, not slept over.
    assertThat(input.recvStr(ZMQ.DONTWAIT)).isEqualTo("one");
    assertThat(millisToIdle(idle)).isLessThan(5_000);
    assertThat(input.recvStr(ZMQ.DONTWAIT)).isEqualTo("two");
  }

  @Test
  void shouldWaitAtMostTheLimitWhenNothingArrives() {
    ZMQ.Socket quiet = pull();
    SocketWaitIdleStrategy idle = closing(new SocketWaitIdleStrategy(context, quiet, 50));

    long waited = millisToIdle(idle);

    assertThat(waited).isBetween(30L, 5_000L);
  }

  @Test
  void shouldNotWaitWhenThereWasWork() {
    ZMQ.Socket quiet = pull();
    SocketWaitIdleStrategy idle =
        closing(new SocketWaitIdleStrategy(context, quiet, LONG_WAIT_MILLIS));

    long start = System.nanoTime();
    idle.idle(1);

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    assertThat(idle.alias()).isEqualTo("block");
  }

  @Test
  void shouldWaitOnTheInputsOfSeveralAdapters() {
    ZmqSignalReceiver signals =
        closing(new ZmqSignalReceiver(context, "tcp://127.0.0.1:*", Duration.ofSeconds(60)));
    ZMQ.Socket silentPublisher = closing(context.createSocket(SocketType.PUB));
    int port = silentPublisher.bindToRandomPort("tcp://127.0.0.1");
    ZmqOrderUpdateSubscriber orderUpdates =
        closing(new ZmqOrderUpdateSubscriber(context, "tcp://127.0.0.1:" + port));
    ZmqSignalSender sender = closing(new ZmqSignalSender(context, signals.endpoint()));
    SocketWaitIdleStrategy idle =
        closing(
            SocketWaitIdleStrategy.waitingOn(
                context, LONG_WAIT_MILLIS, List.of(orderUpdates, signals)));
    Signal signal =
        new Signal("s-1", 7, "TXF", Side.BUY, 1, SignalReason.ENTRY, 1, 1, 1, 1, System.nanoTime());

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sender.send(signal));

    assertThat(millisToIdle(idle)).isLessThan(5_000);
    List<Signal> received = new ArrayList<>();
    assertThat(signals.poll(received::add, 10)).isEqualTo(1);
    assertThat(received).containsExactly(signal);
  }

  @Test
  void shouldRefuseToWaitOnNothing() {
    assertThatThrownBy(() -> new SocketWaitIdleStrategy(context, List.of(), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketWaitIdleStrategy.waitingOn(context, 10, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long millisToIdle(SocketWaitIdleStrategy idle) {
    long start = System.nanoTime();
    idle.idle(0);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private ZMQ.Socket pull() {
    ZMQ.Socket socket = closing(context.createSocket(SocketType.PULL));
    socket.setLinger(0);
    socket.bindToRandomPort("tcp://127.0.0.1");
    return socket;
  }

  private ZMQ.Socket pushTo(ZMQ.Socket pull) {
    ZMQ.Socket socket = closing(context.createSocket(SocketType.PUSH));
    socket.setLinger(0);
    socket.setSendTimeOut(5_000);
    socket.connect(pull.getLastEndpoint());
    return socket;
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closeables.add(closeable);
    return closeable;
  }
}
