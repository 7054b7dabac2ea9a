package org.aftm.application.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aftm.application.log.LogScope;
import org.aftm.application.port.out.HopLatencyPort;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.ReceiveOrderUpdatesPort;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.application.port.out.SendSignalPort;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Tick;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.Strategy;
import org.aftm.domain.strategy.StrategyListener;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategy process's duty cycle, in stages: order updates from the main process first (so a
 * condition moves on its outcome before the next price), then ticks through the strategy, then
 * signals out to the order executor; operator commands, and the conditions' lots a flatten closed,
 * arrive on the order-update channel and are acknowledged. Each condition change is stored (off
 * this thread).
 *
 * <p>Closing the loop: a condition waits for its order's outcome. An order with no word back within
 * {@code orderTimeoutNanos} is sent again under the same id (the gateway answers a repeat from its
 * audit and publishes the state again, so nothing is placed twice). At start, and after a gap in
 * the order updates, the agent asks the main process for the states of the orders its conditions
 * wait on before it acts again; one the main process never saw is sent again, an entry as too old
 * to place (the gateway refuses it and the condition may enter anew), an exit as new.
 *
 * <p>A plugin instance's order (not built on conditions, {@code aftm-<instance>-<n>}) is awaited
 * until its final update: sent again under the same id when overdue, and asked for at a resync; one
 * the main process never saw is left to the timeout, since only this run sent it.
 *
 * <p>Threading: every method but the counters runs on the agent's thread, which owns the book.
 *
 * <p>Logging: the lines about a signal or a condition carry its ids ({@link LogScope}), opened only
 * around those rare events: a tick that moves no condition, or only trails one, opens none.
 */
public final class StrategyAgent implements Agent, StrategyListener {

  private static final Logger LOG = LoggerFactory.getLogger(StrategyAgent.class);
  private static final int MESSAGES_PER_DUTY_CYCLE = 64;

  /**
   * Signals held while the executor is unreachable; beyond this the oldest is dropped and counted.
   */
  static final int MAX_PENDING_SIGNALS = 1024;

  /** How often the agent looks for orders without an outcome, and retries a failed resync. */
  private static final long HOUSEKEEPING_NANOS = 200_000_000L;

  private static final long MIN_RESYNC_BACKOFF_NANOS = 1_000_000_000L;
  private static final long MAX_RESYNC_BACKOFF_NANOS = 30_000_000_000L;

  /** How long after start the agent asks for the order states a second time. */
  private static final long RESYNC_AFTER_START_NANOS = 1_000_000_000L;

  private final ReceiveTicksPort ticks;
  private final ReceiveOrderUpdatesPort orderUpdates;
  private final SendSignalPort signals;
  private final LoadConditionsPort loadConditions;
  private final SaveConditionStatePort saveConditions;
  private final OrderGateway gateway;
  private final ConditionBook book;
  private final Strategy strategy;
  private final LongSupplier nanoClock;
  private final long orderTimeoutNanos;
  private final HopLatencyPort hops;

  /** Whether the tick being handled produced a signal; agent thread only. */
  private boolean signalled;

  private final ReceiveTicksPort.TickHandler onTick = this::onTick;
  private final ReceiveOrderUpdatesPort.Handler onMessage = new MessageHandler();

  /** Signals not yet accepted by the sender, oldest first; retried every duty cycle, in order. */
  private final ArrayDeque<Signal> pending = new ArrayDeque<>();

  /** The last signal sent per client order id still awaited, and when it or its last word came. */
  private final Map<String, Awaited> awaited = new HashMap<>();

  private boolean resyncNeeded = true;

  /** When a failed resync may be tried again; backs off while the gateway does not answer. */
  private long resyncRetryAtNanos;

  private long resyncBackoffNanos = MIN_RESYNC_BACKOFF_NANOS;
  private long lastEntryCheckNanos;

  /**
   * When to ask for the order states once more after start: updates published while the
   * subscription was still connecting are lost without a gap to show it.
   */
  private long resyncAgainAtNanos;

  private long lastHousekeepingNanos;
  private final AtomicLong ticksSeen = new AtomicLong();
  private final AtomicLong signalsSent = new AtomicLong();
  private final AtomicLong signalsDropped = new AtomicLong();
  private final AtomicLong orderUpdatesApplied = new AtomicLong();
  private final AtomicLong ordersResent = new AtomicLong();
  private final AtomicLong commandsApplied = new AtomicLong();
  private final AtomicLong saveFailures = new AtomicLong();

  private static final class Awaited {
    final Signal signal;

    /** Whether this run sent it (else it was found waiting at start or after a gap). */
    final boolean sentHere;

    long lastNanos;

    Awaited(Signal signal, long lastNanos, boolean sentHere) {
      this.signal = signal;
      this.lastNanos = lastNanos;
      this.sentHere = sentHere;
    }
  }

  /**
   * @param gateway the main process's gateway, asked for order states and told of applied commands
   * @param orderTimeoutNanos how long an order may stay without word before it is sent again
   */
  public StrategyAgent(
      ReceiveTicksPort ticks,
      ReceiveOrderUpdatesPort orderUpdates,
      SendSignalPort signals,
      LoadConditionsPort loadConditions,
      SaveConditionStatePort saveConditions,
      OrderGateway gateway,
      ConditionBook book,
      Strategy strategy,
      LongSupplier nanoClock,
      long orderTimeoutNanos) {
    this(
        ticks,
        orderUpdates,
        signals,
        loadConditions,
        saveConditions,
        gateway,
        book,
        strategy,
        nanoClock,
        orderTimeoutNanos,
        HopLatencyPort.NONE);
  }

  /**
   * @param gateway the main process's gateway, asked for order states and told of applied commands
   * @param orderTimeoutNanos how long an order may stay without word before it is sent again
   * @param hops where the tick's arrival and the decisions that produced a signal are timed
   */
  public StrategyAgent(
      ReceiveTicksPort ticks,
      ReceiveOrderUpdatesPort orderUpdates,
      SendSignalPort signals,
      LoadConditionsPort loadConditions,
      SaveConditionStatePort saveConditions,
      OrderGateway gateway,
      ConditionBook book,
      Strategy strategy,
      LongSupplier nanoClock,
      long orderTimeoutNanos,
      HopLatencyPort hops) {
    this.hops = hops;
    this.ticks = ticks;
    this.orderUpdates = orderUpdates;
    this.signals = signals;
    this.loadConditions = loadConditions;
    this.saveConditions = saveConditions;
    this.gateway = gateway;
    this.book = book;
    this.strategy = strategy;
    this.nanoClock = nanoClock;
    this.orderTimeoutNanos = orderTimeoutNanos;
  }

  @Override
  public String roleName() {
    return "strategy";
  }

  @Override
  public void onStart() {
    reloadConditions();
    resync();
    resyncAgainAtNanos = nanoClock.getAsLong() + RESYNC_AFTER_START_NANOS;
    LOG.info("Strategy {} started with {} active conditions", strategy.name(), book.size());
  }

  @Override
  public int doWork() {
    int work = pending.isEmpty() ? 0 : flushPending();
    work += orderUpdates.poll(onMessage, MESSAGES_PER_DUTY_CYCLE);
    work += ticks.poll(onTick, MESSAGES_PER_DUTY_CYCLE);
    long now = nanoClock.getAsLong();
    if (now - lastHousekeepingNanos > HOUSEKEEPING_NANOS) {
      lastHousekeepingNanos = now;
      if (resyncAgainAtNanos != 0 && now - resyncAgainAtNanos >= 0) {
        // A command sent while the subscription was connecting is lost without a gap only if
        // nothing followed it: reload the conditions too.
        resyncAgainAtNanos = 0;
        reloadConditions();
        resyncNeeded = true;
      }
      if (now - lastEntryCheckNanos > orderTimeoutNanos) {
        // An entry that filled in part may fill more (or end) without this run hearing of it.
        lastEntryCheckNanos = now;
        resyncNeeded |= anyEntryStillWorking();
      }
      if (resyncNeeded && now - resyncRetryAtNanos >= 0) {
        resync();
      }
      work += resendOverdue(now);
    }
    return work;
  }

  private void onTick(Tick tick) {
    long received = nanoClock.getAsLong();
    ticksSeen.lazySet(ticksSeen.get() + 1);
    if (tick.publishNanos() != 0) {
      // Both ends read CLOCK_MONOTONIC of the same machine (System.nanoTime on Linux).
      hops.record(HopLatencyPort.Hop.TICK_TO_STRATEGY, received - tick.publishNanos());
    }
    signalled = false;
    strategy.onTick(tick, this);
    if (signalled) {
      hops.record(HopLatencyPort.Hop.STRATEGY_DECISION, nanoClock.getAsLong() - received);
    }
  }

  private final class MessageHandler implements ReceiveOrderUpdatesPort.Handler {
    @Override
    public void onOrderUpdate(OrderUpdate update) {
      applyUpdate(update);
    }

    @Override
    public void onCommand(ConditionCommand command) {
      applyCommand(command);
    }

    @Override
    public void onGap(long missed) {
      LOG.warn(
          "{} messages from the main process may be lost (a gap, a restart, or sent before this"
              + " subscription connected): reloading conditions, asking for order states",
          missed);
      reloadConditions();
      resyncNeeded = true;
    }
  }

  private void applyUpdate(OrderUpdate update) {
    Awaited waiting = awaited.get(update.clientOrderId());
    if (waiting != null) {
      waiting.lastNanos = nanoClock.getAsLong();
      if (update.state().isFinal()) {
        awaited.remove(update.clientOrderId());
      }
    }
    orderUpdatesApplied.lazySet(orderUpdatesApplied.get() + 1);
    strategy.onOrderUpdate(update, this);
  }

  private void applyCommand(ConditionCommand command) {
    try (LogScope scope = LogScope.condition(command.conditionId(), null, null)) {
      applyCommandInScope(command);
    }
  }

  private void applyCommandInScope(ConditionCommand command) {
    try {
      if (command.change() == ConditionCommand.Change.CLOSED) {
        applyClosed(command);
      } else if (command.change() == ConditionCommand.Change.ADDED) {
        loadConditions
            .loadCondition(command.conditionId())
            .filter(s -> !s.state().isFinished() && !book.contains(s.id()))
            .ifPresent(
                snapshot -> {
                  book.put(Condition.restore(snapshot));
                  try (LogScope scope =
                      LogScope.condition(snapshot.id(), null, snapshot.spec().itemCode())) {
                    LOG.info("Condition {} added: {}", snapshot.id(), snapshot.spec());
                  }
                });
      } else {
        Condition removed = book.remove(command.conditionId());
        if (removed != null) {
          try (LogScope scope = LogScope.condition(removed.id(), null, removed.itemCode())) {
            LOG.info("Condition {} removed by the operator", command.conditionId());
          }
        }
      }
      commandsApplied.lazySet(commandsApplied.get() + 1);
      gateway.acknowledgeCommand(command.commandId());
    } catch (RuntimeException e) {
      // The operator is told it is not confirmed; a later gap or restart reloads the conditions.
      LOG.warn("Condition command {} not applied or not acknowledged: {}", command, e.toString());
    }
  }

  /**
   * Records lots of a condition closed outside its own exits (a flatten). The command says what the
   * condition's exit fills come to with them, so a repeat (the main process relays it until
   * acknowledged), or one that arrives after a restart loaded a state that already counts it,
   * closes nothing more. A condition no longer in the book (it failed meanwhile, say its exit was
   * refused as the flatten had closed its lots) is taken from the store, so its open lots still
   * match the broker's.
   */
  private void applyClosed(ConditionCommand command) {
    Condition condition = book.get(command.conditionId());
    if (condition == null) {
      condition =
          loadConditions.loadCondition(command.conditionId()).map(Condition::restore).orElse(null);
    }
    if (condition == null) {
      LOG.warn(
          "Condition {} closed by {} is not in the store (deleted?); nothing to record",
          command.conditionId(),
          command.closedBy());
      return;
    }
    int lots =
        Math.min(
            command.lots(),
            Math.min(command.exitFilledAfter() - condition.exitFilled(), condition.openQuantity()));
    if (lots <= 0) {
      LOG.info(
          "Condition {}: close by {} already recorded ({} of {} lots closed)",
          condition.id(),
          command.closedBy(),
          condition.exitFilled(),
          condition.entryFilled());
      return;
    }
    String why =
        "closed by flatten " + command.closedBy() + " at " + Price.format(command.priceUnits());
    ConditionStep step = condition.closedOutside(lots, command.priceUnits(), why);
    LOG.warn("Condition {}: {} lots {}", condition.id(), lots, why);
    onConditionChanged(condition, step);
    if (condition.isFinished()) {
      book.remove(condition.id());
    }
  }

  /** Adds conditions the store has and the book lacks; drops those the store deleted. */
  private void reloadConditions() {
    try {
      List<ConditionSnapshot> stored = loadConditions.loadActiveConditions();
      Set<Long> storedIds = new HashSet<>();
      for (ConditionSnapshot snapshot : stored) {
        storedIds.add(snapshot.id());
        if (!book.contains(snapshot.id())) {
          book.put(Condition.restore(snapshot));
        }
      }
      for (Condition condition : List.copyOf(book.all())) {
        if (!storedIds.contains(condition.id())) {
          book.remove(condition.id());
          try (LogScope scope = LogScope.condition(condition.id(), null, condition.itemCode())) {
            LOG.info("Condition {} no longer active in the store; dropped", condition.id());
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not reload conditions, keeping {} active: {}", book.size(), e.toString());
    }
  }

  /**
   * Asks the main process what became of every order the conditions wait on, applies the answers,
   * and sends again what it never saw. Retried on the next housekeeping while the gateway does not
   * answer.
   */
  private void resync() {
    List<Condition> waiting = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Condition condition : book.all()) {
      if (condition.awaitsOrder()) {
        waiting.add(condition);
        ids.add(condition.currentOrderId().clientOrderId());
      }
      if (entryStillWorking(condition)) {
        ids.add(condition.entryOrderId().clientOrderId());
      }
    }
    // Orders of plugin instances this run sent and has no final word on.
    List<String> instanceIds = new ArrayList<>();
    for (Map.Entry<String, Awaited> entry : awaited.entrySet()) {
      if (!entry.getValue().signal.fromCondition()) {
        instanceIds.add(entry.getKey());
      }
    }
    ids.addAll(instanceIds);
    if (ids.isEmpty()) {
      resyncNeeded = false;
      return;
    }
    List<OrderUpdate> states;
    try {
      states = gateway.orderStates(ids);
    } catch (RuntimeException e) {
      // The call blocks this thread up to the gateway client's timeouts: back off, so a main
      // process that does not answer does not hold up the ticks every housekeeping.
      resyncNeeded = true;
      resyncRetryAtNanos = nanoClock.getAsLong() + resyncBackoffNanos;
      LOG.warn(
          "Could not ask the main process for {} order states; will retry in {} ms: {}",
          ids.size(),
          resyncBackoffNanos / 1_000_000,
          e.toString());
      resyncBackoffNanos = Math.min(2 * resyncBackoffNanos, MAX_RESYNC_BACKOFF_NANOS);
      return;
    }
    resyncNeeded = false;
    resyncBackoffNanos = MIN_RESYNC_BACKOFF_NANOS;
    Set<String> known = new HashSet<>();
    for (OrderUpdate state : states) {
      known.add(state.clientOrderId());
      if (state.state().isFinal() && instanceIds.contains(state.clientOrderId())) {
        awaited.remove(state.clientOrderId());
      }
      strategy.onOrderUpdate(state, this);
    }
    long now = nanoClock.getAsLong();
    for (Condition condition : waiting) {
      if (!condition.awaitsOrder()) {
        continue;
      }
      String id = condition.currentOrderId().clientOrderId();
      // An entry goes (again) marked as too old to place, so the gateway refuses it rather than
      // entering late; an exit goes as new.
      boolean exit = condition.state() == ConditionState.EXITING;
      Signal again = Signal.forCurrentOrder(condition, 0, 0, 0, exit ? now : 1, now);
      Awaited sent = awaited.get(id);
      if (!known.contains(id) && sent != null && sent.sentHere) {
        // Sent by this run, so it may still be on its way; the order timeout sends it again if not.
        continue;
      }
      if (known.contains(id)) {
        if (sent == null) {
          awaited.put(id, new Awaited(again, now, false));
        }
        continue;
      }
      try (LogScope scope = LogScope.signal(again)) {
        LOG.warn("Order {} was never received by the main process; sending it again", id);
      }
      ordersResent.lazySet(ordersResent.get() + 1);
      onSignal(again);
    }
  }

  /** Entered (or exiting) on an entry that has not reached a final state: it may fill more. */
  private static boolean entryStillWorking(Condition condition) {
    ConditionState state = condition.state();
    return (state == ConditionState.ENTERED || state == ConditionState.EXITING)
        && !condition.entryFinal();
  }

  private boolean anyEntryStillWorking() {
    for (Condition condition : book.all()) {
      if (entryStillWorking(condition)) {
        return true;
      }
    }
    return false;
  }

  /** Sends again, under the same id, orders that had no word back in time. */
  private int resendOverdue(long now) {
    if (awaited.isEmpty()) {
      return 0;
    }
    int resent = 0;
    for (Map.Entry<String, Awaited> entry : List.copyOf(awaited.entrySet())) {
      Awaited waiting = entry.getValue();
      if (waiting.signal.fromCondition()) {
        Condition condition = book.get(waiting.signal.conditionId());
        if (condition == null
            || !condition.awaitsOrder()
            || !condition.currentOrderId().clientOrderId().equals(entry.getKey())) {
          awaited.remove(entry.getKey());
          continue;
        }
      }
      // A plugin instance's order is awaited until its final update (applyUpdate drops it).
      if (now - waiting.lastNanos > orderTimeoutNanos) {
        try (LogScope scope = LogScope.signal(waiting.signal)) {
          LOG.warn(
              "No word on order {} for {} ms; sending it again under the same id",
              entry.getKey(),
              (now - waiting.lastNanos) / 1_000_000);
        }
        waiting.lastNanos = now;
        ordersResent.lazySet(ordersResent.get() + 1);
        send(waiting.signal);
        resent++;
      }
    }
    return resent;
  }

  /**
   * Sends a signal, or holds it when the sender cannot take it now (no executor connected, queue
   * full). Held signals go out in order on the next duty cycles.
   */
  @Override
  public void onSignal(Signal signal) {
    signalled = true;
    awaited.put(
        SignalOrders.clientOrderIdFor(signal), new Awaited(signal, nanoClock.getAsLong(), true));
    send(signal);
  }

  private void send(Signal signal) {
    try (LogScope scope = LogScope.signal(signal)) {
      sendInScope(signal);
    }
  }

  private void sendInScope(Signal signal) {
    if (pending.isEmpty() && signals.send(signal)) {
      signalsSent.lazySet(signalsSent.get() + 1);
      LOG.info(
          "Signal {} {} {} x{} at {} ({})",
          signal.signalId(),
          signal.side().wire(),
          signal.itemCode(),
          signal.quantity(),
          Price.format(signal.priceUnits()),
          signal.reason().wire());
      return;
    }
    if (pending.size() >= MAX_PENDING_SIGNALS) {
      Signal dropped = pending.poll();
      signalsDropped.lazySet(signalsDropped.get() + 1);
      // Not lost for good: its condition still waits, and the timeout sends it again.
      try (LogScope droppedScope = LogScope.signal(dropped)) {
        LOG.error(
            "Signal {} dropped from the hold: {} signals already wait for the order executor",
            dropped.signalId(),
            MAX_PENDING_SIGNALS);
      }
    }
    pending.add(signal);
    LOG.warn(
        "Signal {} held: the order executor cannot take it now ({} waiting)",
        signal.signalId(),
        pending.size());
  }

  private int flushPending() {
    int sent = 0;
    while (!pending.isEmpty() && signals.send(pending.peek())) {
      Signal signal = pending.poll();
      signalsSent.lazySet(signalsSent.get() + 1);
      try (LogScope scope = LogScope.signal(signal)) {
        LOG.info("Held signal {} sent", signal.signalId());
      }
      sent++;
    }
    return sent;
  }

  /** Signals waiting for the executor; call from the agent thread or after it stopped. */
  public int pendingSignals() {
    return pending.size();
  }

  @Override
  public void onConditionChanged(Condition condition, ConditionStep step) {
    if (step == ConditionStep.TRAILED) {
      // May come with every tick of a trend: logs nothing, so opens no log scope.
      store(condition, step);
      return;
    }
    try (LogScope scope = scopeOf(condition, step)) {
      switch (step) {
        case TRIGGERED -> LOG.info("Condition {} triggered: {}", condition.id(), condition);
        case ENTRY_RETRY ->
            LOG.warn("Condition {}: entry ended unfilled; may enter again", condition);
        case FAILED -> LOG.error("Condition {} failed: {}", condition.id(), condition.failure());
        case EXITED -> LOG.info("Condition {} finished: {}", condition.id(), condition);
        case ORDER_PROGRESS ->
            LOG.info("Condition {} order progress: {}", condition.id(), condition);
        default -> {}
      }
      store(condition, step);
    }
  }

  /**
   * The condition's ids, with the client order id of its current order when the step concerns an
   * order or one is out.
   */
  private static LogScope scopeOf(Condition condition, ConditionStep step) {
    ConditionState state = condition.state();
    boolean orderConcerned =
        step.emitsSignal()
            || step == ConditionStep.ORDER_PROGRESS
            || step == ConditionStep.ENTRY_RETRY
            || step == ConditionStep.EXITED
            || state == ConditionState.ORDERED
            || state == ConditionState.ENTERED
            || state == ConditionState.EXITING;
    return LogScope.condition(
        condition.id(),
        orderConcerned ? condition.currentOrderId().clientOrderId() : null,
        condition.itemCode());
  }

  /** Stores the condition's new state (off this thread); logs only when that fails. */
  private void store(Condition condition, ConditionStep step) {
    boolean stored;
    try {
      stored = saveConditions.saveConditionState(condition.snapshot());
    } catch (RuntimeException e) {
      // Trading goes on: the condition lives in the book, and its next change is stored again.
      // Thrown on, it would cost the other conditions this tick, or the rest of a batch of order
      // updates.
      saveFailures.lazySet(saveFailures.get() + 1);
      try (LogScope scope = scopeOf(condition, step)) {
        LOG.error(
            "Could not store state of condition {} after {}: {}",
            condition.id(),
            step,
            e.toString());
      }
      return;
    }
    if (!stored) {
      // Deleted by the operator meanwhile: stop trading it.
      book.remove(condition.id());
      try (LogScope scope = scopeOf(condition, step)) {
        LOG.info("Condition {} was deleted; dropped", condition.id());
      }
    }
  }

  /** State saves that failed (the condition traded on). */
  public long saveFailures() {
    return saveFailures.get();
  }

  public long ticksSeen() {
    return ticksSeen.get();
  }

  public long signalsSent() {
    return signalsSent.get();
  }

  public long signalsDropped() {
    return signalsDropped.get();
  }

  public long orderUpdatesApplied() {
    return orderUpdatesApplied.get();
  }

  public long ordersResent() {
    return ordersResent.get();
  }

  public long commandsApplied() {
    return commandsApplied.get();
  }

  /** Active conditions in the book; call only from the agent thread or after it stopped. */
  public int activeConditions() {
    return book.size();
  }
}
