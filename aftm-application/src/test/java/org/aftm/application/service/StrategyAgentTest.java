package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.aftm.application.port.out.SendSignalPort;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.aftm.domain.strategy.SupportResistanceStrategy;
import org.junit.jupiter.api.Test;

class StrategyAgentTest {

  private static final String TXF = "TXFF6";
  private static final long IDLE_REFRESH_NANOS = 100_000_000L;

  /** Signals and state saves in the order they happened. */
  private final List<String> log = new ArrayList<>();

  private final FakeConditionStore store = new FakeConditionStore(log);
  private final QueuedTicks ticks = new QueuedTicks();
  private final RecordingSignals signals = new RecordingSignals(log);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private StrategyAgent agent;
  private long sequence;

  /** Ticks queued by the test and handed out on poll. */
  static final class QueuedTicks implements ReceiveTicksPort {
    final Queue<TickEvent> queue = new ArrayDeque<>();

    @Override
    public int poll(TickHandler handler, int limit) {
      int handled = 0;
      while (handled < limit && !queue.isEmpty()) {
        handler.onTick(queue.poll());
        handled++;
      }
      return handled;
    }

    @Override
    public LinkCounters counters() {
      return new LinkCounters(0, 0, 0, 0);
    }
  }

  /** Records signals; can refuse them as a full queue would. */
  static final class RecordingSignals implements SendSignalPort {
    final List<Signal> sent = new ArrayList<>();
    final List<String> log;
    boolean accept = true;

    RecordingSignals(List<String> log) {
      this.log = log;
    }

    @Override
    public boolean send(Signal signal) {
      log.add("signal " + signal.signalId());
      if (accept) {
        sent.add(signal);
      }
      return accept;
    }
  }

  private static ConditionSpec buy(
      long trigger, long turning, int quantity, long tp, long sl, boolean following) {
    return new ConditionSpec(
        TXF,
        Side.BUY,
        Price.ofPoints(trigger),
        Price.ofPoints(turning),
        quantity,
        Price.ofPoints(tp),
        Price.ofPoints(sl),
        following);
  }

  private StrategyAgent startAgent() {
    ConditionBook book = new ConditionBook();
    agent =
        new StrategyAgent(
            ticks,
            signals,
            store,
            store,
            book,
            new SupportResistanceStrategy(book),
            clock::get,
            IDLE_REFRESH_NANOS);
    agent.onStart();
    return agent;
  }

  /** Queues one tick and runs one duty cycle. */
  private int tick(long points) {
    ticks.queue.add(
        new TickEvent(TXF, ++sequence, Price.ofPoints(points).units(), 1, 0, clock.get()));
    return agent.doWork();
  }

  @Test
  void loadsTheActiveConditionsOnStart() {
    store.insertCondition(buy(22000, 30, 1, 120, 30, true));
    store.insertCondition(buy(21000, 30, 1, 120, 30, true));
    ConditionSnapshot exited = store.insertCondition(buy(20000, 0, 1, 1, 1, false));
    store.saveConditionState(
        new ConditionSnapshot(
            exited.id(),
            exited.spec(),
            ConditionState.EXITED,
            exited.triggerPrice(),
            Price.ofPoints(20000),
            Price.ofPoints(20001)));

    startAgent();

    assertThat(agent.activeConditions()).isEqualTo(2);
    assertThat(agent.roleName()).isEqualTo("strategy");
  }

  @Test
  void runsTheReferenceTraceAndSendsEachSignalBeforeSavingTheState() {
    ConditionSnapshot condition = store.insertCondition(buy(22000, 30, 3, 120, 30, true));
    startAgent();

    for (long price : new long[] {22010, 21990, 21950, 21985, 22050, 22100}) {
      assertThat(tick(price)).isEqualTo(1);
    }

    long id = condition.id();
    assertThat(log)
        .containsExactly(
            "save " + id + " triggered",
            "save " + id + " triggered", // trailed
            "signal " + id + "-entry",
            "save " + id + " ordered",
            "signal " + id + "-exit",
            "save " + id + " exited");
    assertThat(signals.sent)
        .extracting(Signal::side, Signal::quantity, Signal::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Side.BUY, 3, SignalReason.ENTRY),
            org.assertj.core.groups.Tuple.tuple(Side.SELL, 3, SignalReason.TAKE_PROFIT));
    ConditionSnapshot stored = store.loadCondition(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(ConditionState.EXITED);
    assertThat(stored.triggerPrice()).isEqualTo(Price.ofPoints(21950));
    assertThat(stored.entryPrice()).isEqualTo(Price.ofPoints(21985));
    assertThat(stored.exitPrice()).isEqualTo(Price.ofPoints(22100));
    assertThat(agent.activeConditions()).isZero();
    assertThat(agent.ticksSeen()).isEqualTo(6);
    assertThat(agent.signalsSent()).isEqualTo(2);
  }

  @Test
  void aConditionAddedWhileRunningTradesFromTheVeryNextTick() {
    startAgent();
    tick(21000);
    assertThat(log).isEmpty();

    ConditionSnapshot added = store.insertCondition(buy(22000, 0, 2, 50, 50, false));
    tick(22000); // triggers on the first tick after the insert
    tick(22000); // enters: order price = trigger with a zero turning point

    assertThat(log)
        .containsExactly(
            "save " + added.id() + " triggered",
            "signal " + added.id() + "-entry",
            "save " + added.id() + " ordered");
    assertThat(signals.sent).singleElement().extracting(Signal::quantity).isEqualTo(2);
  }

  @Test
  void aConditionTheStrategyResumesKeepsItsStoredState() {
    ConditionSnapshot fresh = store.insertCondition(buy(22000, 30, 1, 120, 30, true));
    // Stored by an earlier run: already entered, trigger trailed to 21950.
    store.saveConditionState(
        new ConditionSnapshot(
            fresh.id(),
            fresh.spec(),
            ConditionState.ORDERED,
            Price.ofPoints(21950),
            Price.ofPoints(21985),
            null));
    log.clear();
    startAgent();

    tick(
        21985); // would re-enter a re-armed condition; an ordered one waits for TP 22100 / SL 21950
    tick(21950);

    assertThat(signals.sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.reason()).isEqualTo(SignalReason.STOP_LOSS);
              assertThat(s.signalId()).isEqualTo(fresh.id() + "-exit");
            });
  }

  @Test
  void aDeletedConditionIsDroppedBeforeTheNextTick() {
    ConditionSnapshot condition = store.insertCondition(buy(22000, 30, 1, 120, 30, true));
    startAgent();
    tick(21990); // triggered, order 22020

    store.deleteCondition(condition.id());
    log.clear();
    tick(22020); // would enter

    assertThat(log).isEmpty();
    assertThat(signals.sent).isEmpty();
    assertThat(agent.activeConditions()).isZero();
  }

  @Test
  void changesAreAlsoPickedUpWhileNoTickArrives() {
    startAgent();
    store.insertCondition(buy(22000, 30, 1, 120, 30, true));

    assertThat(agent.doWork()).isZero();
    assertThat(agent.activeConditions())
        .as("not yet: the idle refresh interval has not passed")
        .isZero();

    clock.addAndGet(IDLE_REFRESH_NANOS + 1);
    agent.doWork();
    assertThat(agent.activeConditions()).isEqualTo(1);
  }

  @Test
  void aFailingSaveIsCountedAndTradingContinues() {
    ConditionSnapshot condition = store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    startAgent();
    store.saveFailure = new IllegalStateException("database is locked");

    tick(22000); // triggered
    tick(22000); // entry
    tick(22010); // take profit

    assertThat(signals.sent)
        .extracting(Signal::signalId)
        .containsExactly(condition.id() + "-entry", condition.id() + "-exit");
    assertThat(agent.saveFailures()).isEqualTo(3);
    assertThat(agent.activeConditions()).isZero();
  }

  @Test
  void aFailingRefreshKeepsTradingOnTheBookItHas() {
    store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    startAgent();
    store.loadFailure = new IllegalStateException("busy");
    store.version++;

    tick(22000);
    tick(22000);

    assertThat(signals.sent).hasSize(1);
    assertThat(agent.activeConditions()).isEqualTo(1);
  }

  @Test
  void aConditionWhoseSaveFindsItDeletedIsDropped() {
    ConditionSnapshot condition = store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    startAgent();
    store.deleteUnannounced(condition.id());

    tick(22000); // triggers; the save reports the row gone
    assertThat(agent.activeConditions()).isZero();
    tick(22000); // would have entered

    assertThat(signals.sent).isEmpty();
    assertThat(log).containsExactly("save " + condition.id() + " triggered");
  }

  @Test
  void droppingADeletedConditionDoesNotMakeItsNeighbourMissTheTick() {
    ConditionSnapshot deleted = store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    ConditionSnapshot kept = store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    startAgent();
    store.deleteUnannounced(deleted.id());

    tick(22000);

    assertThat(log)
        .containsExactly("save " + deleted.id() + " triggered", "save " + kept.id() + " triggered");
    assertThat(agent.activeConditions()).isEqualTo(1);
  }

  @Test
  void aSignalThatCannotBeQueuedIsHeldAndSentOnceTheExecutorIsBack() {
    store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    startAgent();
    signals.accept = false;

    tick(22000);
    tick(22000); // the entry: refused by the sender, held
    agent.doWork();

    assertThat(agent.pendingSignals()).isEqualTo(1);
    assertThat(agent.signalsSent()).isZero();
    assertThat(signals.sent).isEmpty();

    signals.accept = true;
    agent.doWork();

    assertThat(agent.pendingSignals()).isZero();
    assertThat(agent.signalsSent()).isEqualTo(1);
    assertThat(agent.signalsDropped()).isZero();
    assertThat(signals.sent).extracting(Signal::reason).containsExactly(SignalReason.ENTRY);
  }

  @Test
  void heldSignalsKeepTheirOrderAndOnlyTheOldestBeyondTheLimitIsDropped() {
    for (int i = 0; i <= StrategyAgent.MAX_PENDING_SIGNALS; i++) {
      store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    }
    startAgent();
    signals.accept = false;

    tick(22000);
    tick(22000); // every condition enters at once: one more signal than the limit

    assertThat(agent.pendingSignals()).isEqualTo(StrategyAgent.MAX_PENDING_SIGNALS);
    assertThat(agent.signalsDropped()).isEqualTo(1);
    signals.accept = true;
    agent.doWork();
    assertThat(signals.sent).hasSize(StrategyAgent.MAX_PENDING_SIGNALS);
    assertThat(signals.sent.get(0).conditionId())
        .isLessThan(signals.sent.get(signals.sent.size() - 1).conditionId());
  }
}
