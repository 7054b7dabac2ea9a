package org.aftm.adapter.zmq.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.TickEvent;
import org.junit.jupiter.api.Test;

class MarketDataPublisherTest {

  /** Not thread-safe on purpose: the publisher's lock must make it safe. */
  private final List<TickEvent> published = new ArrayList<>();

  private final AtomicLong clock = new AtomicLong(1_000);
  private final MarketDataPublisher publisher =
      new MarketDataPublisher(published::add, clock::incrementAndGet);

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
}
