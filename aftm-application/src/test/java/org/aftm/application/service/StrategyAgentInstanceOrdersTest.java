package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.Tick;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.strategy.InstanceSignals;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.Strategy;
import org.aftm.domain.strategy.StrategyListener;
import org.junit.jupiter.api.Test;

/**
 * The closed loop for the orders of a plugin instance not built on conditions ({@code
 * aftm-<instance>-<n>}): sent again under the same id when overdue, asked for after a gap, and no
 * longer awaited once final.
 */
class StrategyAgentInstanceOrdersTest {

  private static final long ORDER_TIMEOUT_NANOS = 2_000_000_000L;
  private static final long HOUSEKEEPING_STEP_NANOS = 300_000_000L;

  private final List<String> log = new ArrayList<>();
  private final FakeConditionStore store = new FakeConditionStore(log);
  private final StrategyAgentTest.QueuedTicks ticks = new StrategyAgentTest.QueuedTicks();
  private final StrategyAgentTest.QueuedOrderUpdates orderUpdates =
      new StrategyAgentTest.QueuedOrderUpdates();
  private final StrategyAgentTest.RecordingSignals signals =
      new StrategyAgentTest.RecordingSignals(log);
  private final StrategyAgentTest.FakeGateway gateway = new StrategyAgentTest.FakeGateway();
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final OneOrder strategy = new OneOrder();
  private StrategyAgent agent;

  /** Buys one lot on its first tick, and records the updates it is given. */
  private static final class OneOrder implements Strategy {
    final InstanceSignals ids = new InstanceSignals("one");
    final List<OrderUpdate> updates = new ArrayList<>();
    boolean sent;

    @Override
    public String name() {
      return "one";
    }

    @Override
    public void onTick(Tick tick, StrategyListener listener) {
      if (!sent) {
        sent = true;
        listener.onSignal(
            ids.signal(
                tick.itemCode(),
                Side.BUY,
                1,
                tick.priceUnits(),
                tick.sequence(),
                tick.exchangeTimeMillis(),
                tick.publishNanos()));
      }
    }

    @Override
    public void onOrderUpdate(OrderUpdate update, StrategyListener listener) {
      updates.add(update);
    }
  }

  private void start() {
    agent =
        new StrategyAgent(
            ticks,
            orderUpdates,
            signals,
            store,
            store,
            gateway,
            new ConditionBook(),
            strategy,
            clock::get,
            ORDER_TIMEOUT_NANOS);
    agent.onStart();
    ticks.queue.add(new TickEvent("TXF", 1, 220_000_000L, 1, 5_000L, clock.get()));
    agent.doWork();
  }

  private String sentId() {
    return ConditionOrderId.PREFIX + signals.sent.get(0).signalId();
  }

  @Test
  void anOverdueOrderIsSentAgainUnderTheSameIdUntilItsFinalUpdate() {
    start();
    assertThat(signals.sent).hasSize(1);
    assertThat(sentId()).isEqualTo("aftm-one-5000");

    clock.addAndGet(ORDER_TIMEOUT_NANOS + HOUSEKEEPING_STEP_NANOS);
    agent.doWork();

    assertThat(signals.sent).extracting(Signal::signalId).containsExactly("one-5000", "one-5000");
    assertThat(agent.ordersResent()).isEqualTo(1);

    orderUpdates.queue.add(
        new OrderUpdate(sentId(), OrderState.FILLED, 1, 1, 220_000_000L, "", ""));
    agent.doWork();
    clock.addAndGet(ORDER_TIMEOUT_NANOS + HOUSEKEEPING_STEP_NANOS);
    agent.doWork();

    assertThat(signals.sent).as("final: no longer awaited").hasSize(2);
    assertThat(strategy.updates).extracting(OrderUpdate::state).containsExactly(OrderState.FILLED);
  }

  @Test
  void afterAGapTheAgentAsksForTheInstancesOrdersAndHandsOnTheAnswer() {
    start();
    gateway.states.put(
        sentId(), new OrderUpdate(sentId(), OrderState.FILLED, 1, 1, 220_000_000L, "", ""));

    orderUpdates.queue.add(3L); // a gap: updates may be lost
    agent.doWork();
    clock.addAndGet(HOUSEKEEPING_STEP_NANOS);
    agent.doWork();

    assertThat(gateway.asked).anySatisfy(ids -> assertThat(ids).contains(sentId()));
    assertThat(strategy.updates).extracting(OrderUpdate::clientOrderId).containsExactly(sentId());
    clock.addAndGet(ORDER_TIMEOUT_NANOS + HOUSEKEEPING_STEP_NANOS);
    agent.doWork();
    assertThat(signals.sent).as("the answer was final: nothing sent again").hasSize(1);
  }
}
