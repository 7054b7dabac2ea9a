package org.aftm.application.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the strategy which conditions a flatten closed (docs/architecture.md §12.2): when a flatten
 * order ends with lots filled, its lots are shared among the stored conditions that held them
 * ({@link FlattenAllocation}) and one {@code CLOSED} command per condition goes out on the
 * order-update channel. The strategy owns the conditions' state, so nothing is written here; each
 * command is relayed again under its own id, after 1 s doubling up to the maximum, until the
 * strategy acknowledges it, so a strategy down or restarting at the time still records the close
 * (it applies a repeat as a no-op). Lots held by no condition are logged.
 *
 * <p>Threading: the lifecycle calls {@link #flattenOrderFinished} on the broker's thread under its
 * monitor; the work (reading the conditions, relaying, retrying) runs on this relay's own daemon
 * thread {@code flatten-conditions}, which alone touches {@link #closedTo}.
 */
public final class FlattenedConditionRelay
    implements OrderLifecycle.FlattenOutcomes, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlattenedConditionRelay.class);

  private final LoadConditionsPort conditions;
  private final RelayConditionChangeService relay;
  private final long firstRetryMillis;
  private final long maxRetryMillis;
  private final ScheduledExecutorService worker;

  /**
   * Exit fills already sent per condition, so a second part of a split flatten (or another flatten
   * before the strategy stored the first) does not share out the same lots again. Worker thread
   * only.
   */
  private final Map<Long, Integer> closedTo = new HashMap<>();

  private final AtomicInteger unacknowledged = new AtomicInteger();

  /**
   * @param firstRetry the wait before a command is relayed again, then doubled
   * @param maxRetry the longest wait between two relays of one command
   */
  public FlattenedConditionRelay(
      LoadConditionsPort conditions,
      RelayConditionChangeService relay,
      Duration firstRetry,
      Duration maxRetry) {
    if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException(
          "retry waits must be 0 < first <= max but were " + firstRetry + " and " + maxRetry);
    }
    this.conditions = conditions;
    this.relay = relay;
    this.firstRetryMillis = firstRetry.toMillis();
    this.maxRetryMillis = maxRetry.toMillis();
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "flatten-conditions");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void flattenOrderFinished(Order order) {
    worker.execute(() -> share(order, firstRetryMillis));
  }

  /** Commands relayed and not yet acknowledged by the strategy. */
  public int unacknowledged() {
    return unacknowledged.get();
  }

  private void share(Order order, long retryMillis) {
    List<ConditionSnapshot> stored;
    try {
      stored = conditions.loadAllConditions();
    } catch (RuntimeException e) {
      LOG.warn(
          "Flatten {}: could not read the conditions to tell them; trying again in {} ms: {}",
          order.clientOrderId(),
          retryMillis,
          e.toString());
      worker.schedule(
          () -> share(order, Math.min(2 * retryMillis, maxRetryMillis)),
          retryMillis,
          TimeUnit.MILLISECONDS);
      return;
    }
    OrderRequest request = order.request();
    int filled = order.filledQuantity();
    long priceUnits = order.filledCostUnits() / filled;
    FlattenAllocation.Result result =
        FlattenAllocation.allocate(stored, closedTo, request.itemCode(), request.side(), filled);
    for (FlattenAllocation.Share share : result.shares()) {
      ConditionCommand command =
          relay.relayClosed(
              share.conditionId(),
              share.lots(),
              priceUnits,
              share.exitFilledAfter(),
              order.clientOrderId());
      closedTo.put(share.conditionId(), share.exitFilledAfter());
      unacknowledged.incrementAndGet();
      LOG.warn(
          "Flatten {} closed {} lots of condition {} at {}; told the strategy (command {})",
          order.clientOrderId(),
          share.lots(),
          share.conditionId(),
          Price.format(priceUnits),
          command.commandId());
      worker.schedule(
          () -> awaitAcknowledgement(command, firstRetryMillis),
          firstRetryMillis,
          TimeUnit.MILLISECONDS);
    }
    if (result.uncovered() > 0) {
      LOG.warn(
          "Flatten {} closed {} of {} {} lots that no condition held (opened outside AFTM's"
              + " conditions)",
          order.clientOrderId(),
          result.uncovered(),
          filled,
          request.itemCode());
    }
  }

  private void awaitAcknowledgement(ConditionCommand command, long waitedMillis) {
    if (relay.isAcknowledged(command.commandId())) {
      unacknowledged.decrementAndGet();
      LOG.info(
          "Strategy recorded condition {} closed by {} (command {})",
          command.conditionId(),
          command.closedBy(),
          command.commandId());
      return;
    }
    long next = Math.min(2 * waitedMillis, maxRetryMillis);
    LOG.warn(
        "Strategy has not acknowledged that condition {} was closed by {} (command {}); relaying"
            + " it again, next look in {} ms",
        command.conditionId(),
        command.closedBy(),
        command.commandId(),
        next);
    relay.relayAgain(command);
    worker.schedule(() -> awaitAcknowledgement(command, next), next, TimeUnit.MILLISECONDS);
  }

  /** Stops relaying; commands not yet acknowledged are left to the reconciliation. */
  @Override
  public void close() {
    worker.shutdownNow();
  }
}
