package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescingConditionStateWriterTest {

  private static final ConditionSpec SPEC =
      new ConditionSpec(
          "TXF",
          Side.BUY,
          Price.ofPoints(22000),
          Price.ofPoints(30),
          1,
          Price.ofPoints(90),
          Price.ofPoints(30),
          true);

  private final List<ConditionSnapshot> stored = new CopyOnWriteArrayList<>();
  private CoalescingConditionStateWriter writer;

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
  }

  private static ConditionSnapshot trailedTo(long id, long trigger) {
    return new ConditionSnapshot(
        id, SPEC, ConditionState.TRIGGERED, Price.ofPoints(trigger), ConditionProgress.NONE);
  }

  @Test
  void shouldStoreOnlyTheLatestStateOfAConditionThatChangedWhileTheStoreWasBusy() throws Exception {
    CountDownLatch firstSaveStarted = new CountDownLatch(1);
    CountDownLatch storeFree = new CountDownLatch(1);
    SaveConditionStatePort busyStore =
        snapshot -> {
          firstSaveStarted.countDown();
          try {
            storeFree.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          stored.add(snapshot);
          return true;
        };
    writer = new CoalescingConditionStateWriter(busyStore);

    assertThat(writer.saveConditionState(trailedTo(1, 21990))).isTrue();
    assertThat(firstSaveStarted.await(10, TimeUnit.SECONDS)).isTrue();
    // The tick thread never waits for the busy store.
    writer.saveConditionState(trailedTo(1, 21980));
    writer.saveConditionState(trailedTo(1, 21970));
    writer.saveConditionState(trailedTo(2, 21900));
    storeFree.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 3);
    assertThat(stored)
        .extracting(s -> s.id() + "@" + s.triggerPrice())
        .containsExactly("1@21990", "1@21970", "2@21900");
  }

  @Test
  void shouldRetryAFailedSaveWithTheNewestState() {
    AtomicInteger attempts = new AtomicInteger();
    writer =
        new CoalescingConditionStateWriter(
            snapshot -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("database is locked");
              }
              stored.add(snapshot);
              return true;
            });

    writer.saveConditionState(trailedTo(1, 21990));

    await().atMost(Duration.ofSeconds(10)).until(() -> !stored.isEmpty());
    assertThat(stored)
        .extracting(ConditionSnapshot::triggerPrice)
        .containsExactly(Price.ofPoints(21990));
    assertThat(writer.failureCount()).isEqualTo(1);
  }

  @Test
  void closeStoresWhatIsPending() {
    writer = new CoalescingConditionStateWriter(snapshot -> stored.add(snapshot));
    for (long id = 1; id <= 100; id++) {
      writer.saveConditionState(trailedTo(id, 21000 + id));
    }

    writer.close();

    assertThat(stored).hasSize(100);
    assertThat(writer.savedCount()).isEqualTo(100);
  }
}
