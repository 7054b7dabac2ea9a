package org.aftm.application.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
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
 * there would add a disk sync to every order's answer. Changes gather for {@value #GATHER_MILLIS}
 * ms and are written in one transaction (at most {@value #MAX_BATCH} changes), and after fills the
 * accounts' positions are stored as last known, for the operator after a restart.
 *
 * <p>Why this is safe: the broker is the authority on fills and positions. A change lost in a crash
 * before it was written is found again at the next start, when {@link BrokerReconciliation} adopts
 * the broker's positions and asks it about every order left working. Reads go straight to the
 * store; the lifecycle reads only orders it no longer holds in memory, whose writes are long done.
 *
 * <p>As an {@link Executor} it runs other store writes on the same thread, in the same order as the
 * changes: the audit trail's rows, written behind its journal, are inserted before the changes that
 * update them. Such a write that throws is retried until it succeeds (with a back-off up to {@value
 * #MAX_PAUSE_MILLIS} ms), and everything handed over after it waits behind it: giving it up would
 * let the later changes update rows that were never inserted, and so lose them. After {@value
 * #MAX_ATTEMPTS} failed tries it is a storage fault ({@link StorageHealth}: trading reduces); the
 * waiting queue's length is in every retry's log line ({@link #waiting()}). Only when the process
 * stops is such a write given up: its records are still in the audit journal and the next start
 * replays them.
 */
public final class BackgroundOrderJournal implements OrderJournalPort, Executor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundOrderJournal.class);
  static final int MAX_BATCH = 512;

  /** How long the first change of a batch waits for others. */
  static final long GATHER_MILLIS = 20;

  /** Tries per batch before it is given up (a batch of changes) or is a storage fault (a write). */
  static final int MAX_ATTEMPTS = 6;

  /** Longest pause between two tries. */
  static final long MAX_PAUSE_MILLIS = 2_000;

  private final long firstPauseMillis;

  private final OrderJournalPort store;
  private final SavePositionsPort positions;
  private final Portfolio portfolio;

  /** What the writer does next: an {@link OrderChange} or a {@link Runnable} store write. */
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

  private final Thread writer;
  private final AtomicLong failures = new AtomicLong();
  private final StorageHealth storage;
  private volatile boolean closing;

  public BackgroundOrderJournal(
      OrderJournalPort store, SavePositionsPort positions, Portfolio portfolio) {
    this(store, positions, portfolio, StorageHealth.detached());
  }

  /**
   * @param storage told of each write's success or failure (from the writer thread)
   */
  public BackgroundOrderJournal(
      OrderJournalPort store,
      SavePositionsPort positions,
      Portfolio portfolio,
      StorageHealth storage) {
    this(store, positions, portfolio, storage, 100);
  }

  /**
   * @param firstPauseMillis the pause after a first failed try; it doubles after each, up to
   *     {@value #MAX_PAUSE_MILLIS} ms (tests shorten it)
   */
  BackgroundOrderJournal(
      OrderJournalPort store,
      SavePositionsPort positions,
      Portfolio portfolio,
      StorageHealth storage,
      long firstPauseMillis) {
    this.firstPauseMillis = firstPauseMillis;
    this.storage = storage;
    this.store = store;
    this.positions = positions;
    this.portfolio = portfolio;
    this.writer = new Thread(this::writeLoop, "order-journal");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void recordOrderChange(Order order, Fill fill, long epochMillis) {
    queue.add(new OrderChange(order, fill, epochMillis));
  }

  /** Runs {@code write} on the writer thread after every change and write handed over before. */
  @Override
  public void execute(Runnable write) {
    queue.add(write);
  }

  private void writeLoop() {
    List<Object> drained = new ArrayList<>(MAX_BATCH);
    List<OrderChange> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        Object first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            return;
          }
          continue;
        }
        drained.add(first);
        // Let the changes of a burst gather for a moment: one transaction then holds the
        // database's write lock once, instead of once per event between the gateway's commits.
        TimeUnit.MILLISECONDS.sleep(GATHER_MILLIS);
        queue.drainTo(drained, MAX_BATCH - 1);
        // In order: the changes between two other writes go in one transaction.
        for (Object next : drained) {
          if (next instanceof OrderChange change) {
            batch.add(change);
          } else {
            if (!batch.isEmpty()) {
              write(batch);
              batch.clear();
            }
            run((Runnable) next);
          }
        }
        if (!batch.isEmpty()) {
          write(batch);
          batch.clear();
        }
        drained.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Runs a handed-over write until it succeeds: what is queued behind it may depend on it (the
   * audit trail's rows before the changes that update them). Given up only when the process stops.
   */
  private void run(Runnable write) throws InterruptedException {
    long pauseMillis = firstPauseMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        storage.recordSuccess("the audit trail written behind");
        if (attempt > MAX_ATTEMPTS) {
          LOG.warn("Store write succeeded after {} attempts", attempt);
        }
        return;
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS) {
          storage.recordFailure("the audit trail written behind", e);
          if (closing) {
            failures.incrementAndGet();
            LOG.error(
                "Could not run a store write after {} attempts, stopping: {}; the audit journal"
                    + " keeps its records for the next start",
                attempt,
                e.toString());
            return;
          }
        }
        LOG.warn(
            "Could not run a store write (attempt {}, will retry; {} more queued behind it): {}",
            attempt,
            queue.size(),
            e.toString());
        TimeUnit.MILLISECONDS.sleep(pauseMillis);
        pauseMillis = Math.min(2 * pauseMillis, MAX_PAUSE_MILLIS);
      }
    }
  }

  private void write(List<OrderChange> batch) throws InterruptedException {
    // A busy database (another process writing) is retried, in order, before anything later is
    // written; only a batch that keeps failing is given up, with a log line.
    long pauseMillis = firstPauseMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        store.recordOrderChanges(batch);
        storage.recordSuccess("the order journal");
        break;
      } catch (RuntimeException e) {
        if (attempt == MAX_ATTEMPTS) {
          // Only a batch given up is a fault: a busy database (another writer) passes on retry.
          storage.recordFailure("the order journal", e);
          failures.addAndGet(batch.size());
          LOG.error(
              "Could not store {} order changes after {} attempts (first {} {}): {}",
              batch.size(),
              attempt,
              batch.get(0).order().clientOrderId(),
              batch.get(0).order().state().wire(),
              e.toString());
          return;
        }
        LOG.warn("Could not store {} order changes (will retry): {}", batch.size(), e.toString());
        TimeUnit.MILLISECONDS.sleep(pauseMillis);
        pauseMillis = Math.min(2 * pauseMillis, MAX_PAUSE_MILLIS);
      }
    }
    Set<String> accounts = new LinkedHashSet<>();
    for (OrderChange change : batch) {
      if (change.fill() != null) {
        accounts.add(change.fill().orderAccount());
      }
    }
    for (String account : accounts) {
      try {
        positions.savePositions(account, portfolio.positions(account));
        storage.recordSuccess("the positions");
      } catch (RuntimeException e) {
        storage.recordFailure("the positions", e);
        failures.incrementAndGet();
        LOG.error("Could not store the positions of {}: {}", account, e.toString());
      }
    }
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

  /** Changes and writes handed over and not yet taken up by the writer thread. */
  public int waiting() {
    return queue.size();
  }

  /** Changes (and position saves) that could not be stored; each logged. */
  public long failures() {
    return failures.get();
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive() || !queue.isEmpty()) {
      LOG.warn("The order journal stopped with {} changes not stored", queue.size());
    }
  }
}
