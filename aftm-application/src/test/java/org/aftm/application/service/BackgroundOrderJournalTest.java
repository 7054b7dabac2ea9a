package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.application.port.out.SavePositionsPort;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundOrderJournalTest {

  private final FakeOrderJournal store = new FakeOrderJournal();
  private final AtomicInteger failuresToCome = new AtomicInteger();
  private final List<List<Position>> savedPositions = new ArrayList<>();
  private final SavePositionsPort positions =
      new SavePositionsPort() {
        @Override
        public synchronized void savePositions(String account, List<Position> saved) {
          savedPositions.add(saved);
        }

        @Override
        public List<Position> loadPositions(String account) {
          return List.of();
        }
      };
  private final FlakyStore flaky = new FlakyStore();
  private final Portfolio portfolio = new Portfolio(item -> 200);
  private final BackgroundOrderJournal journal =
      new BackgroundOrderJournal(flaky, positions, portfolio);

  /** Fails the first calls, as a database busy with another process's write would. */
  private final class FlakyStore implements OrderJournalPort {
    @Override
    public void recordOrderChanges(List<OrderChange> changes) {
      if (failuresToCome.getAndDecrement() > 0) {
        throw new IllegalStateException("database is locked");
      }
      OrderJournalPort.super.recordOrderChanges(changes);
    }

    @Override
    public void recordOrderChange(Order order, Fill fill, long epochMillis) {
      store.recordOrderChange(order, fill, epochMillis);
    }

    @Override
    public Optional<Order> loadOrder(String clientOrderId) {
      return store.loadOrder(clientOrderId);
    }

    @Override
    public List<Order> loadOrdersClosing(String entryClientOrderId) {
      return store.loadOrdersClosing(entryClientOrderId);
    }

    @Override
    public List<Order> loadWorkingOrders() {
      return store.loadWorkingOrders();
    }
  }

  @AfterEach
  void close() {
    journal.close();
  }

  private static Order order(String clientOrderId) {
    return new Order(
        new OrderRequest(
            "ACC",
            "TXF",
            Side.BUY,
            OrderType.MARKET,
            Price.ZERO,
            1,
            OpenClose.AUTO,
            "test",
            DayTrade.NO,
            TimeInForce.IOC,
            clientOrderId),
        null);
  }

  @Test
  void shouldStoreChangesInOrderAndThePositionsAfterAFill() {
    Fill fill = new Fill("c2", "e1", "S1", "ACC", "TXF", Side.BUY, 1, Price.ofPoints(22000), 1);
    portfolio.onFill(fill);

    journal.recordOrderChange(order("c1"), null, 1);
    journal.recordOrderChange(order("c2"), fill, 2);

    await().atMost(Duration.ofSeconds(10)).until(() -> store.loadOrder("c2").isPresent());
    assertThat(store.loadOrder("c1")).isPresent();
    assertThat(store.fills).containsExactly(fill);
    await().atMost(Duration.ofSeconds(10)).until(() -> !savedPositions.isEmpty());
    assertThat(journal.failures()).isZero();
  }

  @Test
  void shouldRetryABatchThatFailedInsteadOfLosingIt() {
    failuresToCome.set(2);

    journal.recordOrderChange(order("c1"), null, 1);

    await().atMost(Duration.ofSeconds(10)).until(() -> store.loadOrder("c1").isPresent());
    assertThat(journal.failures()).as("retried, not given up").isZero();
  }

  @Test
  void shouldRetryAWriteUntilItSucceedsAndKeepLaterChangesBehindIt() {
    List<String> health = new ArrayList<>();
    StorageHealth storage = StorageHealth.detached();
    try (BackgroundOrderJournal patient =
        new BackgroundOrderJournal(flaky, positions, portfolio, storage, 1)) {
      // Fails past MAX_ATTEMPTS, as a database on a full disk does until space is freed.
      AtomicInteger writeFailuresToCome =
          new AtomicInteger(BackgroundOrderJournal.MAX_ATTEMPTS + 4);
      List<String> written = new ArrayList<>();
      patient.execute(
          () -> {
            if (writeFailuresToCome.getAndDecrement() > 0) {
              synchronized (health) {
                health.add(storage.healthy() ? "healthy" : "faulty");
              }
              throw new IllegalStateException("database or disk is full");
            }
            synchronized (written) {
              written.add("row c1");
            }
          });
      // The change that updates the row: stored only after the row is written.
      patient.recordOrderChange(order("c1"), null, 1);

      await().atMost(Duration.ofSeconds(10)).until(() -> store.loadOrder("c1").isPresent());
      synchronized (written) {
        assertThat(written).as("the write was not given up").containsExactly("row c1");
      }
      synchronized (health) {
        assertThat(health).as("a storage fault while it kept failing").contains("faulty");
      }
      assertThat(storage.healthy()).as("cleared once it was written").isTrue();
      assertThat(patient.failures()).isZero();
    }
  }
}
