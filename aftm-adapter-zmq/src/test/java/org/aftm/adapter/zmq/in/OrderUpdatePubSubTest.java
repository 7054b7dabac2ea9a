package org.aftm.adapter.zmq.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aftm.adapter.zmq.codec.OrderUpdateCodec;
import org.aftm.adapter.zmq.out.ZmqOrderUpdatePublisher;
import org.aftm.application.port.out.ReceiveOrderUpdatesPort;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

class OrderUpdatePubSubTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final long SESSION = 0x5E55_1011L;

  private final ZContext context = new ZContext();
  private final Recorder recorder = new Recorder();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    context.close();
  }

  @Test
  void shouldBindAFreePortWhenAskedForPortZero() {
    ZmqOrderUpdatePublisher publisher = publisher("tcp://127.0.0.1:0");

    assertThat(publisher.endpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
  }

  @Test
  void shouldDeliverUpdatesAndCommandsInOrderOnOneSequence() {
    ZmqOrderUpdatePublisher publisher = publisher("tcp://127.0.0.1:0");
    ZmqOrderUpdateSubscriber subscriber = subscriber(publisher.endpoint());
    join(publisher, subscriber);
    long before = publisher.lastSequence();

    OrderUpdate submitted = update("aftm-7-entry", OrderState.SUBMITTED, 0, 0);
    ConditionCommand added = new ConditionCommand(1, ConditionCommand.Change.ADDED, 7);
    OrderUpdate filled = update("aftm-7-entry", OrderState.FILLED, 2, 440_010_000L);
    publisher.publish(submitted);
    publisher.publish(added);
    publisher.publish(filled);

    awaitEvent(filled);
    assertThat(recorder.events.subList(recorder.events.size() - 3, recorder.events.size()))
        .containsExactly(submitted, added, filled);
    assertThat(recorder.gaps()).isEmpty();
    assertThat(subscriber.counters().gaps()).isZero();
    assertThat(subscriber.counters().malformed()).isZero();
    assertThat(publisher.lastSequence()).isEqualTo(before + 3);
    assertThat(publisher.publishedCount()).isEqualTo(publisher.lastSequence());
    assertThat(publisher.droppedCount()).isZero();
  }

  @Test
  void shouldReportAGapWhenItJoinsAfterThePublishersFirstMessage() {
    ZMQ.Socket raw = rawPublisher();
    ZmqOrderUpdateSubscriber subscriber = subscriber(raw.getLastEndpoint());
    // Messages sent while the subscription was still connecting (a command among them) are lost:
    // the first one it receives is number 5 of the publisher's session.
    OrderUpdate fifth = update("aftm-5-entry", OrderState.FILLED, 1, 220_000_000L);
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              raw.send(OrderUpdateCodec.encode(SESSION, 5, fifth));
              return subscriber.poll(recorder, 100) > 0;
            });

    assertThat(recorder.events.subList(0, 2)).containsExactly(new Gap(4), fifth);
    assertThat(subscriber.counters().gaps())
        .as("what came before the subscription is not counted as missed")
        .isZero();
  }

  @Test
  void shouldReportAGapBeforeTheMessageAfterIt() {
    ZMQ.Socket raw = rawPublisher();
    ZmqOrderUpdateSubscriber subscriber = subscriber(raw.getLastEndpoint());
    long next = joinRaw(raw, subscriber, SESSION);

    OrderUpdate after = update("aftm-8-exit", OrderState.REJECTED, 0, 0);
    raw.send(OrderUpdateCodec.encode(SESSION, next + 2, after));

    awaitEvent(after);
    assertThat(recorder.tail(2)).containsExactly(new Gap(2), after);
    assertThat(subscriber.counters().gaps()).isEqualTo(2);
    assertThat(subscriber.restartCount()).isZero();
  }

  @Test
  void shouldReportANewSessionAsAGapEvenWhenItsSequenceStartsAtOne() {
    ZMQ.Socket raw = rawPublisher();
    ZmqOrderUpdateSubscriber subscriber = subscriber(raw.getLastEndpoint());
    joinRaw(raw, subscriber, SESSION);
    long newSession = SESSION + 1;

    ConditionCommand first = new ConditionCommand(1, ConditionCommand.Change.DELETED, 3);
    OrderUpdate third = update("aftm-3-entry", OrderState.CANCELLED, 0, 0);
    raw.send(OrderUpdateCodec.encode(newSession, 1, first));
    raw.send(OrderUpdateCodec.encode(newSession, 3, third));

    awaitEvent(third);
    assertThat(recorder.tail(4)).containsExactly(new Gap(0), first, new Gap(1), third);
    assertThat(subscriber.restartCount()).isEqualTo(1);
    assertThat(subscriber.counters().gaps()).isEqualTo(1);
  }

  @Test
  void shouldRecogniseARestartedPublisherOnTheSameEndpoint() {
    ZmqOrderUpdatePublisher first = publisher("tcp://127.0.0.1:0");
    String endpoint = first.endpoint();
    ZmqOrderUpdateSubscriber subscriber = subscriber(endpoint);
    join(first, subscriber);
    first.close();

    ZmqOrderUpdatePublisher[] restarted = new ZmqOrderUpdatePublisher[1];
    await()
        .atMost(DEADLINE)
        .ignoreException(ZMQException.class)
        .until(
            () -> {
              restarted[0] = new ZmqOrderUpdatePublisher(context, endpoint);
              return true;
            });
    closeables.add(restarted[0]);
    assertThat(restarted[0].sessionId()).isNotEqualTo(first.sessionId());
    join(restarted[0], subscriber);

    assertThat(subscriber.restartCount()).isEqualTo(1);
    assertThat(recorder.gaps()).hasSize(1);
  }

  @Test
  void shouldShowAnUnencodableUpdateAsAGap() {
    ZmqOrderUpdatePublisher publisher = publisher("tcp://127.0.0.1:0");
    ZmqOrderUpdateSubscriber subscriber = subscriber(publisher.endpoint());
    join(publisher, subscriber);

    publisher.publish(update("x".repeat(200), OrderState.FILLED, 1, 1));
    OrderUpdate next = update("aftm-9-entry", OrderState.ACCEPTED, 0, 0);
    publisher.publish(next);

    awaitEvent(next);
    assertThat(recorder.tail(2)).containsExactly(new Gap(1), next);
    assertThat(publisher.droppedCount()).isEqualTo(1);
  }

  @Test
  void shouldDropAndCountMalformedFramesAndKeepPolling() {
    ZMQ.Socket raw = rawPublisher();
    ZmqOrderUpdateSubscriber subscriber = subscriber(raw.getLastEndpoint());
    long next = joinRaw(raw, subscriber, SESSION);

    raw.send(new byte[] {'U', 1, 0});
    raw.send(new byte[] {'C', 9});
    raw.send(new byte[OrderUpdateCodec.MAX_ENCODED_LENGTH + 1]);
    raw.sendMore(OrderUpdateCodec.encode(SESSION, next, update("a", OrderState.FILLED, 1, 1)));
    raw.send(new byte[] {1});
    OrderUpdate good = update("aftm-1-entry", OrderState.FILLED, 1, 1);
    raw.send(OrderUpdateCodec.encode(SESSION, next, good));

    awaitEvent(good);
    assertThat(subscriber.counters().malformed()).isEqualTo(4);
    assertThat(recorder.gaps()).isEmpty();
  }

  @Test
  void shouldNumberMessagesFromTwoThreadsWithoutGapsOrReordering() throws Exception {
    ZmqOrderUpdatePublisher publisher = publisher("tcp://127.0.0.1:0");
    ZmqOrderUpdateSubscriber subscriber = subscriber(publisher.endpoint());
    join(publisher, subscriber);
    int perThread = 500;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (String name : List.of("gateway", "broker")) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 1; i <= perThread; i++) {
                  publisher.publish(update(name + "-" + i, OrderState.FILLED, 1, i));
                }
              },
              name);
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              subscriber.poll(recorder, 1000);
              return recorder.updatesFrom("gateway").size() == perThread
                  && recorder.updatesFrom("broker").size() == perThread;
            });
    assertThat(recorder.gaps()).isEmpty();
    for (String name : List.of("gateway", "broker")) {
      assertThat(recorder.updatesFrom(name))
          .extracting(OrderUpdate::filledCostUnits)
          .isSorted()
          .doesNotHaveDuplicates();
    }
    assertThat(publisher.publishedCount()).isEqualTo(publisher.lastSequence());
  }

  @Test
  void shouldDropAndCountWhenTheSubscriberQueueIsFullWithoutBlocking() {
    ZmqOrderUpdatePublisher tiny = new ZmqOrderUpdatePublisher(context, "tcp://127.0.0.1:0", 1);
    closeables.add(tiny);
    ZMQ.Socket slow = context.createSocket(SocketType.SUB);
    closeables.add(slow);
    slow.setRcvHWM(1);
    slow.subscribe(new byte[0]);
    slow.connect(tiny.endpoint());

    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              for (int i = 0; i < 1_000; i++) {
                tiny.publish(new ConditionCommand(i + 1, ConditionCommand.Change.ADDED, 1));
              }
              return tiny.droppedCount() > 0;
            });
    assertThat(tiny.publishedCount() + tiny.droppedCount()).isEqualTo(tiny.lastSequence());
  }

  @Test
  void shouldDropWhatIsPublishedAfterClose() {
    ZmqOrderUpdatePublisher publisher = publisher("tcp://127.0.0.1:0");
    publisher.close();

    publisher.publish(update("late", OrderState.FILLED, 1, 1));
    publisher.publish(new ConditionCommand(1, ConditionCommand.Change.ADDED, 1));

    assertThat(publisher.droppedCount()).isEqualTo(2);
    assertThat(publisher.publishedCount()).isZero();
  }

  @Test
  void shouldWakeItsWaitingIdleStrategyWhenAMessageArrives() {
    ZmqOrderUpdatePublisher publisher = publisher("tcp://127.0.0.1:0");
    ZmqOrderUpdateSubscriber subscriber = subscriber(publisher.endpoint());
    join(publisher, subscriber);
    while (subscriber.poll(recorder, 100) > 0) {
      // drain what is in flight
    }
    try (var idle = subscriber.waitingIdleStrategy(10_000)) {
      OrderUpdate update = update("aftm-5-entry", OrderState.ACCEPTED, 0, 0);
      publisher.publish(update);

      long start = System.nanoTime();
      idle.idle(0);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(waitedMillis).isLessThan(5_000);
      assertThat(subscriber.poll(recorder, 10)).isEqualTo(1);
      assertThat(recorder.tail(1)).containsExactly(update);
    }
  }

  private ZmqOrderUpdatePublisher publisher(String endpoint) {
    ZmqOrderUpdatePublisher publisher = new ZmqOrderUpdatePublisher(context, endpoint);
    closeables.add(publisher);
    return publisher;
  }

  private ZmqOrderUpdateSubscriber subscriber(String endpoint) {
    ZmqOrderUpdateSubscriber subscriber = new ZmqOrderUpdateSubscriber(context, endpoint);
    closeables.add(subscriber);
    return subscriber;
  }

  private ZMQ.Socket rawPublisher() {
    ZMQ.Socket raw = context.createSocket(SocketType.PUB);
    closeables.add(raw);
    raw.setLinger(0);
    raw.bindToRandomPort("tcp://127.0.0.1");
    return raw;
  }

  /** Publishes commands until the slow-joining subscriber has one, then drains those in flight. */
  private void join(ZmqOrderUpdatePublisher publisher, ZmqOrderUpdateSubscriber subscriber) {
    long[] commandId = {1_000_000};
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              publisher.publish(
                  new ConditionCommand(++commandId[0], ConditionCommand.Change.ADDED, 999));
              return subscriber.poll(recorder, 100) > 0;
            });
    long last = commandId[0];
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              subscriber.poll(recorder, 100);
              return recorder.events.contains(
                  new ConditionCommand(last, ConditionCommand.Change.ADDED, 999));
            });
  }

  /** Like {@link #join} for a raw publisher; returns the next unused sequence. */
  private long joinRaw(ZMQ.Socket raw, ZmqOrderUpdateSubscriber subscriber, long session) {
    long[] sequence = {0};
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              ++sequence[0];
              raw.send(
                  OrderUpdateCodec.encode(
                      session,
                      sequence[0],
                      new ConditionCommand(sequence[0], ConditionCommand.Change.ADDED, 999)));
              return subscriber.poll(recorder, 100) > 0;
            });
    long last = sequence[0];
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              subscriber.poll(recorder, 100);
              return recorder.events.contains(
                  new ConditionCommand(last, ConditionCommand.Change.ADDED, 999));
            });
    return last + 1;
  }

  private void awaitEvent(Object event) {
    ZmqOrderUpdateSubscriber subscriber =
        closeables.stream()
            .filter(ZmqOrderUpdateSubscriber.class::isInstance)
            .map(ZmqOrderUpdateSubscriber.class::cast)
            .findFirst()
            .orElseThrow();
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              subscriber.poll(recorder, 100);
              return recorder.events.contains(event);
            });
  }

  private static OrderUpdate update(String id, OrderState state, int filled, long cost) {
    return new OrderUpdate(id, state, Math.max(2, filled), filled, cost, "", "");
  }

  /** What the handler was told, in order. */
  private record Gap(long missed) {}

  private static final class Recorder implements ReceiveOrderUpdatesPort.Handler {

    final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void onOrderUpdate(OrderUpdate update) {
      events.add(update);
    }

    @Override
    public void onCommand(ConditionCommand command) {
      events.add(command);
    }

    @Override
    public void onGap(long missed) {
      events.add(new Gap(missed));
    }

    List<Object> tail(int count) {
      return events.subList(events.size() - count, events.size());
    }

    List<Gap> gaps() {
      return events.stream().filter(Gap.class::isInstance).map(Gap.class::cast).toList();
    }

    List<OrderUpdate> updatesFrom(String thread) {
      return events.stream()
          .filter(OrderUpdate.class::isInstance)
          .map(OrderUpdate.class::cast)
          .filter(u -> u.clientOrderId().startsWith(thread + "-"))
          .toList();
    }
  }
}
