package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.ReceiveOrderUpdatesPort;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.aftm.application.port.out.SendSignalPort;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.aftm.domain.strategy.SupportResistanceStrategy;
import org.junit.jupiter.api.Test;

class StrategyAgentTest {

  private static final String TXF = "TXFF6";
  private static final long ORDER_TIMEOUT_NANOS = 2_000_000_000L;

  /** More than the agent's housekeeping interval, less than the order timeout. */
  private static final long HOUSEKEEPING_STEP_NANOS = 300_000_000L;

  /** Signals and state saves in the order they happened. */
  private final List<String> log = new ArrayList<>();

  private final FakeConditionStore store = new FakeConditionStore(log);
  private final QueuedTicks ticks = new QueuedTicks();
  private final QueuedOrderUpdates orderUpdates = new QueuedOrderUpdates();
  private final RecordingSignals signals = new RecordingSignals(log);
  private final FakeGateway gateway = new FakeGateway();
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

  /** What the main process sends, queued by the test: updates, commands, and gaps (a Long). */
  static final class QueuedOrderUpdates implements ReceiveOrderUpdatesPort {
    final Queue<Object> queue = new ArrayDeque<>();

    @Override
    public int poll(Handler handler, int limit) {
      int handled = 0;
      while (handled < limit && !queue.isEmpty()) {
        Object message = queue.poll();
        if (message instanceof OrderUpdate update) {
          handler.onOrderUpdate(update);
        } else if (message instanceof ConditionCommand command) {
          handler.onCommand(command);
        } else {
          handler.onGap((Long) message);
        }
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

  /** The main process's gateway as the strategy sees it: order states and acknowledgements. */
  static final class FakeGateway implements OrderGateway {
    final Map<String, OrderUpdate> states = new HashMap<>();
    final List<List<String>> asked = new ArrayList<>();
    final List<Long> acknowledged = new ArrayList<>();
    RuntimeException statesFailure;

    @Override
    public OrderResult sendOrder(OrderRequest request, long originNanos) {
      throw new UnsupportedOperationException("the strategy sends signals, not orders");
    }

    @Override
    public GatewayHealth healthCheck() {
      return new GatewayHealth(true, true, true, true, "CLOSED", 0, 0);
    }

    @Override
    public List<OrderUpdate> orderStates(List<String> clientOrderIds) {
      asked.add(List.copyOf(clientOrderIds));
      if (statesFailure != null) {
        throw statesFailure;
      }
      return clientOrderIds.stream().filter(states::containsKey).map(states::get).toList();
    }

    @Override
    public void acknowledgeCommand(long commandId) {
      acknowledged.add(commandId);
    }

    @Override
    public List<Position> positions(String account) {
      return List.of();
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

  private static OrderUpdate filled(String clientOrderId, int quantity, long points) {
    return new OrderUpdate(
        clientOrderId,
        OrderState.FILLED,
        quantity,
        quantity,
        quantity * Price.ofPoints(points).units(),
        "",
        "");
  }

  private static OrderUpdate withState(String clientOrderId, OrderState state, int quantity) {
    return new OrderUpdate(
        clientOrderId, state, quantity, 0, 0, state == OrderState.REJECTED ? "X" : "", "");
  }

  private StrategyAgent startAgent() {
    ConditionBook book = new ConditionBook();
    agent =
        new StrategyAgent(
            ticks,
            orderUpdates,
            signals,
            store,
            store,
            gateway,
            book,
            new SupportResistanceStrategy(book),
            clock::get,
            ORDER_TIMEOUT_NANOS);
    agent.onStart();
    return agent;
  }

  /** Queues one tick and runs one duty cycle. */
  private int tick(long points) {
    ticks.queue.add(
        new TickEvent(TXF, ++sequence, Price.ofPoints(points).units(), 1, 0, clock.get()));
    return agent.doWork();
  }

  /** Queues what the main process says and runs one duty cycle. */
  private int receive(Object message) {
    orderUpdates.queue.add(message);
    return agent.doWork();
  }

  /** A condition stored by an earlier run as {@code state}, its attempts made. */
  private ConditionSnapshot stored(
      ConditionSpec spec, ConditionState state, ConditionProgress progress) {
    ConditionSnapshot fresh = store.insertCondition(spec);
    ConditionSnapshot snapshot =
        new ConditionSnapshot(fresh.id(), spec, state, spec.triggerPrice(), progress);
    store.saveConditionState(snapshot);
    log.clear();
    return snapshot;
  }

  private static ConditionProgress ordered() {
    return new ConditionProgress(1, 0, 0, false, 0, null, 0, 0, 0, 0, false, "");
  }

  private static ConditionProgress exiting(int lots, long entryPoints) {
    return new ConditionProgress(
        1,
        lots,
        lots * Price.ofPoints(entryPoints).units(),
        true,
        1,
        ConditionStep.STOPPED_OUT,
        0,
        0,
        0,
        0,
        false,
        "");
  }

  @Test
  void loadsTheActiveConditionsOnStart() {
    store.insertCondition(buy(22000, 30, 1, 120, 30, true));
    store.insertCondition(buy(21000, 30, 1, 120, 30, true));
    stored(buy(20000, 0, 1, 1, 1, false), ConditionState.EXITED, ConditionProgress.NONE);
    stored(buy(20000, 0, 1, 1, 1, false), ConditionState.FAILED, ConditionProgress.NONE);

    startAgent();

    assertThat(agent.activeConditions()).isEqualTo(2);
    assertThat(agent.roleName()).isEqualTo("strategy");
    assertThat(gateway.asked).as("no condition waits on an order").isEmpty();
  }

  @Test
  void runsTheReferenceTraceMovingOnFillsAndSendsEachSignalBeforeSavingTheState() {
    ConditionSnapshot condition = store.insertCondition(buy(22000, 30, 3, 120, 30, true));
    long id = condition.id();
    startAgent();

    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      assertThat(tick(price)).isEqualTo(1);
    }
    assertThat(receive(filled("aftm-" + id + "-entry", 3, 21985))).isEqualTo(1);
    tick(22050);
    tick(22100);
    receive(filled("aftm-" + id + "-exit", 3, 22100));

    assertThat(log)
        .containsExactly(
            "save " + id + " triggered",
            "save " + id + " triggered", // trailed
            "signal " + id + "-entry",
            "save " + id + " ordered",
            "save " + id + " entered", // the entry filled
            "signal " + id + "-exit",
            "save " + id + " exiting",
            "save " + id + " exited"); // the exit filled
    assertThat(signals.sent)
        .extracting(Signal::side, Signal::quantity, Signal::reason)
        .containsExactly(
            tuple(Side.BUY, 3, SignalReason.ENTRY), tuple(Side.SELL, 3, SignalReason.TAKE_PROFIT));
    ConditionSnapshot stored = store.loadCondition(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(ConditionState.EXITED);
    assertThat(stored.triggerPrice()).isEqualTo(Price.ofPoints(21950));
    assertThat(stored.entryPrice()).isEqualTo(Price.ofPoints(21985));
    assertThat(stored.exitPrice()).isEqualTo(Price.ofPoints(22100));
    assertThat(stored.realizedPnlPoints()).isEqualTo(Price.ofPoints(3 * 115));
    assertThat(agent.activeConditions()).isZero();
    assertThat(agent.ticksSeen()).isEqualTo(6);
    assertThat(agent.signalsSent()).isEqualTo(2);
    assertThat(agent.orderUpdatesApplied()).isEqualTo(2);
  }

  @Test
  void orderUpdatesComeBeforeTheTicksOfTheSameDutyCycle() {
    ConditionSnapshot condition = store.insertCondition(buy(100, 0, 1, 10, 10, false));
    startAgent();
    tick(100);
    tick(100); // entry out

    orderUpdates.queue.add(filled("aftm-" + condition.id() + "-entry", 1, 100));
    ticks.queue.add(new TickEvent(TXF, ++sequence, Price.ofPoints(110).units(), 1, 0, 0));
    assertThat(agent.doWork()).isEqualTo(2);

    assertThat(signals.sent)
        .as("entered on the update, then took profit on the tick after it")
        .extracting(Signal::reason)
        .containsExactly(SignalReason.ENTRY, SignalReason.TAKE_PROFIT);
  }

  @Test
  void anUpdateMovesAConditionAndItsStateIsStored() {
    ConditionSnapshot condition = store.insertCondition(buy(100, 0, 2, 10, 10, false));
    startAgent();
    tick(100);
    tick(100);
    log.clear();

    receive(withState("aftm-" + condition.id() + "-entry", OrderState.EXPIRED, 2));

    assertThat(log).containsExactly("save " + condition.id() + " triggered");
    tick(100);
    assertThat(signals.sent)
        .extracting(Signal::signalId)
        .as("another attempt, under its own id")
        .containsExactly(condition.id() + "-entry", condition.id() + "-entry-2");
  }

  @Test
  void anAddedConditionIsLoadedAcknowledgedAndTradesFromTheNextTick() {
    startAgent();
    tick(21000);
    assertThat(log).isEmpty();

    ConditionSnapshot added = store.insertCondition(buy(22000, 0, 2, 50, 50, false));
    receive(new ConditionCommand(41, ConditionCommand.Change.ADDED, added.id()));
    assertThat(gateway.acknowledged).containsExactly(41L);
    assertThat(agent.commandsApplied()).isEqualTo(1);
    tick(22000); // triggers on the first tick after the command
    tick(22000); // enters: order price = trigger with a zero turning point

    assertThat(log)
        .containsExactly(
            "save " + added.id() + " triggered",
            "signal " + added.id() + "-entry",
            "save " + added.id() + " ordered");
    assertThat(signals.sent).singleElement().extracting(Signal::quantity).isEqualTo(2);

    receive(new ConditionCommand(42, ConditionCommand.Change.ADDED, added.id()));
    assertThat(agent.activeConditions())
        .as("a repeated add does not reset the condition")
        .isEqualTo(1);
    tick(22000);
    assertThat(signals.sent).hasSize(1);
    assertThat(gateway.acknowledged).containsExactly(41L, 42L);
  }

  @Test
  void aDeletedConditionIsDroppedBeforeTheNextTick() {
    ConditionSnapshot condition = store.insertCondition(buy(22000, 30, 1, 120, 30, true));
    startAgent();
    tick(21990); // triggered, order 22020

    store.deleteCondition(condition.id());
    receive(new ConditionCommand(7, ConditionCommand.Change.DELETED, condition.id()));
    log.clear();
    tick(22020); // would enter

    assertThat(log).isEmpty();
    assertThat(signals.sent).isEmpty();
    assertThat(agent.activeConditions()).isZero();
    assertThat(gateway.acknowledged).containsExactly(7L);
  }

  private static ConditionProgress entered(int lots, long entryPoints) {
    return new ConditionProgress(
        1, lots, lots * Price.ofPoints(entryPoints).units(), true, 0, null, 0, 0, 0, 0, false, "");
  }

  @Test
  void aFlattensCloseFailsTheConditionWithItsReasonOnceEvenWhenRepeated() {
    ConditionSnapshot held =
        stored(buy(22000, 0, 2, 500, 500, false), ConditionState.ENTERED, entered(2, 22000));
    startAgent();
    long price = Price.ofPoints(22057).units();

    receive(ConditionCommand.closed(9, held.id(), 2, price, 2, "flatten-abc-TXF"));

    assertThat(gateway.acknowledged).containsExactly(9L);
    assertThat(log).containsExactly("save " + held.id() + " failed");
    ConditionSnapshot saved = store.loadCondition(held.id()).orElseThrow();
    assertThat(saved.progress().exitFilled()).isEqualTo(saved.progress().entryFilled());
    assertThat(saved.progress().failure()).isEqualTo("closed by flatten flatten-abc-TXF at 22057");
    assertThat(agent.activeConditions()).isZero();

    log.clear();
    receive(ConditionCommand.closed(9, held.id(), 2, price, 2, "flatten-abc-TXF"));
    assertThat(log).as("a repeat records nothing more").isEmpty();
    assertThat(gateway.acknowledged).as("but is acknowledged again").containsExactly(9L, 9L);
  }

  @Test
  void aPartialCloseAfterARestartThatAlreadyCountsItClosesNothingMore() {
    ConditionSnapshot held =
        stored(buy(22000, 0, 3, 500, 500, false), ConditionState.ENTERED, entered(3, 22000));
    startAgent();
    long price = Price.ofPoints(22010).units();
    receive(ConditionCommand.closed(4, held.id(), 1, price, 1, "flatten-abc-TXF"));
    assertThat(store.loadCondition(held.id()).orElseThrow().progress().openQuantity()).isEqualTo(2);

    startAgent(); // a restart loads the stored state
    log.clear();
    receive(ConditionCommand.closed(4, held.id(), 1, price, 1, "flatten-abc-TXF"));

    assertThat(log).isEmpty();
    ConditionSnapshot saved = store.loadCondition(held.id()).orElseThrow();
    assertThat(saved.state()).isEqualTo(ConditionState.ENTERED);
    assertThat(saved.progress().openQuantity()).isEqualTo(2);
  }

  @Test
  void aCloseOfAConditionThatFailedWithLotsOpenIsRecordedFromTheStore() {
    ConditionProgress failedOpen =
        new ConditionProgress(
            1,
            2,
            2 * Price.ofPoints(22000).units(),
            true,
            1,
            ConditionStep.TOOK_PROFIT,
            0,
            0,
            0,
            0,
            true,
            "exit refused for good with 2 lots open: rejected NO_POSITION_TO_CLOSE");
    ConditionSnapshot failed =
        stored(buy(22000, 0, 2, 500, 500, false), ConditionState.FAILED, failedOpen);
    startAgent();

    receive(
        ConditionCommand.closed(
            5, failed.id(), 2, Price.ofPoints(22057).units(), 2, "flatten-abc-TXF"));

    ConditionSnapshot saved = store.loadCondition(failed.id()).orElseThrow();
    assertThat(saved.state()).isEqualTo(ConditionState.FAILED);
    assertThat(saved.progress().openQuantity()).isZero();
    assertThat(saved.progress().failure()).endsWith("; closed by flatten flatten-abc-TXF at 22057");
    assertThat(gateway.acknowledged).containsExactly(5L);
    assertThat(agent.activeConditions()).isZero();
  }

  @Test
  void aCloseOfAnUnknownConditionIsAcknowledged() {
    startAgent();

    receive(ConditionCommand.closed(6, 404, 1, 1, 1, "flatten-abc-TXF"));

    assertThat(gateway.acknowledged).containsExactly(6L);
    assertThat(log).isEmpty();
  }

  @Test
  void commandsAreAppliedWhileNoTickArrives() {
    startAgent();
    ConditionSnapshot added = store.insertCondition(buy(22000, 30, 1, 120, 30, true));

    assertThat(agent.doWork()).isZero();
    assertThat(agent.activeConditions()).as("not yet: no command").isZero();

    assertThat(receive(new ConditionCommand(1, ConditionCommand.Change.ADDED, added.id())))
        .isEqualTo(1);
    assertThat(agent.activeConditions()).isEqualTo(1);
  }

  @Test
  void aConditionTheStrategyResumesAsksWhatBecameOfItsOrderBeforeItActs() {
    ConditionSpec spec = buy(22000, 30, 1, 120, 30, true);
    ConditionSnapshot resumed = stored(spec, ConditionState.ORDERED, ordered());
    String entry = "aftm-" + resumed.id() + "-entry";
    gateway.states.put(entry, filled(entry, 1, 22030));

    startAgent();

    assertThat(gateway.asked).containsExactly(List.of(entry));
    assertThat(log).containsExactly("save " + resumed.id() + " entered");
    tick(22030); // an entered condition waits for TP 22150 / SL 22000
    tick(22000);
    assertThat(signals.sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.reason()).isEqualTo(SignalReason.STOP_LOSS);
              assertThat(s.signalId()).isEqualTo(resumed.id() + "-exit");
              assertThat(s.closesSignalId()).isEqualTo(resumed.id() + "-entry");
            });
  }

  @Test
  void atStartAnEntryTheMainProcessNeverSawIsSentAgainAsTooOldToPlace() {
    ConditionSnapshot resumed =
        stored(buy(22000, 30, 1, 120, 30, true), ConditionState.ORDERED, ordered());

    startAgent();

    assertThat(signals.sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signalId()).isEqualTo(resumed.id() + "-entry");
              assertThat(s.tickPublishNanos())
                  .as("marked old, so the gateway refuses it rather than entering late")
                  .isEqualTo(1);
            });
    assertThat(agent.ordersResent()).isEqualTo(1);
  }

  @Test
  void atStartAnExitTheMainProcessNeverSawIsSentAgainAsNew() {
    ConditionSnapshot resumed =
        stored(buy(22000, 30, 2, 120, 30, true), ConditionState.EXITING, exiting(2, 22030));

    startAgent();

    assertThat(signals.sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signalId()).isEqualTo(resumed.id() + "-exit");
              assertThat(s.reason()).isEqualTo(SignalReason.STOP_LOSS);
              assertThat(s.quantity()).isEqualTo(2);
              assertThat(s.tickPublishNanos()).isEqualTo(clock.get());
            });
  }

  @Test
  void aGapReloadsTheConditionsAsksForOrderStatesAndResendsWhatTheMainProcessNeverSaw() {
    ConditionSnapshot waiting =
        stored(buy(22000, 30, 1, 120, 30, true), ConditionState.EXITING, exiting(1, 22030));
    String exit = "aftm-" + waiting.id() + "-exit";
    gateway.states.put(exit, withState(exit, OrderState.ACCEPTED, 1));
    startAgent();
    agent.doWork(); // the first housekeeping
    assertThat(signals.sent).as("the main process knows the exit").isEmpty();
    ConditionSnapshot addedMeanwhile = store.insertCondition(buy(21000, 0, 1, 10, 10, false));

    gateway.states.clear(); // the main process restarted without it
    receive(99L);
    assertThat(agent.activeConditions())
        .as("reloaded: the condition added while messages were lost is in")
        .isEqualTo(2);
    assertThat(gateway.asked).hasSize(1);

    clock.addAndGet(HOUSEKEEPING_STEP_NANOS);
    agent.doWork();

    assertThat(gateway.asked).hasSize(2).last().isEqualTo(List.of(exit));
    assertThat(signals.sent).extracting(Signal::signalId).containsExactly(waiting.id() + "-exit");
    assertThat(addedMeanwhile.id()).isNotEqualTo(waiting.id());
  }

  @Test
  void anEntryThatFilledInPartBeforeARestartIsAskedForAgainAndItsExitSizedToAllItFilled() {
    ConditionSnapshot partly =
        stored(
            buy(22000, 30, 3, 120, 30, true),
            ConditionState.ENTERED,
            new ConditionProgress(
                1, 1, Price.ofPoints(22030).units(), false, 0, null, 0, 0, 0, 0, false, ""));
    String entry = "aftm-" + partly.id() + "-entry";
    gateway.states.put(entry, filled(entry, 3, 22030));

    startAgent();

    assertThat(gateway.asked)
        .as("the entry was still working: its state is asked for although nothing is sent")
        .containsExactly(List.of(entry));
    ConditionSnapshot now = store.loadCondition(partly.id()).orElseThrow();
    assertThat(now.entryFilled()).isEqualTo(3);
    assertThat(now.progress().entryFinal()).isTrue();
  }

  @Test
  void anEntryStillWorkingIsAskedForAgainAfterTheOrderTimeout() {
    ConditionSnapshot partly =
        stored(
            buy(22000, 30, 3, 120, 30, true),
            ConditionState.ENTERED,
            new ConditionProgress(
                1, 1, Price.ofPoints(22030).units(), false, 0, null, 0, 0, 0, 0, false, ""));
    String entry = "aftm-" + partly.id() + "-entry";
    startAgent(); // the main process does not know it yet
    assertThat(gateway.asked).hasSize(1);

    gateway.states.put(entry, filled(entry, 3, 22030));
    clock.addAndGet(ORDER_TIMEOUT_NANOS + HOUSEKEEPING_STEP_NANOS);
    agent.doWork();

    assertThat(gateway.asked).hasSize(2).last().isEqualTo(List.of(entry));
    assertThat(store.loadCondition(partly.id()).orElseThrow().entryFilled()).isEqualTo(3);
  }

  @Test
  void aResyncThatFailsIsRetriedAfterABackOff() {
    ConditionSnapshot waiting =
        stored(buy(22000, 30, 1, 120, 30, true), ConditionState.ORDERED, ordered());
    String entry = "aftm-" + waiting.id() + "-entry";
    gateway.statesFailure = new IllegalStateException("gateway busy");
    startAgent();
    assertThat(signals.sent).as("nothing is sent while the states are unknown").isEmpty();

    gateway.statesFailure = null;
    gateway.states.put(entry, withState(entry, OrderState.REJECTED, 1));
    clock.addAndGet(HOUSEKEEPING_STEP_NANOS);
    agent.doWork();
    assertThat(gateway.asked)
        .as("a gateway that did not answer is not asked again on every housekeeping")
        .hasSize(1);

    clock.addAndGet(1_000_000_000L);
    agent.doWork();

    assertThat(gateway.asked).hasSize(2);
    assertThat(store.loadCondition(waiting.id()).orElseThrow().state())
        .as("the refused entry re-armed the condition")
        .isEqualTo(ConditionState.TRIGGERED);
  }

  @Test
  void anOrderWithoutWordPastTheTimeoutIsSentAgainUnderTheSameId() {
    ConditionSnapshot condition = store.insertCondition(buy(100, 0, 1, 10, 10, false));
    String entry = "aftm-" + condition.id() + "-entry";
    startAgent();
    tick(100);
    tick(100); // entry out
    assertThat(signals.sent).hasSize(1);

    clock.addAndGet(ORDER_TIMEOUT_NANOS - HOUSEKEEPING_STEP_NANOS);
    agent.doWork();
    assertThat(signals.sent).as("not yet overdue").hasSize(1);

    clock.addAndGet(HOUSEKEEPING_STEP_NANOS + 1);
    agent.doWork();
    assertThat(signals.sent)
        .extracting(Signal::signalId)
        .containsExactly(condition.id() + "-entry", condition.id() + "-entry");
    assertThat(agent.ordersResent()).isEqualTo(1);

    receive(withState(entry, OrderState.ACCEPTED, 1)); // word: the timer starts again
    clock.addAndGet(ORDER_TIMEOUT_NANOS - HOUSEKEEPING_STEP_NANOS);
    agent.doWork();
    assertThat(signals.sent).hasSize(2);

    receive(filled(entry, 1, 100)); // final: no more resends
    clock.addAndGet(10 * ORDER_TIMEOUT_NANOS);
    agent.doWork();
    clock.addAndGet(10 * ORDER_TIMEOUT_NANOS);
    agent.doWork();
    assertThat(signals.sent).hasSize(2);
    assertThat(agent.ordersResent()).isEqualTo(1);
  }

  @Test
  void aFailingSaveIsCountedAndTradingContinues() {
    ConditionSnapshot condition = store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    startAgent();
    store.saveFailure = new IllegalStateException("database is locked");

    tick(22000); // triggered
    tick(22000); // entry
    receive(filled("aftm-" + condition.id() + "-entry", 1, 22000));
    tick(22010); // take profit
    receive(filled("aftm-" + condition.id() + "-exit", 1, 22010));

    assertThat(signals.sent)
        .extracting(Signal::signalId)
        .containsExactly(condition.id() + "-entry", condition.id() + "-exit");
    assertThat(agent.saveFailures()).isEqualTo(5);
    assertThat(agent.activeConditions()).isZero();
  }

  @Test
  void aFailingReloadKeepsTradingOnTheBookItHas() {
    store.insertCondition(buy(22000, 0, 1, 10, 10, false));
    startAgent();
    store.loadFailure = new IllegalStateException("busy");

    receive(3L); // a gap: the reload fails
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

    clock.addAndGet(ORDER_TIMEOUT_NANOS + 1);
    agent.doWork();
    assertThat(signals.sent)
        .as("the dropped one is not lost: its condition still waits and the timeout resends it")
        .extracting(Signal::conditionId)
        .contains(1L);
  }
}
