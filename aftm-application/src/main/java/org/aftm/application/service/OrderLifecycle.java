package org.aftm.application.service;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftm.application.log.LogScope;
import org.aftm.application.port.in.GetOrderStatesUseCase;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main process's order lifecycle: every order placed through the gateway, keyed by client order
 * id, moved by the broker's order events through {@link Order}'s transition table. Each applied
 * event is journaled, a fill updates the {@link Portfolio}, and the order as it now stands is
 * published to the strategy. A refused event is logged and changes nothing; a repeated one is
 * ignored.
 *
 * <p>Thread-safe: one monitor guards the orders; the writers are the gateway thread (submit,
 * refusals) and the broker's event thread. Finished orders beyond {@value #MAX_FINISHED_IN_MEMORY}
 * leave memory (oldest first) and are read back from the journal when asked for.
 */
public final class OrderLifecycle implements ExchangeListener, GetOrderStatesUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);
  static final int MAX_FINISHED_IN_MEMORY = 50_000;

  private final Portfolio portfolio;
  private final OrderJournalPort journal;
  private final PublishOrderUpdatesPort updates;
  private final InstantSource clock;

  /** Orders by client order id, oldest first; guarded by this. */
  private final LinkedHashMap<String, Order> orders = new LinkedHashMap<>();

  /** Exits in memory by the entry they close; guarded by this. */
  private final Map<String, List<String>> exitsByEntry = new HashMap<>();

  /** Lots filled by exits that left memory, by the entry they closed; guarded by this. */
  private final Map<String, Integer> trimmedExitFills = new HashMap<>();

  /**
   * Entries whose exits are all known here: those submitted in this run, and older ones once their
   * exits were read from the journal; guarded by this.
   */
  private final Set<String> exitsKnown = new HashSet<>();

  /**
   * Entries whose lots a flatten closed: nothing of theirs is left for an exit to close; guarded by
   * this. Few (the entries open at a flatten), so kept.
   */
  private final Set<String> closedEntries = new HashSet<>();

  private final int maxFinishedInMemory;
  private long eventsRefused;
  private long fillsApplied;

  private final FlattenOutcomes flattenOutcomes;

  /**
   * Told when a flatten order ({@link PositionFlattener#CLIENT_ORDER_ID_PREFIX}) reaches a final
   * state with lots filled, so the conditions those lots belonged to can be told. Called on the
   * thread that applied the final event (the broker's, or the start's recovery) while the
   * lifecycle's monitor is held: it must hand the work off and return at once.
   */
  @FunctionalInterface
  public interface FlattenOutcomes {
    /**
     * @param order a copy of the flatten order as it ended
     */
    void flattenOrderFinished(Order order);
  }

  public OrderLifecycle(
      Portfolio portfolio,
      OrderJournalPort journal,
      PublishOrderUpdatesPort updates,
      InstantSource clock) {
    this(portfolio, journal, updates, clock, order -> {});
  }

  /**
   * @param flattenOutcomes told of every flatten order that ended with lots filled
   */
  public OrderLifecycle(
      Portfolio portfolio,
      OrderJournalPort journal,
      PublishOrderUpdatesPort updates,
      InstantSource clock,
      FlattenOutcomes flattenOutcomes) {
    this(portfolio, journal, updates, clock, flattenOutcomes, MAX_FINISHED_IN_MEMORY);
  }

  /** For tests: a smaller number of orders kept in memory. */
  OrderLifecycle(
      Portfolio portfolio,
      OrderJournalPort journal,
      PublishOrderUpdatesPort updates,
      InstantSource clock,
      int maxFinishedInMemory) {
    this(portfolio, journal, updates, clock, order -> {}, maxFinishedInMemory);
  }

  private OrderLifecycle(
      Portfolio portfolio,
      OrderJournalPort journal,
      PublishOrderUpdatesPort updates,
      InstantSource clock,
      FlattenOutcomes flattenOutcomes,
      int maxFinishedInMemory) {
    this.portfolio = portfolio;
    this.journal = journal;
    this.updates = updates;
    this.clock = clock;
    this.flattenOutcomes = flattenOutcomes;
    this.maxFinishedInMemory = maxFinishedInMemory;
  }

  /** Takes back the orders a previous run left working (from the journal), at start. */
  public synchronized void restore(List<Order> working) {
    for (Order order : working) {
      remember(order);
      addWorking(order.request(), order.workingQuantity());
    }
  }

  /** How many orders are not in a final state. */
  public synchronized int workingCount() {
    int working = 0;
    for (Order order : orders.values()) {
      if (!order.state().isFinal()) {
        working++;
      }
    }
    return working;
  }

  /** Orders not in a final state, oldest first. */
  public synchronized List<Order> workingOrders() {
    List<Order> result = new ArrayList<>();
    for (Order order : orders.values()) {
      if (!order.state().isFinal()) {
        result.add(order.copy());
      }
    }
    return result;
  }

  /**
   * Registers an order about to go to the broker, so its events (which may arrive before the
   * broker's answer returns) find it.
   */
  public synchronized void submit(OrderRequest request, String closesClientOrderId) {
    Order order = new Order(request, closesClientOrderId);
    remember(order);
    if (closesClientOrderId == null) {
      exitsKnown.add(order.clientOrderId());
    }
    addWorking(request, request.quantity());
    journal.recordOrderChange(order.copy(), null, clock.millis());
    updates.publish(order.toUpdate());
    LOG.info(
        "Order {} to the broker: {} {} x{}",
        UntrustedText.quote(order.clientOrderId()),
        request.side().wire(),
        UntrustedText.quote(request.itemCode(), 40),
        request.quantity());
  }

  /**
   * Records an order refused before it reached the broker (a check, or the broker's immediate
   * refusal of an order never submitted here), so the strategy learns of it and {@code
   * get_order_states} can answer.
   */
  public synchronized void refuse(
      OrderRequest request, String closesClientOrderId, String errorCode, String reason) {
    Order order = orders.get(request.clientOrderId());
    if (order == null) {
      order = new Order(request, closesClientOrderId);
      remember(order);
      // Never submitted, so never counted in flight: count it now, so that the rejection, which
      // takes its lots off again, leaves the lots in flight as they were.
      addWorking(request, request.quantity());
    }
    apply(
        order, new OrderEvent.Rejected(request.clientOrderId(), errorCode, reason, clock.millis()));
  }

  @Override
  public void onOrderEvent(OrderEvent event) {
    synchronized (this) {
      Order order = orders.get(event.clientOrderId());
      if (order == null) {
        order = journal.loadOrder(event.clientOrderId()).orElse(null);
        if (order == null) {
          eventsRefused++;
          try (LogScope scope = LogScope.order(event.clientOrderId(), null)) {
            LOG.warn(
                "Order event for an unknown order {} ignored: {}",
                UntrustedText.quote(event.clientOrderId()),
                UntrustedText.oneLine(String.valueOf(event), UntrustedText.MAX_CHARS));
          }
          return;
        }
        remember(order);
      }
      // On the broker's event thread; on the gateway's, inside the order's own scope.
      try (LogScope scope = LogScope.order(order.clientOrderId(), order.request().itemCode())) {
        apply(order, event);
      }
    }
  }

  /** Guarded by this. */
  private void apply(Order order, OrderEvent event) {
    int workingBefore = order.workingQuantity();
    Order.Outcome outcome = order.apply(event);
    if (outcome == Order.Outcome.DUPLICATE) {
      LOG.debug("Repeated order event ignored: {}", event);
      return;
    }
    if (outcome == Order.Outcome.REFUSED) {
      eventsRefused++;
      LOG.warn("Invalid order event not applied: {}", order.lastRefusal());
      return;
    }
    OrderRequest request = order.request();
    addWorking(request, order.workingQuantity() - workingBefore);
    Fill fill = null;
    if (event instanceof OrderEvent.Filled filled) {
      fill =
          new Fill(
              filled.clientOrderId(),
              filled.executionId(),
              order.orderSerial(),
              request.orderAccount(),
              request.itemCode(),
              request.side(),
              filled.quantity(),
              filled.price(),
              filled.timeMillis());
      portfolio.onFill(fill);
      fillsApplied++;
    }
    if (order.state().isFinal()) {
      trimFinished();
    }
    journal.recordOrderChange(order.copy(), fill, clock.millis());
    updates.publish(order.toUpdate());
    logApplied(order, fill);
    if (order.state().isFinal()) {
      // A final state is reached once (every later event is refused), so each flatten order is
      // told once; other orders pay one prefix check, at their end only.
      tellIfFlattenEnded(order);
    }
  }

  /** A fill, and an order's end, each one line; an acknowledgement none. Guarded by this. */
  private static void logApplied(Order order, Fill fill) {
    if (fill != null) {
      LOG.info(
          "Fill of order {}: {} lots at {} ({} of {} filled, {})",
          UntrustedText.quote(order.clientOrderId()),
          fill.quantity(),
          fill.price(),
          order.filledQuantity(),
          order.request().quantity(),
          order.state().wire());
    } else if (order.state().isFinal()) {
      LOG.info(
          "Order {} {} ({} of {} filled){}",
          UntrustedText.quote(order.clientOrderId()),
          order.state().wire(),
          order.filledQuantity(),
          order.request().quantity(),
          order.errorCode() == null || order.errorCode().isEmpty()
              ? ""
              : ": "
                  + UntrustedText.oneLine(
                      order.errorCode() + " " + order.reason(), UntrustedText.MAX_CHARS));
    }
  }

  /** Guarded by this. */
  private void tellIfFlattenEnded(Order order) {
    if (order.filledQuantity() > 0
        && order.clientOrderId().startsWith(PositionFlattener.CLIENT_ORDER_ID_PREFIX)) {
      try {
        flattenOutcomes.flattenOrderFinished(order.copy());
      } catch (RuntimeException e) {
        // The order's own outcome stands; only the conditions' record of it is missed.
        LOG.error(
            "Flatten order {} ended but its conditions were not told", order.clientOrderId(), e);
      }
    }
  }

  /**
   * Brings a working order to the broker's word on it, after a restart: the broker's fills are
   * already in the positions the portfolio adopted, so only the order's own state changes here. An
   * order the broker never received is rejected ({@code NOT_RECEIVED}).
   *
   * @param brokerState the broker's state of the order, or {@code null} if it never received it
   */
  public synchronized void recover(String clientOrderId, OrderUpdate brokerState) {
    Order order = orders.get(clientOrderId);
    if (order == null || order.state().isFinal()) {
      return;
    }
    try (LogScope scope = LogScope.order(clientOrderId, order.request().itemCode())) {
      recover(order, brokerState);
    }
  }

  /** Guarded by this. */
  private void recover(Order order, OrderUpdate brokerState) {
    String clientOrderId = order.clientOrderId();
    int workingBefore = order.workingQuantity();
    Order recovered;
    if (brokerState == null) {
      recovered =
          Order.restore(
              order.request(),
              order.closesClientOrderId(),
              OrderState.REJECTED,
              order.orderSerial(),
              order.filledQuantity(),
              order.filledCostUnits(),
              "NOT_RECEIVED",
              "the broker never received it",
              order.executions());
      if (order.filledQuantity() > 0) {
        LOG.error(
            "Order {} had fills here but the broker does not know it; left as {}",
            UntrustedText.quote(clientOrderId),
            order.state().wire());
        return;
      }
    } else {
      recovered =
          Order.restore(
              order.request(),
              order.closesClientOrderId(),
              brokerState.state(),
              order.orderSerial(),
              brokerState.filledQuantity(),
              brokerState.filledCostUnits(),
              brokerState.errorCode(),
              brokerState.reason(),
              order.executions());
    }
    remember(recovered);
    OrderRequest request = recovered.request();
    addWorking(request, recovered.workingQuantity() - workingBefore);
    journal.recordOrderChange(recovered.copy(), null, clock.millis());
    updates.publish(recovered.toUpdate());
    if (recovered.state().isFinal()) {
      tellIfFlattenEnded(recovered);
    }
    LOG.info(
        "Order {} recovered from the broker: {} ({} of {} filled)",
        UntrustedText.quote(clientOrderId),
        recovered.state().wire(),
        recovered.filledQuantity(),
        request.quantity());
  }

  /**
   * Settles an order whose outcome was unknown with the broker's word on it, while running: fills
   * the broker reports beyond those applied here are applied (so the portfolio gets them), then its
   * final state. An order the broker never received is rejected ({@code NOT_RECEIVED}), so its
   * sender may try again.
   *
   * @param brokerState the broker's state of the order, or {@code null} if it never received it
   */
  public synchronized void resolve(String clientOrderId, OrderUpdate brokerState) {
    Order order = orders.get(clientOrderId);
    if (order == null || order.state() != OrderState.UNKNOWN) {
      return;
    }
    try (LogScope scope = LogScope.order(clientOrderId, order.request().itemCode())) {
      resolve(order, brokerState);
    }
  }

  /** Guarded by this. */
  private void resolve(Order order, OrderUpdate brokerState) {
    String clientOrderId = order.clientOrderId();
    long now = clock.millis();
    if (brokerState == null) {
      if (order.filledQuantity() == 0) {
        apply(
            order,
            new OrderEvent.Rejected(
                clientOrderId, "NOT_RECEIVED", "the broker never received it", now));
      }
      return;
    }
    int missing = brokerState.filledQuantity() - order.filledQuantity();
    if (missing > 0) {
      long cost = brokerState.filledCostUnits() - order.filledCostUnits();
      apply(
          order,
          new OrderEvent.Filled(
              clientOrderId,
              order.orderSerial(),
              "resolved-" + brokerState.filledQuantity(),
              missing,
              Price.ofUnits(cost / missing),
              now));
    }
    String reason = brokerState.reason().isEmpty() ? "as the broker reports" : brokerState.reason();
    switch (brokerState.state()) {
      case ACCEPTED, PARTIALLY_FILLED ->
          apply(order, new OrderEvent.Accepted(clientOrderId, order.orderSerial(), now));
      case REJECTED ->
          apply(
              order, new OrderEvent.Rejected(clientOrderId, brokerState.errorCode(), reason, now));
      case CANCELLED ->
          apply(order, new OrderEvent.Cancelled(clientOrderId, order.orderSerial(), reason, now));
      case EXPIRED ->
          apply(order, new OrderEvent.Expired(clientOrderId, order.orderSerial(), reason, now));
      default -> {}
    }
    LOG.info(
        "Unknown order {} resolved with the broker: {} ({} of {} filled)",
        UntrustedText.quote(clientOrderId),
        order.state().wire(),
        order.filledQuantity(),
        order.request().quantity());
  }

  /**
   * Publishes the order's current state again: for a repeated {@code send_order}, whose sender may
   * have missed the outcome.
   */
  public synchronized void republish(String clientOrderId) {
    find(clientOrderId).ifPresent(order -> updates.publish(order.toUpdate()));
  }

  /** The order, from memory or the journal. */
  public synchronized Optional<Order> find(String clientOrderId) {
    Order order = orders.get(clientOrderId);
    if (order != null) {
      return Optional.of(order);
    }
    return journal.loadOrder(clientOrderId);
  }

  /**
   * Lots an exit of the entry {@code entryClientOrderId} may still close: what the entry filled,
   * minus what its other exits filled or still have working. Zero for an entry never filled or
   * unknown.
   */
  public synchronized int closableFor(String entryClientOrderId) {
    if (closedEntries.contains(entryClientOrderId)) {
      return 0;
    }
    Optional<Order> entry = find(entryClientOrderId);
    if (entry.isEmpty()) {
      return 0;
    }
    if (exitsKnown.add(entryClientOrderId)) {
      for (Order exit : journal.loadOrdersClosing(entryClientOrderId)) {
        if (!orders.containsKey(exit.clientOrderId())) {
          remember(exit);
        }
      }
    }
    int closable =
        entry.get().filledQuantity() - trimmedExitFills.getOrDefault(entryClientOrderId, 0);
    for (String exitId : exitsByEntry.getOrDefault(entryClientOrderId, List.of())) {
      Order exit = orders.get(exitId);
      if (exit != null) {
        closable -= exit.filledQuantity() + exit.workingQuantity();
      }
    }
    return Math.max(0, closable);
  }

  /**
   * Marks every entry of {@code itemCode} in {@code account} that filled as closed: a flatten
   * closed the account's net, so a condition's later exit has nothing left to close ({@code
   * NO_POSITION_TO_CLOSE}) rather than opening a new position. Entries that already left memory are
   * not marked; their exits are then judged by the account's net as any close is.
   */
  public synchronized void closeEntriesOf(String account, String itemCode, String reason) {
    int marked = 0;
    for (Order order : orders.values()) {
      OrderRequest request = order.request();
      if (order.closesClientOrderId() == null
          && order.filledQuantity() > 0
          && request.orderAccount().equals(account)
          && request.itemCode().equals(itemCode)
          && closedEntries.add(order.clientOrderId())) {
        marked++;
      }
    }
    if (marked > 0) {
      LOG.warn(
          "{} entries of {} {} marked closed ({}): their exits will be refused",
          marked,
          account,
          itemCode,
          reason);
    }
  }

  /**
   * Tells the strategy an order was refused without keeping or journaling it: for refusals that
   * must cost nothing durable (the rate limit under a flood). The order is not in memory
   * afterwards.
   */
  public synchronized void publishRefusal(
      OrderRequest request, String closesClientOrderId, String errorCode, String reason) {
    Order order = new Order(request, closesClientOrderId);
    order.apply(
        new OrderEvent.Rejected(request.clientOrderId(), errorCode, reason, clock.millis()));
    updates.publish(order.toUpdate());
  }

  @Override
  public synchronized List<OrderUpdate> orderStates(List<String> clientOrderIds) {
    List<OrderUpdate> result = new ArrayList<>(clientOrderIds.size());
    for (String id : clientOrderIds) {
      find(id).ifPresent(order -> result.add(order.toUpdate()));
    }
    return result;
  }

  /** Events that were not applied: invalid for the order's state, or for an unknown order. */
  public synchronized long eventsRefused() {
    return eventsRefused;
  }

  /** Adds {@code lots} of the request's side to what is in flight (negative takes off). */
  private void addWorking(OrderRequest request, int lots) {
    portfolio.addWorking(request.orderAccount(), request.itemCode(), request.side().sign() * lots);
  }

  /** Guarded by this. */
  private void remember(Order order) {
    orders.put(order.clientOrderId(), order);
    String entry = order.closesClientOrderId();
    if (entry != null) {
      List<String> exits = exitsByEntry.computeIfAbsent(entry, k -> new ArrayList<>(2));
      if (!exits.contains(order.clientOrderId())) {
        exits.add(order.clientOrderId());
      }
    }
  }

  /**
   * Guarded by this. Drops the oldest finished orders once there are too many, and what is known of
   * an entry's exits once neither the entry nor any of its exits is in memory: that bookkeeping
   * grew by one id per order, forever, and is read back from the journal if the entry is asked for
   * again.
   */
  private void trimFinished() {
    if (orders.size() <= maxFinishedInMemory) {
      return;
    }
    var it = orders.values().iterator();
    while (orders.size() > maxFinishedInMemory && it.hasNext()) {
      Order oldest = it.next();
      if (oldest.state().isFinal()) {
        it.remove();
        String entry = oldest.closesClientOrderId();
        if (entry != null) {
          List<String> exits = exitsByEntry.get(entry);
          if (exits != null && exits.remove(oldest.clientOrderId())) {
            trimmedExitFills.merge(entry, oldest.filledQuantity(), Integer::sum);
          }
          forgetExitsIfGone(entry);
        } else {
          forgetExitsIfGone(oldest.clientOrderId());
        }
      }
    }
  }

  /**
   * Guarded by this. Forgets the exits bookkeeping of an entry that left memory with all its exits,
   * so {@link #closableFor} reads them all back from the journal, consistently, if ever asked.
   */
  private void forgetExitsIfGone(String entry) {
    if (orders.containsKey(entry)) {
      return;
    }
    List<String> exits = exitsByEntry.get(entry);
    if (exits != null && !exits.isEmpty()) {
      return;
    }
    exitsByEntry.remove(entry);
    trimmedExitFills.remove(entry);
    exitsKnown.remove(entry);
  }

  /** For tests: ids held by the exits bookkeeping, which must stay bounded like the orders. */
  synchronized int exitBookkeepingSize() {
    return exitsByEntry.size() + trimmedExitFills.size() + exitsKnown.size();
  }

  /** For tests: orders in memory. */
  synchronized int ordersInMemory() {
    return orders.size();
  }

  /** Fills applied since start. */
  public synchronized long fillsApplied() {
    return fillsApplied;
  }

  /** The state of a known order, for logs and tests. */
  public synchronized Optional<OrderState> stateOf(String clientOrderId) {
    return find(clientOrderId).map(Order::state);
  }
}
