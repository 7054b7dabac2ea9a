package org.aftm.application.service;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.application.port.out.SavePositionsPort;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the order lifecycle's changes off the order path, in arrival order, on one thread named
 * {@code order-journal}: the broker may deliver events on the gateway's thread, and a durable write
 * there would add a disk sync to every order's answer. After a fill it also stores the account's
 * positions as last known, for the operator after a restart.
 *
 * <p>Why this is safe: the broker is the authority on fills and positions. A change lost in a crash
 * before it was written is found again at the next start, when {@link BrokerReconciliation} adopts
 * the broker's positions and asks it about every order left working. Reads go straight to the
 * store; the lifecycle reads only orders it no longer holds in memory, whose writes are long done.
 */
public final class BackgroundOrderJournal implements OrderJournalPort, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundOrderJournal.class);

  private final OrderJournalPort store;
  private final SavePositionsPort positions;
  private final Portfolio portfolio;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "order-journal");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong failures = new AtomicLong();

  public BackgroundOrderJournal(
      OrderJournalPort store, SavePositionsPort positions, Portfolio portfolio) {
    this.store = store;
    this.positions = positions;
    this.portfolio = portfolio;
  }

  @Override
  public void recordOrderChange(Order order, Fill fill, long epochMillis) {
    writer.execute(
        () -> {
          try {
            store.recordOrderChange(order, fill, epochMillis);
            if (fill != null) {
              positions.savePositions(
                  fill.orderAccount(), portfolio.positions(fill.orderAccount()));
            }
          } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.error(
                "Could not store order {} ({}){}: {}",
                order.clientOrderId(),
                order.state().wire(),
                fill == null ? "" : " or its fill " + fill,
                e.toString());
          }
        });
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

  /** Writes that failed (each logged). */
  public long failures() {
    return failures.get();
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("The order journal did not finish its writes within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
