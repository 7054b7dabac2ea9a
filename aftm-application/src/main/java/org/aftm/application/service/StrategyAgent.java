package org.aftm.application.service;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.application.port.out.SendSignalPort;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.Strategy;
import org.aftm.domain.strategy.StrategyListener;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategy process's duty cycle: poll ticks, bring the condition book up to date with the store
 * before each tick (so an operator's add or delete counts from the next tick), run the strategy,
 * send its signals, persist each condition change.
 *
 * <p>A signal is sent before the condition's new state is stored: if the process dies in between,
 * the restarted strategy emits the same leg again with the same signal id, and the gateway answers
 * it from its audit trail instead of placing a second order.
 *
 * <p>Threading: every method but the counters runs on the agent's thread, which owns the book.
 */
public final class StrategyAgent implements Agent, StrategyListener {

  private static final Logger LOG = LoggerFactory.getLogger(StrategyAgent.class);
  private static final int TICKS_PER_DUTY_CYCLE = 64;

  /**
   * Signals held while the executor is unreachable; beyond this the oldest is dropped and counted.
   */
  static final int MAX_PENDING_SIGNALS = 1024;

  private final ReceiveTicksPort ticks;
  private final SendSignalPort signals;
  private final LoadConditionsPort loadConditions;
  private final SaveConditionStatePort saveConditions;
  private final ConditionBook book;
  private final Strategy strategy;
  private final LongSupplier nanoClock;
  private final long idleRefreshNanos;
  private final ReceiveTicksPort.TickHandler onTick = this::onTick;

  /**
   * Signals not yet accepted by the sender, oldest first; retried every duty cycle, never
   * reordered.
   */
  private final ArrayDeque<Signal> pending = new ArrayDeque<>();

  private long knownVersion = Long.MIN_VALUE;
  private long lastRefreshNanos;
  private final AtomicLong ticksSeen = new AtomicLong();
  private final AtomicLong signalsSent = new AtomicLong();
  private final AtomicLong signalsDropped = new AtomicLong();
  private final AtomicLong saveFailures = new AtomicLong();

  /**
   * @param idleRefreshNanos how often to look for condition changes while no tick arrives
   */
  public StrategyAgent(
      ReceiveTicksPort ticks,
      SendSignalPort signals,
      LoadConditionsPort loadConditions,
      SaveConditionStatePort saveConditions,
      ConditionBook book,
      Strategy strategy,
      LongSupplier nanoClock,
      long idleRefreshNanos) {
    this.ticks = ticks;
    this.signals = signals;
    this.loadConditions = loadConditions;
    this.saveConditions = saveConditions;
    this.book = book;
    this.strategy = strategy;
    this.nanoClock = nanoClock;
    this.idleRefreshNanos = idleRefreshNanos;
  }

  @Override
  public String roleName() {
    return "strategy";
  }

  @Override
  public void onStart() {
    refreshConditions();
    LOG.info("Strategy {} started with {} active conditions", strategy.name(), book.size());
  }

  @Override
  public int doWork() {
    int work = pending.isEmpty() ? 0 : flushPending();
    work += ticks.poll(onTick, TICKS_PER_DUTY_CYCLE);
    if (work == 0 && nanoClock.getAsLong() - lastRefreshNanos > idleRefreshNanos) {
      refreshConditions();
    }
    return work;
  }

  private void onTick(TickEvent tick) {
    ticksSeen.lazySet(ticksSeen.get() + 1);
    refreshConditions();
    strategy.onTick(tick, this);
  }

  /**
   * Reloads the active conditions when another process changed them: adds new ones, drops deleted
   * ones.
   */
  void refreshConditions() {
    lastRefreshNanos = nanoClock.getAsLong();
    long version;
    try {
      version = 0;
      if (version == knownVersion) {
        return;
      }
      List<ConditionSnapshot> stored = loadConditions.loadActiveConditions();
      Set<Long> storedIds = new HashSet<>();
      for (ConditionSnapshot snapshot : stored) {
        storedIds.add(snapshot.id());
        if (!book.contains(snapshot.id())) {
          book.put(Condition.restore(snapshot));
          LOG.info("Condition {} added: {}", snapshot.id(), snapshot.spec());
        }
      }
      for (Condition condition : List.copyOf(book.all())) {
        if (!storedIds.contains(condition.id())) {
          book.remove(condition.id());
          LOG.info("Condition {} removed", condition.id());
        }
      }
      knownVersion = version;
    } catch (RuntimeException e) {
      // The store may be busy with another process's write; keep trading on the book we have.
      LOG.warn("Could not refresh conditions, keeping {} active: {}", book.size(), e.toString());
    }
  }

  /**
   * Sends a signal, or holds it when the sender cannot take it now (no executor connected, queue
   * full): the condition has moved on either way, so the signal must not be lost. Held signals go
   * out in order on the next duty cycles; the executor drops any that became too old.
   */
  @Override
  public void onSignal(Signal signal) {
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
      LOG.error(
          "Signal {} dropped: {} signals already wait for the order executor",
          dropped.signalId(),
          MAX_PENDING_SIGNALS);
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
      LOG.info("Held signal {} sent", signal.signalId());
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
    try {
      if (!saveConditions.saveConditionState(condition.snapshot())) {
        // Deleted by the operator since the last refresh: stop trading it.
        book.remove(condition.id());
        LOG.info("Condition {} was deleted; dropped", condition.id());
      }
    } catch (RuntimeException e) {
      saveFailures.lazySet(saveFailures.get() + 1);
      LOG.error(
          "Could not store state of condition {} after {}: {}", condition.id(), step, e.toString());
    }
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

  public long saveFailures() {
    return saveFailures.get();
  }

  /** Active conditions in the book; call only from the agent thread or after it stopped. */
  public int activeConditions() {
    return book.size();
  }
}
