package org.aftm.adapter.zmq.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.PublishTickPort;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Tick;
import org.aftm.domain.model.TickEvent;
import org.junit.jupiter.api.Test;

class MarketDataPublisherTest {

  /** Not thread-safe on purpose: the publisher's lock must make it safe. */
  private final List<TickEvent> published = new ArrayList<>();

  private final AtomicLong clock = new AtomicLong(1_000);
  private final MarketDataPublisher publisher =
      new MarketDataPublisher(tick -> published.add(tick.toEvent()), clock::incrementAndGet);

  @Test
  void shouldNumberEachInstrumentFromOneAndStampThePublishTime() {
    publisher.onTick(new MarketTick("TXF", 220_000_000L, 2, 1_700_000_000_000L));
    publisher.onTick(new MarketTick("MXF", 220_010_000L, 1, 1_700_000_000_001L));
    publisher.onTick(new MarketTick("TXF", 220_020_000L, 3, 1_700_000_000_002L));

    assertThat(published)
        .containsExactly(
            new TickEvent("TXF", 1, 220_000_000L, 2, 1_700_000_000_000L, 1_001),
            new TickEvent("MXF", 1, 220_010_000L, 1, 1_700_000_000_001L, 1_002),
            new TickEvent("TXF", 2, 220_020_000L, 3, 1_700_000_000_002L, 1_003));
    assertThat(publisher.lastSequence("TXF")).isEqualTo(2);
    assertThat(publisher.lastSequence("FXF")).isZero();
  }

  @Test
  void shouldKeepSequencesContiguousAndInOrderWhenTicksComeFromTwoThreads() {
    int perThread = 20_000;
    Runnable feed =
        () -> {
          for (int i = 0; i < perThread; i++) {
            publisher.onTick(new MarketTick("TXF", i, 1, i));
          }
        };
    CompletableFuture.allOf(CompletableFuture.runAsync(feed), CompletableFuture.runAsync(feed))
        .join();

    synchronized (publisher) {
      assertThat(published).hasSize(2 * perThread);
      for (int i = 0; i < published.size(); i++) {
        assertThat(published.get(i).sequence()).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void shouldNumberATogetherDeliveryInOrderStampItOnceAndHandItOverInOneCall() {
    List<List<TickEvent>> calls = new ArrayList<>();
    MarketDataPublisher together =
        new MarketDataPublisher(
            new PublishTickPort() {
              @Override
              public void publish(Tick tick) {
                calls.add(List.of(tick.toEvent()));
              }

              @Override
              public void publish(Tick[] ticks, int count) {
                List<TickEvent> call = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                  call.add(ticks[i].toEvent());
                }
                calls.add(call);
              }
            },
            clock::incrementAndGet);

    together.onTick(new MarketTick("TXF", 1, 1, 1));
    together.onTicks(
        List.of(
            new MarketTick("TXF", 2, 2, 2),
            new MarketTick("MXF", 3, 3, 3),
            new MarketTick("TXF", 4, 4, 4)));
    together.onTicks(List.of());
    together.onTicks(List.of(new MarketTick("MXF", 5, 5, 5)));

    assertThat(calls)
        .containsExactly(
            List.of(new TickEvent("TXF", 1, 1, 1, 1, 1_001)),
            List.of(
                new TickEvent("TXF", 2, 2, 2, 2, 1_002),
                new TickEvent("MXF", 1, 3, 3, 3, 1_002),
                new TickEvent("TXF", 3, 4, 4, 4, 1_002)),
            List.of(new TickEvent("MXF", 2, 5, 5, 5, 1_003)));
  }

  @Test
  void shouldPublishNothingOnceStopped() {
    publisher.stop();
    publisher.onTick(new MarketTick("TXF", 1, 1, 1));
    publisher.onTicks(List.of(new MarketTick("TXF", 1, 1, 1)));
    assertThat(published).isEmpty();
  }

  @Test
  void shouldKeepSequencesContiguousWhenSinglesAndDeliveriesComeFromTwoThreads() {
    int rounds = 5_000;
    Runnable singles =
        () -> {
          for (int i = 0; i < rounds; i++) {
            publisher.onTick(new MarketTick("TXF", i, 1, i));
          }
        };
    List<MarketTick> three =
        List.of(
            new MarketTick("TXF", 1, 1, 1),
            new MarketTick("TXF", 2, 1, 1),
            new MarketTick("TXF", 3, 1, 1));
    Runnable deliveries =
        () -> {
          for (int i = 0; i < rounds; i++) {
            publisher.onTicks(three);
          }
        };
    CompletableFuture.allOf(
            CompletableFuture.runAsync(singles), CompletableFuture.runAsync(deliveries))
        .join();

    synchronized (publisher) {
      assertThat(published).hasSize(4 * rounds);
      for (int i = 0; i < published.size(); i++) {
        assertThat(published.get(i).sequence()).isEqualTo(i + 1);
      }
    }
  }
}
