package org.aftm.adapter.zmq.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.adapter.zmq.out.ZmqTickPublisher;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.domain.model.TickEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class TickPubSubTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration FRESH = Duration.ofSeconds(60);

  private final ZContext context = new ZContext();
  private final List<TickEvent> received = new CopyOnWriteArrayList<>();
  private ZmqTickPublisher publisher;

  @BeforeEach
  void bindPublisher() {
    publisher = new ZmqTickPublisher(context, "tcp://127.0.0.1:*");
  }

  @AfterEach
  void closeAll() {
    publisher.close();
    context.close();
  }

  @Test
  void shouldExposeTheBoundPort() {
    assertThat(publisher.endpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
  }

  @Test
  void shouldDeliverTicksAndCountAGap() {
    try (ZmqTickSubscriber subscriber =
        new ZmqTickSubscriber(context, publisher.endpoint(), List.of(), FRESH)) {
      joinWith(subscriber, "WARMUP");

      long now = System.nanoTime();
      publisher.publish(new TickEvent("TXF", 1, 220_000_000L, 2, 1_700_000_000_000L, now));
      publisher.publish(new TickEvent("TXF", 2, 220_010_000L, 1, 1_700_000_000_001L, now));
      publisher.publish(new TickEvent("TXF", 4, 220_020_000L, 3, 1_700_000_000_002L, now));

      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                subscriber.poll(tick -> received.add(tick.toEvent()), 10);
                return txf().size() == 3;
              });
      assertThat(txf()).extracting(TickEvent::sequence).containsExactly(1L, 2L, 4L);
      assertThat(txf().get(0))
          .isEqualTo(new TickEvent("TXF", 1, 220_000_000L, 2, 1_700_000_000_000L, now));
      assertThat(subscriber.counters().gaps()).isEqualTo(1);
      assertThat(subscriber.counters().malformed()).isZero();
      assertThat(subscriber.counters().stale()).isZero();
    }
  }

  @Test
  void shouldReceiveOnlyTheSubscribedInstrument() {
    try (ZmqTickSubscriber subscriber =
        new ZmqTickSubscriber(context, publisher.endpoint(), List.of("TXF"), FRESH)) {
      long next = joinWith(subscriber, "TXF");

      publisher.publish(new TickEvent("MXF", 1, 1, 1, 1, System.nanoTime()));
      publisher.publish(new TickEvent("TXFD", 1, 1, 1, 1, System.nanoTime()));
      publisher.publish(new TickEvent("TXF", next, 1, 1, 1, System.nanoTime()));

      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                subscriber.poll(tick -> received.add(tick.toEvent()), 10);
                return received.stream()
                    .anyMatch(t -> t.itemCode().equals("TXF") && t.sequence() == next);
              });
      assertThat(received).extracting(TickEvent::itemCode).containsOnly("TXF");
    }
  }

  @Test
  void shouldCountStaleTicksAndStillHandThemOn() {
    AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    try (ZmqTickSubscriber subscriber =
        new ZmqTickSubscriber(
            context, publisher.endpoint(), List.of("TXF"), Duration.ofMillis(100), clock::get)) {
      long next = joinWith(subscriber, "TXF", clock.get());
      long before = subscriber.counters().stale();

      publisher.publish(
          new TickEvent("TXF", next, 1, 1, 1, clock.get() - Duration.ofSeconds(1).toNanos()));

      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                subscriber.poll(tick -> received.add(tick.toEvent()), 10);
                return received.stream().anyMatch(t -> t.sequence() == next);
              });
      assertThat(subscriber.counters().stale()).isEqualTo(before + 1);
    }
  }

  @Test
  void shouldDropAndCountMalformedFrames() {
    try (ZMQ.Socket rawPublisher = context.createSocket(SocketType.PUB)) {
      int port = rawPublisher.bindToRandomPort("tcp://127.0.0.1");
      try (ZmqTickSubscriber subscriber =
          new ZmqTickSubscriber(context, "tcp://127.0.0.1:" + port, List.of(), FRESH)) {
        long[] sequence = {0};
        await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  rawPublisher.send(
                      TickCodec.encode(
                          new TickEvent("WARMUP", ++sequence[0], 1, 1, 1, System.nanoTime())));
                  return subscriber.poll(tick -> received.add(tick.toEvent()), 100) > 0;
                });

        rawPublisher.send(new byte[] {'T', 1, 3, 'T'});
        rawPublisher.send(new byte[] {'T', 7});
        rawPublisher.send(new byte[500]);
        rawPublisher.sendMore(
            TickCodec.encode(new TickEvent("TXF", 1, 1, 1, 1, System.nanoTime())));
        rawPublisher.send(new byte[] {1});
        rawPublisher.send(TickCodec.encode(new TickEvent("TXF", 2, 1, 1, 1, System.nanoTime())));

        await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  subscriber.poll(tick -> received.add(tick.toEvent()), 100);
                  return !txf().isEmpty();
                });
        LinkCounters counters = subscriber.counters();
        assertThat(counters.malformed()).isEqualTo(4);
        assertThat(txf()).extracting(TickEvent::sequence).containsExactly(2L);
      }
    }
  }

  @Test
  void shouldCountDropsWhenTheSubscriberQueueIsFull() {
    try (ZmqTickPublisher tiny = new ZmqTickPublisher(context, "tcp://127.0.0.1:*", 1);
        ZMQ.Socket slowSubscriber = context.createSocket(SocketType.SUB)) {
      slowSubscriber.setRcvHWM(1);
      slowSubscriber.subscribe(new byte[0]);
      slowSubscriber.connect(tiny.endpoint());
      long[] sequence = {0};

      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                for (int i = 0; i < 1_000; i++) {
                  tiny.publish(new TickEvent("TXF", ++sequence[0], 1, 1, 1, System.nanoTime()));
                }
                return tiny.droppedCount() > 0;
              });
      assertThat(tiny.publishedCount() + tiny.droppedCount()).isEqualTo(sequence[0]);
    }
  }

  @Test
  void shouldDropATickThatCannotBeEncodedWithoutThrowing() {
    publisher.publish(new TickEvent("X".repeat(TickCodec.MAX_ITEM_CODE_BYTES + 1), 1, 1, 1, 1, 1));
    publisher.publish(new TickEvent("TXF", 0, 1, 1, 1, 1));
    assertThat(publisher.droppedCount()).isEqualTo(2);
  }

  private long joinWith(ZmqTickSubscriber subscriber, String itemCode) {
    return joinWith(subscriber, itemCode, -1);
  }

  /** Publishes until the slow-joining subscriber has one; returns the next unused sequence. */
  private long joinWith(ZmqTickSubscriber subscriber, String itemCode, long publishNanos) {
    long[] sequence = {0};
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              long stamp = publishNanos < 0 ? System.nanoTime() : publishNanos;
              publisher.publish(new TickEvent(itemCode, ++sequence[0], 1, 1, 1, stamp));
              return subscriber.poll(tick -> received.add(tick.toEvent()), 100) > 0;
            });
    // Ticks still in flight arrive in order before any later one; drain them with the later ticks.
    return sequence[0] + 1;
  }

  private List<TickEvent> txf() {
    return received.stream().filter(t -> t.itemCode().equals("TXF")).toList();
  }
}
