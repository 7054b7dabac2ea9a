package org.aftm.domain.strategy;

import static org.aftm.domain.condition.Specs.pts;
import static org.aftm.domain.condition.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
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
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.Test;

/** The rules a trader relies on: a condition moves on what became of its orders. */
class OrderOutcomeTest {

  private static final String TXF = "TXFF6";
  private static final int MAX_ENTRY_ATTEMPTS = 2;

  private final ConditionBook book = new ConditionBook();
  private final SupportResistanceStrategy strategy =
      new SupportResistanceStrategy(book, MAX_ENTRY_ATTEMPTS);
  private final RecordingListener listener = new RecordingListener();
  private long sequence;

  private void tick(long points) {
    sequence++;
    strategy.onTick(new TickEvent(TXF, sequence, pts(points), 1, sequence, sequence), listener);
  }

  private Condition add(long id, ConditionSpec spec) {
    Condition condition = Condition.create(id, spec);
    book.put(condition);
    return condition;
  }

  private void update(OrderUpdate update) {
    strategy.onOrderUpdate(update, listener);
  }

  private static ConditionOrderId orderOf(Signal signal) {
    return ConditionOrderId.parse(ConditionOrderId.PREFIX + signal.signalId()).orElseThrow();
  }

  private Signal lastSignal() {
    return listener.signals.get(listener.signals.size() - 1);
  }

  /** A buy at 100 with no turning point: triggers and enters on two ticks at 100. */
  private Condition enteredBuy(long id, int quantity) {
    Condition condition = add(id, spec(TXF, Side.BUY, 100, 0, quantity, 10, 10, false));
    tick(100);
    tick(100);
    Signal entry = lastSignal();
    update(OrderUpdates.filled(orderOf(entry), quantity, pts(100)));
    assertThat(condition.state()).isEqualTo(ConditionState.ENTERED);
    return condition;
  }

  @Test
  void anExitThatKeepsBeingRejectedIsRetriedWithAGrowingWaitButNeverGivenUp() {
    enteredBuy(9, 1);
    tick(89); // stop loss
    List<Integer> ticksBetweenAttempts = new ArrayList<>();
    for (int attempt = 1; attempt <= 5; attempt++) {
      update(OrderUpdates.rejected(orderOf(lastSignal()), 1, ErrorCode.BROKER_REJECTED));
      int signalsBefore = listener.signals.size();
      int ticks = 0;
      while (listener.signals.size() == signalsBefore) {
        tick(89);
        ticks++;
        assertThat(ticks).as("attempt %d is retried within 64 ticks", attempt + 1).isLessThan(65);
      }
      ticksBetweenAttempts.add(ticks);
      assertThat(lastSignal().signalId()).isEqualTo("9-exit-" + (attempt + 1));
    }
    assertThat(ticksBetweenAttempts).containsExactly(1, 2, 4, 8, 16);
  }

  @Test
  void theReferenceTraceWithFillsGivesExactlyOneBuyThenOneSell() {
    Condition condition = add(7, Specs.reference(1));
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      tick(price);
    }
    update(OrderUpdates.filled(orderOf(lastSignal()), 1, pts(21985)));
    tick(22050);
    tick(22100);
    update(OrderUpdates.filled(orderOf(lastSignal()), 1, pts(22100)));
    tick(22200);
    tick(21000);

    assertThat(listener.signals)
        .extracting(Signal::signalId, Signal::side, Signal::quantity, Signal::reason)
        .containsExactly(
            tuple("7-entry", Side.BUY, 1, SignalReason.ENTRY),
            tuple("7-exit", Side.SELL, 1, SignalReason.TAKE_PROFIT));
    assertThat(listener.signals)
        .extracting(Signal::priceUnits)
        .containsExactly(pts(21985), pts(22100));
    assertThat(condition.state()).isEqualTo(ConditionState.EXITED);
    assertThat(condition.snapshot().realizedPnlPoints()).isEqualTo(Price.ofPoints(115));
  }

  @Test
  void aPartlyFilledEntryIsEnteredAndItsExitIsSizedToWhatFilled() {
    Condition condition = add(3, spec(TXF, Side.BUY, 100, 0, 5, 10, 10, false));
    tick(100);
    tick(100);
    ConditionOrderId entry = orderOf(lastSignal());

    update(OrderUpdates.cancelled(entry, 5, 2, pts(100)));

    assertThat(condition.state()).isEqualTo(ConditionState.ENTERED);
    assertThat(condition.entryFilled()).isEqualTo(2);
    tick(110);
    assertThat(lastSignal().quantity()).as("the exit closes the 2 lots that filled").isEqualTo(2);
    assertThat(lastSignal().reason()).isEqualTo(SignalReason.TAKE_PROFIT);
  }

  @Test
  void anEntryStillFillingGrowsThePositionAndALaterExitAttemptClosesTheRest() {
    Condition condition = add(3, spec(TXF, Side.BUY, 100, 0, 5, 10, 10, false));
    tick(100);
    tick(100);
    ConditionOrderId entry = orderOf(lastSignal());
    update(OrderUpdates.partiallyFilled(entry, 5, 1, pts(100)));
    assertThat(condition.state()).isEqualTo(ConditionState.ENTERED);

    tick(110); // take profit for the 1 lot filled so far
    Signal exit = lastSignal();
    assertThat(exit.quantity()).isEqualTo(1);
    update(OrderUpdates.partiallyFilled(entry, 5, 3, pts(100))); // 2 more lots fill meanwhile
    update(OrderUpdates.cancelled(entry, 5, 3, pts(100)));
    update(OrderUpdates.filled(orderOf(exit), 1, pts(110)));
    assertThat(condition.state())
        .as("2 lots are still open: not exited")
        .isEqualTo(ConditionState.EXITING);

    tick(111);
    Signal second = lastSignal();
    assertThat(second.signalId()).isEqualTo("3-exit-2");
    assertThat(second.quantity()).isEqualTo(2);
    update(OrderUpdates.filled(orderOf(second), 2, pts(111)));

    assertThat(condition.state()).isEqualTo(ConditionState.EXITED);
    assertThat(condition.exitFilled()).isEqualTo(condition.entryFilled()).isEqualTo(3);
  }

  @Test
  void anEntryRejectedCancelledOrExpiredMayEnterAgainUpToTheAttemptsThenFails() {
    Condition condition = add(4, spec(TXF, Side.BUY, 100, 0, 1, 10, 10, false));
    tick(100);
    tick(100);
    ConditionOrderId first = orderOf(lastSignal());
    assertThat(first.clientOrderId()).isEqualTo("aftm-4-entry");

    update(OrderUpdates.expired(first, 1));
    assertThat(condition.state()).isEqualTo(ConditionState.TRIGGERED);
    assertThat(listener.changes)
        .last()
        .extracting(RecordingListener.Change::step)
        .isEqualTo(ConditionStep.ENTRY_RETRY);

    tick(100); // enters again on a later tick, as a new attempt
    ConditionOrderId second = orderOf(lastSignal());
    assertThat(second.clientOrderId()).isEqualTo("aftm-4-entry-2");
    update(OrderUpdates.cancelled(second, 1, 0, 0));

    assertThat(condition.state()).isEqualTo(ConditionState.FAILED);
    assertThat(condition.failure()).contains("attempts").contains("cancelled");
    assertThat(book.contains(4)).isFalse();
    tick(100);
    assertThat(listener.signals).hasSize(2);
  }

  @Test
  void aTransientRefusalIsRetriedAsANewAttemptAFinalOneIsNot() {
    Condition transientOne = add(5, spec(TXF, Side.BUY, 100, 0, 1, 10, 10, false));
    Condition finalOne = add(6, spec(TXF, Side.BUY, 100, 0, 1, 10, 10, false));
    tick(100);
    tick(100);
    update(
        OrderUpdates.rejected(
            new ConditionOrderId(5, ConditionOrderId.Leg.ENTRY, 1), 1, ErrorCode.NOT_LOGGED_IN));
    update(
        OrderUpdates.rejected(
            new ConditionOrderId(6, ConditionOrderId.Leg.ENTRY, 1), 1, ErrorCode.RISK_LIMIT));

    assertThat(transientOne.state()).isEqualTo(ConditionState.TRIGGERED);
    assertThat(finalOne.state()).isEqualTo(ConditionState.FAILED);
    assertThat(finalOne.failure()).contains("RISK_LIMIT");

    tick(100);
    assertThat(lastSignal().signalId()).isEqualTo("5-entry-2");
  }

  @Test
  void aStopLossThatIsRejectedIsSentAgainAsExit2OnTheNextTick() {
    Condition condition = enteredBuy(8, 2);
    tick(90); // stop loss at 100 - 10
    Signal exit = lastSignal();
    assertThat(exit.signalId()).isEqualTo("8-exit");
    assertThat(exit.reason()).isEqualTo(SignalReason.STOP_LOSS);

    update(OrderUpdates.rejected(orderOf(exit), 2, ErrorCode.EXCHANGE_UNAVAILABLE));
    assertThat(condition.state()).isEqualTo(ConditionState.EXITING);
    assertThat(listener.signals).hasSize(2);

    tick(95); // whatever the price: the position is open, the stop loss goes again
    Signal again = lastSignal();
    assertThat(again.signalId()).isEqualTo("8-exit-2");
    assertThat(again.reason()).isEqualTo(SignalReason.STOP_LOSS);
    assertThat(again.side()).isEqualTo(Side.SELL);
    assertThat(again.quantity()).isEqualTo(2);
    assertThat(again.closesSignalId()).isEqualTo("8-entry");
    assertThat(listener.changes)
        .last()
        .extracting(RecordingListener.Change::step)
        .isEqualTo(ConditionStep.EXIT_RETRIED);

    update(OrderUpdates.filled(orderOf(again), 2, pts(95)));
    assertThat(condition.state()).isEqualTo(ConditionState.EXITED);
  }

  @Test
  void anExitRefusedForGoodFailsTheConditionWithTheReason() {
    Condition condition = enteredBuy(9, 1);
    tick(110);

    update(OrderUpdates.rejected(orderOf(lastSignal()), 1, ErrorCode.NO_POSITION_TO_CLOSE));

    assertThat(condition.state()).isEqualTo(ConditionState.FAILED);
    assertThat(condition.failure()).contains("NO_POSITION_TO_CLOSE").contains("1 lots open");
  }

  @Test
  void whileTheExitIsOutNoOtherExitIsSent() {
    Condition condition = enteredBuy(10, 1);
    tick(110);
    update(OrderUpdates.accepted(orderOf(lastSignal()), 1));

    tick(80);
    tick(200);

    assertThat(listener.signals).hasSize(2);
    assertThat(condition.awaitsOrder()).isTrue();
  }

  @Test
  void updatesOfOtherOrdersOldAttemptsAndRepeatsChangeNothing() {
    Condition condition = enteredBuy(11, 1);
    listener.clear();
    ConditionOrderId entry = new ConditionOrderId(11, ConditionOrderId.Leg.ENTRY, 1);

    update(OrderUpdates.filled(entry, 1, pts(100))); // a repeat
    update(OrderUpdates.filled(new ConditionOrderId(99, ConditionOrderId.Leg.ENTRY, 1), 1, 1));
    update(OrderUpdates.filled(new ConditionOrderId(11, ConditionOrderId.Leg.ENTRY, 2), 1, 1));
    update(OrderUpdates.filled(new ConditionOrderId(11, ConditionOrderId.Leg.EXIT, 1), 1, 1));
    update(new OrderUpdate("manual-1", OrderState.FILLED, 1, 1, 1, "", ""));

    assertThat(listener.events).isEmpty();
    assertThat(condition.state()).isEqualTo(ConditionState.ENTERED);
    assertThat(condition.entryFilled()).isEqualTo(1);
    assertThat(condition.exitFilled()).isZero();
  }

  @Test
  void aBuyAndASellConditionOnOneInstrumentEachCompleteTheirRoundTrip() {
    Condition buy = add(1, spec(TXF, Side.BUY, 100, 0, 2, 10, 10, false));
    Condition sell = add(2, spec(TXF, Side.SELL, 100, 0, 2, 10, 10, false));
    tick(100); // both trigger
    tick(100); // both enter
    for (Signal entry : java.util.List.copyOf(listener.signals)) {
      update(OrderUpdates.filled(orderOf(entry), 2, pts(100)));
    }
    // The account nets to 0, yet each condition holds its own 2 lots.
    assertThat(buy.openQuantity()).isEqualTo(2);
    assertThat(sell.openQuantity()).isEqualTo(2);

    tick(110); // buy takes profit, sell stops out
    assertThat(listener.signals)
        .extracting(Signal::signalId, Signal::side, Signal::quantity)
        .containsExactly(
            tuple("1-entry", Side.BUY, 2),
            tuple("2-entry", Side.SELL, 2),
            tuple("1-exit", Side.SELL, 2),
            tuple("2-exit", Side.BUY, 2));
    update(OrderUpdates.filled(new ConditionOrderId(1, ConditionOrderId.Leg.EXIT, 1), 2, pts(110)));
    update(OrderUpdates.filled(new ConditionOrderId(2, ConditionOrderId.Leg.EXIT, 1), 2, pts(110)));

    assertThat(buy.state()).isEqualTo(ConditionState.EXITED);
    assertThat(sell.state()).isEqualTo(ConditionState.EXITED);
    assertThat(buy.snapshot().realizedPnlPoints()).isEqualTo(Price.ofPoints(20));
    assertThat(sell.snapshot().realizedPnlPoints()).isEqualTo(Price.ofPoints(-20));
    assertThat(book.size()).isZero();
  }

  @Test
  void aRestoredConditionCarriesOnWithItsOrderProgress() {
    Condition condition = enteredBuy(12, 2);
    tick(90);
    update(OrderUpdates.cancelled(orderOf(lastSignal()), 2, 1, pts(90)));

    Condition restored = Condition.restore(condition.snapshot());

    assertThat(restored.snapshot()).isEqualTo(condition.snapshot());
    assertThat(restored.onPrice(pts(95))).isEqualTo(ConditionStep.EXIT_RETRIED);
    assertThat(restored.currentOrderId().signalId()).isEqualTo("12-exit-2");
    assertThat(restored.signalQuantity()).isEqualTo(1);
  }
}
