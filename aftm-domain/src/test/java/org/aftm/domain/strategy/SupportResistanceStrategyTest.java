package org.aftm.domain.strategy;

import static org.aftm.domain.condition.Specs.pts;
import static org.aftm.domain.condition.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.condition.OrderUpdates;
import org.aftm.domain.condition.Specs;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.junit.jupiter.api.Test;

class SupportResistanceStrategyTest {

  private static final String TXF = "TXFF6";
  private static final String MXF = "MXFF6";

  private final ConditionBook book = new ConditionBook();
  private final SupportResistanceStrategy strategy = new SupportResistanceStrategy(book);
  private final RecordingListener listener = new RecordingListener();
  private long sequence;

  private void tick(String item, long points) {
    sequence++;
    strategy.onTick(
        new TickEvent(
            item, sequence, pts(points), 1, 1_700_000_000_000L + sequence, 42L + sequence),
        listener);
  }

  /** The broker fills the order of {@code signal} in full at {@code points}. */
  private void fill(Signal signal, long points) {
    fill(signal, points, listener);
  }

  private void fill(Signal signal, long points, StrategyListener to) {
    ConditionOrderId id =
        ConditionOrderId.parse(ConditionOrderId.PREFIX + signal.signalId()).orElseThrow();
    strategy.onOrderUpdate(OrderUpdates.filled(id, signal.quantity(), pts(points)), to);
  }

  /** The broker fills the last signal in full at its tick's price. */
  private void fillLast() {
    Signal last = listener.signals.get(listener.signals.size() - 1);
    fill(last, last.priceUnits() / pts(1));
  }

  private Condition add(long id, ConditionSpec spec) {
    Condition condition = Condition.create(id, spec);
    book.put(condition);
    return condition;
  }

  @Test
  void referenceTraceOfDesignSection3() {
    Condition condition = add(7, Specs.reference(3));

    tick(TXF, 22010);
    assertThat(listener.events).isEmpty();
    assertThat(condition.state()).isEqualTo(ConditionState.NEW);

    tick(TXF, 21990);
    assertThat(listener.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.step()).isEqualTo(ConditionStep.TRIGGERED);
              assertThat(c.snapshot().state()).isEqualTo(ConditionState.TRIGGERED);
              assertThat(c.snapshot().triggerPrice().units()).isEqualTo(pts(21990));
              assertThat(c.snapshot().orderPrice().units()).isEqualTo(pts(22020));
            });
    assertThat(listener.signals).isEmpty();
    listener.clear();

    tick(TXF, 21950);
    assertThat(listener.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.step()).isEqualTo(ConditionStep.TRAILED);
              assertThat(c.snapshot().triggerPrice().units()).isEqualTo(pts(21950));
              assertThat(c.snapshot().orderPrice().units()).isEqualTo(pts(21980));
            });
    assertThat(condition.orderPriceUnits()).isEqualTo(pts(21980));
    assertThat(listener.signals).isEmpty();
    listener.clear();

    tick(TXF, 21985);
    assertThat(listener.signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signalId()).isEqualTo("7-entry");
              assertThat(s.conditionId()).isEqualTo(7);
              assertThat(s.itemCode()).isEqualTo(TXF);
              assertThat(s.side()).isEqualTo(Side.BUY);
              assertThat(s.quantity()).isEqualTo(3);
              assertThat(s.reason()).isEqualTo(SignalReason.ENTRY);
              assertThat(s.priceUnits()).isEqualTo(pts(21985));
              assertThat(s.tickSequence()).isEqualTo(4);
              assertThat(s.exchangeTimeMillis()).isEqualTo(1_700_000_000_004L);
              assertThat(s.tickPublishNanos()).isEqualTo(46L);
            });
    assertThat(listener.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.step()).isEqualTo(ConditionStep.ENTERED);
              assertThat(c.snapshot().state()).isEqualTo(ConditionState.ORDERED);
              assertThat(c.snapshot().entryPrice()).as("no fill yet").isNull();
              assertThat(c.snapshot().takeProfitPrice().units()).isEqualTo(pts(22100));
              assertThat(c.snapshot().stopLossPrice().units()).isEqualTo(pts(21950));
            });
    // The listener hears the signal before the change, so the signal is out before state is stored.
    assertThat(listener.events).containsExactly("signal 7-entry", "change 7 ENTERED");
    Signal entry = listener.signals.get(0);
    listener.clear();

    tick(TXF, 22100);
    assertThat(listener.events)
        .as("ordered, not entered: no exit before the entry fills")
        .isEmpty();

    fill(entry, 21985);
    assertThat(listener.signals).isEmpty();
    assertThat(listener.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.step()).isEqualTo(ConditionStep.ORDER_PROGRESS);
              assertThat(c.snapshot().state()).isEqualTo(ConditionState.ENTERED);
              assertThat(c.snapshot().entryPrice().units()).isEqualTo(pts(21985));
              assertThat(c.snapshot().entryFilled()).isEqualTo(3);
            });
    listener.clear();

    tick(TXF, 22050);
    assertThat(listener.events).isEmpty();

    tick(TXF, 22100);
    assertThat(listener.signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signalId()).isEqualTo("7-exit");
              assertThat(s.closesSignalId()).isEqualTo("7-entry");
              assertThat(s.side()).isEqualTo(Side.SELL);
              assertThat(s.quantity()).isEqualTo(3);
              assertThat(s.reason()).isEqualTo(SignalReason.TAKE_PROFIT);
              assertThat(s.priceUnits()).isEqualTo(pts(22100));
            });
    assertThat(listener.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.step()).isEqualTo(ConditionStep.TOOK_PROFIT);
              assertThat(c.snapshot().state()).isEqualTo(ConditionState.EXITING);
            });
    assertThat(book.contains(7)).as("the exit is out, not yet filled").isTrue();
    Signal exit = listener.signals.get(0);
    listener.clear();

    fill(exit, 22100);
    assertThat(listener.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.step()).isEqualTo(ConditionStep.EXITED);
              assertThat(c.snapshot().state()).isEqualTo(ConditionState.EXITED);
              assertThat(c.snapshot().exitPrice().units()).isEqualTo(pts(22100));
              assertThat(c.snapshot().realizedPnlPoints()).isEqualTo(Price.ofPoints(3 * 115));
            });
    assertThat(condition.isFinished()).isTrue();
    assertThat(book.contains(7)).isFalse();
    assertThat(book.forItem(TXF)).isEmpty();
    assertThat(book.size()).isZero();
    listener.clear();

    tick(TXF, 21900);
    tick(TXF, 22300);
    fill(exit, 22300);
    assertThat(listener.events).as("a finished condition never trades again").isEmpty();
  }

  @Test
  void buyWithoutFollowingKeepsItsTriggerAndStopsOut() {
    Condition condition = add(1, spec(TXF, Side.BUY, 22000, 30, 2, 90, 30, false));

    tick(TXF, 21990); // triggers, no trailing
    tick(TXF, 21900); // new low, but not following
    assertThat(condition.triggerUnits()).isEqualTo(pts(22000));
    assertThat(condition.orderPriceUnits()).isEqualTo(pts(22030));
    tick(TXF, 22029);
    assertThat(listener.signals).isEmpty();
    tick(TXF, 22030); // entry at order price
    fillLast();
    tick(TXF, 22001); // SL is 22000: not yet
    tick(TXF, 22000); // stop loss
    fillLast();

    assertThat(listener.signals)
        .extracting(Signal::signalId, Signal::side, Signal::quantity, Signal::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1-entry", Side.BUY, 2, SignalReason.ENTRY),
            org.assertj.core.groups.Tuple.tuple("1-exit", Side.SELL, 2, SignalReason.STOP_LOSS));
    assertThat(listener.changes)
        .extracting(RecordingListener.Change::step)
        .containsExactly(
            ConditionStep.TRIGGERED,
            ConditionStep.ENTERED,
            ConditionStep.ORDER_PROGRESS,
            ConditionStep.STOPPED_OUT,
            ConditionStep.EXITED);
    assertThat(book.size()).isZero();
  }

  @Test
  void buyWithFollowingTakesProfitAboveTheTrailedOrderPrice() {
    add(1, spec(TXF, Side.BUY, 100, 10, 1, 20, 5, true));

    tick(TXF, 100); // trigger at the trigger price: no new low, no trail
    tick(TXF, 95); // trail: trigger 95, order 105
    tick(TXF, 105); // entry
    fillLast();
    tick(TXF, 124); // TP is 125
    tick(TXF, 126); // take profit

    assertThat(listener.signals)
        .extracting(Signal::reason, Signal::side, Signal::priceUnits)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SignalReason.ENTRY, Side.BUY, pts(105)),
            org.assertj.core.groups.Tuple.tuple(SignalReason.TAKE_PROFIT, Side.SELL, pts(126)));
    assertThat(listener.changes)
        .extracting(RecordingListener.Change::step)
        .containsExactly(
            ConditionStep.TRIGGERED,
            ConditionStep.TRAILED,
            ConditionStep.ENTERED,
            ConditionStep.ORDER_PROGRESS,
            ConditionStep.TOOK_PROFIT);
  }

  @Test
  void sellMirrorsTheBuy() {
    Condition condition = add(9, spec(TXF, Side.SELL, 22000, 30, 4, 120, 30, true));
    assertThat(condition.orderPriceUnits()).isEqualTo(pts(21970));
    assertThat(condition.takeProfitPriceUnits()).isEqualTo(pts(21850));
    assertThat(condition.stopLossPriceUnits()).isEqualTo(pts(22000));

    tick(TXF, 21990); // below the trigger: nothing
    assertThat(condition.state()).isEqualTo(ConditionState.NEW);
    tick(TXF, 22010); // triggers on price >= trigger and trails the new high
    assertThat(condition.state()).isEqualTo(ConditionState.TRIGGERED);
    assertThat(condition.triggerUnits()).isEqualTo(pts(22010));
    assertThat(condition.orderPriceUnits()).isEqualTo(pts(21980));
    tick(TXF, 22050); // trails the new high
    assertThat(condition.triggerUnits()).isEqualTo(pts(22050));
    assertThat(condition.orderPriceUnits()).isEqualTo(pts(22020));
    tick(TXF, 22030); // a lower high does not trail
    assertThat(condition.triggerUnits()).isEqualTo(pts(22050));
    tick(TXF, 22015); // entry: price <= order 22020
    assertThat(condition.state()).isEqualTo(ConditionState.ORDERED);
    fillLast();
    assertThat(condition.state()).isEqualTo(ConditionState.ENTERED);
    assertThat(condition.takeProfitPriceUnits()).isEqualTo(pts(21900));
    assertThat(condition.stopLossPriceUnits()).isEqualTo(pts(22050));
    tick(TXF, 22049);
    tick(TXF, 21900); // take profit below
    fillLast();

    assertThat(listener.signals)
        .extracting(Signal::signalId, Signal::side, Signal::quantity, Signal::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("9-entry", Side.SELL, 4, SignalReason.ENTRY),
            org.assertj.core.groups.Tuple.tuple("9-exit", Side.BUY, 4, SignalReason.TAKE_PROFIT));
    assertThat(book.size()).isZero();
  }

  @Test
  void sellStopsOutAbove() {
    add(3, spec(TXF, Side.SELL, 100, 10, 1, 50, 20, false));
    tick(TXF, 100); // trigger
    tick(TXF, 90); // entry at order 90; SL 110, TP 40
    fillLast();
    tick(TXF, 109);
    tick(TXF, 110); // stop loss

    assertThat(listener.signals)
        .extracting(Signal::reason, Signal::side)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SignalReason.ENTRY, Side.SELL),
            org.assertj.core.groups.Tuple.tuple(SignalReason.STOP_LOSS, Side.BUY));
  }

  @Test
  void zeroTurningPointDisablesTrailing() {
    Condition buy = add(1, spec(TXF, Side.BUY, 22000, 0, 1, 90, 30, true));
    Condition sell = add(2, spec(MXF, Side.SELL, 22000, 0, 1, 90, 30, true));

    tick(TXF, 21950);
    tick(MXF, 22050);

    assertThat(buy.state()).isEqualTo(ConditionState.TRIGGERED);
    assertThat(buy.triggerUnits()).isEqualTo(pts(22000));
    assertThat(sell.state()).isEqualTo(ConditionState.TRIGGERED);
    assertThat(sell.triggerUnits()).isEqualTo(pts(22000));
    assertThat(listener.changes)
        .extracting(RecordingListener.Change::step)
        .containsExactly(ConditionStep.TRIGGERED, ConditionStep.TRIGGERED);

    tick(TXF, 21900); // a lower low: still no trail
    assertThat(buy.triggerUnits()).isEqualTo(pts(22000));
    assertThat(listener.changes).hasSize(2);
  }

  @Test
  void conditionsReactOnlyToTheirOwnInstrument() {
    Condition txf = add(1, spec(TXF, Side.BUY, 22000, 30, 1, 90, 30, true));
    Condition mxf = add(2, spec(MXF, Side.BUY, 22000, 30, 1, 90, 30, true));

    tick(MXF, 21900);
    assertThat(mxf.state()).isEqualTo(ConditionState.TRIGGERED);
    assertThat(txf.state()).isEqualTo(ConditionState.NEW);
    assertThat(txf.triggerUnits()).isEqualTo(pts(22000));

    tick("OTHER", 10);
    tick("OTHER", 99_999);
    assertThat(listener.changes)
        .extracting(RecordingListener.Change::conditionId)
        .containsExactly(2L);

    tick(MXF, 21930); // entry of MXF only
    assertThat(listener.signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.itemCode()).isEqualTo(MXF);
              assertThat(s.conditionId()).isEqualTo(2);
            });
    assertThat(txf.state()).isEqualTo(ConditionState.NEW);
  }

  @Test
  void severalConditionsOnOneInstrumentEachMakeTheirOwnStepAndFinishedOnesLeave() {
    add(1, spec(TXF, Side.BUY, 100, 0, 1, 10, 10, false));
    add(2, spec(TXF, Side.BUY, 100, 0, 2, 50, 50, false));
    add(3, spec(TXF, Side.SELL, 200, 0, 3, 10, 10, false));

    tick(TXF, 100); // 1 and 2 trigger
    tick(TXF, 100); // 1 and 2 enter
    fill(listener.signals.get(0), 100);
    fill(listener.signals.get(1), 100);
    tick(TXF, 110); // 1 takes profit; 2 holds
    fillLast(); // 1 leaves

    assertThat(listener.signals)
        .extracting(Signal::signalId)
        .containsExactly("1-entry", "2-entry", "1-exit");
    assertThat(book.all()).extracting(Condition::id).containsExactlyInAnyOrder(2L, 3L);
    List<Condition> remaining = book.forItem(TXF);
    assertThat(remaining).extracting(Condition::id).containsExactlyInAnyOrder(2L, 3L);
  }

  @Test
  void aConditionTheListenerDropsDoesNotMakeTheNextOneMissTheTick() {
    // The strategy agent drops a condition from the book when its save finds it deleted; the
    // conditions after it on the same instrument must still see this tick.
    add(1, spec(TXF, Side.BUY, 100, 0, 1, 10, 10, false));
    add(2, spec(TXF, Side.BUY, 100, 0, 1, 10, 10, false));
    add(3, spec(TXF, Side.BUY, 100, 0, 1, 10, 10, false));
    StrategyListener dropping =
        new StrategyListener() {
          @Override
          public void onSignal(Signal signal) {
            listener.onSignal(signal);
          }

          @Override
          public void onConditionChanged(Condition condition, ConditionStep step) {
            listener.onConditionChanged(condition, step);
            if (condition.id() == 1) {
              book.remove(condition.id());
            }
          }
        };

    strategy.onTick(new TickEvent(TXF, 1, pts(100), 1, 0, 0), dropping);

    assertThat(listener.changes)
        .extracting(RecordingListener.Change::conditionId)
        .containsExactly(1L, 2L, 3L);
    assertThat(book.all()).extracting(Condition::id).containsExactlyInAnyOrder(2L, 3L);

    // And conditions the listener drops as they exit do not make the strategy revisit one.
    strategy.onTick(new TickEvent(TXF, 2, pts(100), 1, 0, 0), dropping); // 2 and 3 enter
    for (Signal entry : List.copyOf(listener.signals)) {
      fill(entry, 100);
    }
    listener.clear();
    StrategyListener droppingFinished =
        new StrategyListener() {
          @Override
          public void onSignal(Signal signal) {
            listener.onSignal(signal);
          }

          @Override
          public void onConditionChanged(Condition condition, ConditionStep step) {
            listener.onConditionChanged(condition, step);
            book.remove(condition.id());
          }
        };
    strategy.onTick(new TickEvent(TXF, 3, pts(110), 1, 0, 0), droppingFinished);

    assertThat(listener.signals).extracting(Signal::signalId).containsExactly("2-exit", "3-exit");
    assertThat(book.size()).isZero();
  }

  @Test
  void nameIsStable() {
    assertThat(strategy.name())
        .isEqualTo("support-resistance")
        .isEqualTo(SupportResistanceStrategy.NAME);
  }
}
