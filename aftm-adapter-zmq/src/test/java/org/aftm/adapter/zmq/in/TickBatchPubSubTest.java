package org.aftm.adapter.zmq.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.ZapAllowList;
import org.aftm.adapter.zmq.out.MarketDataPublisher;
import org.aftm.adapter.zmq.out.ZmqTickPublisher;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.TickEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Ticks handed over together travel as batch frames over a real loopback socket pair, plain and
 * CURVE, and arrive as their ticks, in order, numbered without a gap; single frames mix in, and a
 * subscriber to one instrument never sees another's batch.
 */
class TickBatchPubSubTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration FRESH = Duration.ofSeconds(60);

  private final ZContext serverContext = new ZContext();
  private final ZContext clientContext = new ZContext();
  private final CurveKeyPair mainKeys = CurveKeyPair.generate();
  private final CurveKeyPair strategyKeys = CurveKeyPair.generate();
  private ZapAllowList allowList;

  @AfterEach
  void closeAll() {
    clientContext.close();
    if (allowList != null) {
      allowList.close();
    }
    serverContext.close();
  }

  @ParameterizedTest(name = "curve={0}")
  @ValueSource(booleans = {false, true})
  void shouldDeliverBatchesAsTheirTicksInOrderMixedWithSingleFramesAndFilteredByInstrument(
      boolean curve) {
    LinkSecurity serverEnd = LinkSecurity.NONE;
    LinkSecurity clientEnd = LinkSecurity.NONE;
    if (curve) {
      allowList =
          new ZapAllowList(
              serverContext, List.of(new LinkPeer("strategy", strategyKeys.publicKey(), true)));
      serverEnd = LinkSecurity.server(mainKeys, allowList);
      clientEnd = LinkSecurity.client(strategyKeys, mainKeys.publicKey());
    }
    try (ZmqTickPublisher socket =
            new ZmqTickPublisher(
                serverContext,
                "tcp://127.0.0.1:*",
                ZmqTickPublisher.DEFAULT_SEND_HIGH_WATER_MARK,
                serverEnd);
        ZmqTickSubscriber txfOnly = subscriber(socket, List.of("TXF"), clientEnd);
        ZmqTickSubscriber everything = subscriber(socket, List.of(), clientEnd)) {
      MarketDataPublisher publisher = new MarketDataPublisher(socket);
      List<TickEvent> txfTicks = new CopyOnWriteArrayList<>();
      List<TickEvent> allTicks = new CopyOnWriteArrayList<>();
      // Both subscribers join on lone ticks of a third instrument, so TXF and MXF start at 1.
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                publisher.onTick(new MarketTick("JOIN", 1, 1, 1));
                publisher.onTick(new MarketTick("TXF", 0, 0, 0));
                txfOnly.poll(tick -> txfTicks.add(tick.toEvent()), 100);
                everything.poll(tick -> allTicks.add(tick.toEvent()), 100);
                return !txfTicks.isEmpty() && allTicks.stream().anyMatch(t -> t.quantity() == 0);
              });
      long txfBefore = publisher.lastSequence("TXF");
      long published = socket.publishedCount();

      // A batch of 5 TXF, a batch of 3 MXF, a lone TXF; a lone TXF; a run of 70 TXF (64 + 6).
      List<MarketTick> burst = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        burst.add(new MarketTick("TXF", 100 + i, i, 1_000 + i));
      }
      for (int i = 1; i <= 3; i++) {
        burst.add(new MarketTick("MXF", 200 + i, i, 2_000 + i));
      }
      burst.add(new MarketTick("TXF", 106, 6, 1_006));
      publisher.onTicks(burst);
      publisher.onTick(new MarketTick("TXF", 107, 7, 1_007));
      List<MarketTick> run = new ArrayList<>();
      for (int i = 8; i <= 77; i++) {
        run.add(new MarketTick("TXF", 100 + i, i, 1_000 + i));
      }
      publisher.onTicks(run);
      assertThat(socket.publishedCount() - published).isEqualTo(80);
      assertThat(socket.droppedCount()).isZero();

      List<Integer> handledPerPoll = new ArrayList<>();
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                handledPerPoll.add(txfOnly.poll(tick -> txfTicks.add(tick.toEvent()), 7));
                everything.poll(tick -> allTicks.add(tick.toEvent()), 7);
                return txfTicks.stream().filter(t -> t.quantity() == 77).count() == 1
                    && allTicks.stream().filter(t -> t.quantity() == 77).count() == 1;
              });

      // Join ticks still in flight arrived first, in order: take what followed them.
      List<TickEvent> newTxf = txfTicks.stream().filter(t -> t.sequence() > txfBefore).toList();
      assertThat(newTxf)
          .extracting(TickEvent::sequence)
          .containsExactlyElementsOf(
              LongStream.rangeClosed(txfBefore + 1, txfBefore + 77).boxed().toList());
      assertThat(newTxf)
          .extracting(TickEvent::quantity)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 77).boxed().toList());
      assertThat(newTxf).extracting(TickEvent::priceUnits).startsWith(101L, 102L, 103L);
      assertThat(txfTicks).extracting(TickEvent::itemCode).containsOnly("TXF");
      assertThat(handledPerPoll).allMatch(handled -> handled <= 7);
      assertThat(txfOnly.counters().gaps()).isZero();
      assertThat(txfOnly.counters().malformed()).isZero();

      List<TickEvent> mxf = allTicks.stream().filter(t -> t.itemCode().equals("MXF")).toList();
      assertThat(mxf)
          .containsExactly(
              new TickEvent("MXF", 1, 201, 1, 2_001, mxf.get(0).publishNanos()),
              new TickEvent("MXF", 2, 202, 2, 2_002, mxf.get(0).publishNanos()),
              new TickEvent("MXF", 3, 203, 3, 2_003, mxf.get(0).publishNanos()));
      List<TickEvent> allTxf =
          allTicks.stream()
              .filter(t -> t.itemCode().equals("TXF") && t.sequence() > txfBefore)
              .toList();
      assertThat(allTxf).isEqualTo(newTxf);
      // The order across instruments is the order handed over: 5 TXF, 3 MXF, then TXF again.
      List<String> order =
          allTicks.stream()
              .filter(t -> !t.itemCode().equals("JOIN") && t.quantity() > 0)
              .map(TickEvent::itemCode)
              .limit(9)
              .toList();
      assertThat(order)
          .containsExactly("TXF", "TXF", "TXF", "TXF", "TXF", "MXF", "MXF", "MXF", "TXF");
      assertThat(everything.counters().gaps()).isZero();
      assertThat(everything.counters().malformed()).isZero();
    }
  }

  @Test
  void shouldDropAWholeMalformedBatchAndKeepReceiving() {
    try (ZMQ.Socket rawPublisher = serverContext.createSocket(SocketType.PUB)) {
      int port = rawPublisher.bindToRandomPort("tcp://127.0.0.1");
      try (ZmqTickSubscriber subscriber =
          new ZmqTickSubscriber(clientContext, "tcp://127.0.0.1:" + port, List.of("TXF"), FRESH)) {
        List<TickEvent> received = new CopyOnWriteArrayList<>();
        long[] sequence = {0};
        await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  rawPublisher.send(
                      TickCodec.encode(new TickEvent("TXF", ++sequence[0], 1, 1, 1, 1)));
                  return subscriber.poll(tick -> received.add(tick.toEvent()), 100) > 0;
                });
        long next = sequence[0] + 1;
        long stamp = System.nanoTime();
        byte[] good =
            TickCodec.encodeBatch(
                List.of(
                    new TickEvent("TXF", next, 1, 1, 1, stamp),
                    new TickEvent("TXF", next + 1, 1, 1, 1, stamp)));
        byte[] badCount = good.clone();
        badCount[6] = 3;
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        rawPublisher.send(badCount);
        rawPublisher.send(truncated);
        rawPublisher.send(good);

        await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  subscriber.poll(tick -> received.add(tick.toEvent()), 100);
                  return received.stream().anyMatch(t -> t.sequence() == next + 1);
                });
        assertThat(subscriber.counters().malformed()).isEqualTo(2);
        assertThat(received.stream().filter(t -> t.sequence() >= next))
            .extracting(TickEvent::sequence)
            .containsExactly(next, next + 1);
      }
    }
  }

  private ZmqTickSubscriber subscriber(
      ZmqTickPublisher publisher, List<String> itemCodes, LinkSecurity security) {
    return new ZmqTickSubscriber(
        clientContext, publisher.endpoint(), itemCodes, FRESH, System::nanoTime, security);
  }
}
