package org.aftm.adapter.zmq.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.adapter.zmq.codec.SignalCodec;
import org.aftm.adapter.zmq.out.ZmqSignalSender;
import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class SignalPushPullTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final ZContext context = new ZContext();
  private final List<Signal> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeContext() {
    context.close();
  }

  @Test
  void shouldDeliverSignalsInOrderWithoutGaps() {
    try (ZmqSignalReceiver receiver =
            new ZmqSignalReceiver(context, "tcp://127.0.0.1:*", Duration.ofSeconds(60));
        ZmqSignalSender sender = new ZmqSignalSender(context, receiver.endpoint())) {
      Signal entry = signal(7, SignalReason.ENTRY, Side.BUY);
      Signal exit = signal(7, SignalReason.TAKE_PROFIT, Side.SELL);

      await().atMost(DEADLINE).until(() -> sender.send(entry));
      assertThat(sender.send(exit)).isTrue();

      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                receiver.poll(received::add, 10);
                return received.size() == 2;
              });
      assertThat(received).containsExactly(entry, exit);
      assertThat(receiver.counters().received()).isEqualTo(2);
      assertThat(receiver.counters().gaps()).isZero();
      assertThat(receiver.counters().malformed()).isZero();
      assertThat(sender.sentCount()).isEqualTo(2);
    }
  }

  @Test
  void shouldRefuseToSendWhenNoExecutorIsConnected() {
    // Port 1 is privileged: nothing an unprivileged test run starts can be listening there.
    try (ZmqSignalSender sender = new ZmqSignalSender(context, "tcp://127.0.0.1:1")) {
      assertThat(sender.send(signal(1, SignalReason.ENTRY, Side.BUY))).isFalse();
      assertThat(sender.refusedCount()).isEqualTo(1);
      assertThat(sender.sentCount()).isZero();
    }
  }

  @Test
  void shouldCountMalformedFramesGapsAndStaleSignals() {
    long now = System.nanoTime();
    try (ZmqSignalReceiver receiver =
            new ZmqSignalReceiver(context, "tcp://127.0.0.1:*", Duration.ofMillis(100), () -> now);
        ZMQ.Socket rawSender = context.createSocket(SocketType.PUSH)) {
      rawSender.connect(receiver.endpoint());
      Signal fresh = signal(1, SignalReason.ENTRY, Side.BUY, now);
      Signal old = signal(2, SignalReason.ENTRY, Side.SELL, now - Duration.ofSeconds(5).toNanos());

      rawSender.send(SignalCodec.encode(1, fresh));
      rawSender.send(new byte[] {'S', 1, 0, 0});
      rawSender.send("not a signal");
      rawSender.send(SignalCodec.encode(4, old));

      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                receiver.poll(received::add, 10);
                return received.size() == 2;
              });
      assertThat(received).containsExactly(fresh, old);
      assertThat(receiver.counters().malformed()).isEqualTo(2);
      assertThat(receiver.counters().gaps()).isEqualTo(2);
      assertThat(receiver.counters().stale()).isEqualTo(1);
    }
  }

  private static Signal signal(long conditionId, SignalReason reason, Side side) {
    return signal(conditionId, reason, side, System.nanoTime());
  }

  private static Signal signal(
      long conditionId, SignalReason reason, Side side, long createdNanos) {
    return new Signal(
        Signal.idFor(conditionId, reason),
        conditionId,
        "TXF",
        side,
        2,
        reason,
        220_000_000L,
        42,
        1_700_000_000_000L,
        createdNanos - 1_000,
        createdNanos);
  }
}
