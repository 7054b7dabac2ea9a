package org.aftm.domain.condition;

import static org.aftm.domain.condition.Specs.pts;
import static org.aftm.domain.condition.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.ErrorCode;
import org.junit.jupiter.api.Test;

class ConditionTest {

  @Test
  void derivedPricesOfABuy() {
    Condition condition = Condition.create(1, Specs.reference(1));

    assertThat(condition.triggerUnits()).isEqualTo(pts(22000));
    assertThat(condition.orderPriceUnits()).isEqualTo(pts(22030));
    assertThat(condition.takeProfitPriceUnits()).isEqualTo(pts(22150));
    assertThat(condition.stopLossPriceUnits()).isEqualTo(pts(22000));
    assertThat(condition.state()).isEqualTo(ConditionState.NEW);
    assertThat(condition.isFinished()).isFalse();
  }

  @Test
  void snapshotOfAFreshConditionAgreesWithTheLiveOne() {
    Condition condition = Condition.create(1, spec("TXF", Side.SELL, 22000, 30, 1, 120, 30, true));
    ConditionSnapshot snapshot = condition.snapshot();

    assertThat(snapshot).isEqualTo(ConditionSnapshot.fresh(1, condition.spec()));
    assertThat(snapshot.orderPrice().units())
        .isEqualTo(condition.orderPriceUnits())
        .isEqualTo(pts(21970));
    assertThat(snapshot.takeProfitPrice().units())
        .isEqualTo(condition.takeProfitPriceUnits())
        .isEqualTo(pts(21850));
    assertThat(snapshot.stopLossPrice().units())
        .isEqualTo(condition.stopLossPriceUnits())
        .isEqualTo(pts(22000));
    assertThat(snapshot.entryPrice()).isNull();
    assertThat(snapshot.exitPrice()).isNull();
  }

  @Test
  void restoredTrailedConditionKeepsItsTrailedTriggerAndState() {
    Condition original = Condition.create(5, Specs.reference(2));
    original.onPrice(pts(21990));
    original.onPrice(pts(21950));

    Condition restored = Condition.restore(original.snapshot());

    assertThat(restored.state()).isEqualTo(ConditionState.TRIGGERED);
    assertThat(restored.triggerUnits()).isEqualTo(pts(21950));
    assertThat(restored.orderPriceUnits()).isEqualTo(pts(21980));
    assertThat(restored.onPrice(pts(21985))).isEqualTo(ConditionStep.ENTERED);
  }

  @Test
  void restoredOrderedConditionDoesNotEnterAgainAndMovesOnItsFill() {
    Condition original = Condition.create(5, Specs.reference(1));
    original.onPrice(pts(21990));
    assertThat(original.onPrice(pts(22020))).isEqualTo(ConditionStep.ENTERED);
    ConditionSnapshot stored = original.snapshot();
    assertThat(stored.state()).isEqualTo(ConditionState.ORDERED);
    assertThat(stored.entryPrice()).as("no fill yet: no entry price").isNull();

    Condition restored = Condition.restore(stored);

    assertThat(restored.onPrice(pts(22020))).isEqualTo(ConditionStep.NONE);
    assertThat(restored.onPrice(pts(21990)))
        .as("the entry's outcome is not known yet: no exit")
        .isEqualTo(ConditionStep.NONE);
    assertThat(OrderUpdates.fillCurrent(restored, pts(22020)))
        .isEqualTo(ConditionStep.ORDER_PROGRESS);
    assertThat(restored.state()).isEqualTo(ConditionState.ENTERED);
    assertThat(restored.onPrice(pts(21990)))
        .as("stop loss at 22020 - 30")
        .isEqualTo(ConditionStep.STOPPED_OUT);
    assertThat(OrderUpdates.fillCurrent(restored, pts(21990))).isEqualTo(ConditionStep.EXITED);
    assertThat(restored.snapshot().entryPrice()).isEqualTo(Price.ofPoints(22020));
    assertThat(restored.snapshot().exitPrice()).isEqualTo(Price.ofPoints(21990));
    assertThat(restored.snapshot().realizedPnlPoints()).isEqualTo(Price.ofPoints(-30));
  }

  @Test
  void exitedConditionStaysExited() {
    Condition original = Condition.create(5, spec("TXF", Side.BUY, 100, 0, 1, 10, 10, false));
    original.onPrice(pts(100));
    original.onPrice(pts(100));
    OrderUpdates.fillCurrent(original, pts(100));
    assertThat(original.onPrice(pts(110))).isEqualTo(ConditionStep.TOOK_PROFIT);
    assertThat(OrderUpdates.fillCurrent(original, pts(110))).isEqualTo(ConditionStep.EXITED);

    Condition restored = Condition.restore(original.snapshot());

    assertThat(restored.isFinished()).isTrue();
    for (long price : new long[] {1, 100, 110, 1_000_000}) {
      assertThat(restored.onPrice(pts(price))).isEqualTo(ConditionStep.NONE);
      assertThat(original.onPrice(pts(price))).isEqualTo(ConditionStep.NONE);
    }
    ConditionOrderId exit = new ConditionOrderId(5, ConditionOrderId.Leg.EXIT, 1);
    assertThat(restored.onOrderUpdate(exit, OrderUpdates.filled(exit, 1, pts(120)), 3))
        .isEqualTo(ConditionStep.NONE);
  }

  @Test
  void takeProfitAndStopLossTouchExactly() {
    Condition tp = Condition.create(1, spec("TXF", Side.BUY, 100, 0, 1, 10, 5, false));
    tp.onPrice(pts(100));
    tp.onPrice(pts(100));
    OrderUpdates.fillCurrent(tp, pts(100));
    assertThat(tp.onPrice(pts(110) - 1)).isEqualTo(ConditionStep.NONE);
    assertThat(tp.onPrice(pts(110))).isEqualTo(ConditionStep.TOOK_PROFIT);

    Condition sl = Condition.create(2, spec("TXF", Side.BUY, 100, 0, 1, 10, 5, false));
    sl.onPrice(pts(100));
    sl.onPrice(pts(100));
    OrderUpdates.fillCurrent(sl, pts(100));
    assertThat(sl.onPrice(pts(95) + 1)).isEqualTo(ConditionStep.NONE);
    assertThat(sl.onPrice(pts(95))).isEqualTo(ConditionStep.STOPPED_OUT);
  }

  @Test
  void fractionalPricesAreExact() {
    ConditionSpec spec =
        new ConditionSpec(
            "TXO",
            Side.BUY,
            Price.parse("10.05"),
            Price.parse("0.1"),
            1,
            Price.parse("0.2"),
            Price.parse("0.05"),
            false);
    Condition condition = Condition.create(1, spec);
    assertThat(condition.orderPriceUnits()).isEqualTo(Price.parse("10.15").units());

    condition.onPrice(Price.parse("10.05").units());
    assertThat(condition.onPrice(Price.parse("10.1499").units())).isEqualTo(ConditionStep.NONE);
    assertThat(condition.onPrice(Price.parse("10.15").units())).isEqualTo(ConditionStep.ENTERED);
    OrderUpdates.fillCurrent(condition, Price.parse("10.15").units());
    assertThat(condition.onPrice(Price.parse("10.35").units()))
        .isEqualTo(ConditionStep.TOOK_PROFIT);
  }

  @Test
  void signalSideIsTheActionOnEntryAndTheOppositeOnExit() {
    Condition buy = Condition.create(1, Specs.reference(1));
    assertThat(buy.signalSide(ConditionStep.ENTERED)).isEqualTo(Side.BUY);
    assertThat(buy.signalSide(ConditionStep.TOOK_PROFIT)).isEqualTo(Side.SELL);
    assertThat(buy.signalSide(ConditionStep.STOPPED_OUT)).isEqualTo(Side.SELL);
  }

  @Test
  void specDefaultsAndValidationNameTheField() {
    assertThat(ConditionSpec.DEFAULT_TAKE_PROFIT_POINT).isEqualTo(Price.ofPoints(90));
    assertThat(ConditionSpec.DEFAULT_STOP_LOSS_POINT).isEqualTo(Price.ofPoints(30));

    assertRefused(() -> spec(" ", Side.BUY, 1, 0, 1, 1, 1, false), ConditionField.ITEM_CODE)
        .hasMessage("item is required");
    assertRefused(() -> spec("TXF", Side.BUY, 0, 0, 1, 1, 1, false), ConditionField.TRIGGER_PRICE)
        .hasMessage("trigger price must be > 0, was 0");
    assertRefused(() -> spec("TXF", Side.BUY, 1, -1, 1, 1, 1, false), ConditionField.TURNING_POINT)
        .hasMessage("turning point must be >= 0, was -1");
    assertRefused(() -> spec("TXF", Side.BUY, 1, 0, 0, 1, 1, false), ConditionField.QUANTITY)
        .hasMessage("quantity must be > 0, was 0");
    assertRefused(
            () -> spec("TXF", Side.BUY, 1, 0, 1, 0, 1, false), ConditionField.TAKE_PROFIT_POINT)
        .hasMessage("take profit must be > 0, was 0");
    assertRefused(() -> spec("TXF", Side.BUY, 1, 0, 1, 1, 0, false), ConditionField.STOP_LOSS_POINT)
        .hasMessage("stop loss must be > 0, was 0");
    assertRefused(() -> spec("TXF", null, 1, 0, 1, 1, 1, false), ConditionField.ACTION)
        .hasMessage("action is required");
  }

  /** The refusal names its field, and its problem reads after any front end's name for it. */
  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ConditionField field) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidConditionException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void stateTextRoundTrips() {
    for (ConditionState state : ConditionState.values()) {
      assertThat(ConditionState.fromText(state.text())).isEqualTo(state);
    }
    assertThat(ConditionState.ORDERED.text()).isEqualTo("ordered");
    assertThatThrownBy(() -> ConditionState.fromText("ORDERED")).hasMessageContaining("ORDERED");
  }

  @Test
  void anEntryRefusedWhileTradingIsPausedReArmsWithoutUsingUpAnAttempt() {
    int maxAttempts = 1;
    Condition condition = Condition.create(7, Specs.reference(1));
    condition.onPrice(pts(21990));

    for (ErrorCode paused : new ErrorCode[] {ErrorCode.TRADING_HALTED, ErrorCode.MARKET_CLOSED}) {
      assertThat(condition.onPrice(pts(22020))).isEqualTo(ConditionStep.ENTERED);
      ConditionOrderId refused = condition.currentOrderId();
      assertThat(
              condition.onOrderUpdate(
                  refused, OrderUpdates.rejected(refused, 1, paused), maxAttempts))
          .isEqualTo(ConditionStep.ENTRY_RETRY);
      assertThat(condition.state()).isEqualTo(ConditionState.TRIGGERED);
    }

    assertThat(condition.onPrice(pts(22020))).isEqualTo(ConditionStep.ENTERED);
    ConditionOrderId third = condition.currentOrderId();
    assertThat(third.attempt()).as("each order still has a new id").isEqualTo(3);
    assertThat(
            condition.onOrderUpdate(
                third, OrderUpdates.rejected(third, 1, ErrorCode.NOT_LOGGED_IN), maxAttempts))
        .as("the one real attempt is used up")
        .isEqualTo(ConditionStep.FAILED);
    assertThat(condition.failure()).contains("attempts used up (1)");
  }
}
