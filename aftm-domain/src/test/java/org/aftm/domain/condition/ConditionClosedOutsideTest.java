package org.aftm.domain.condition;

import static org.aftm.domain.condition.Specs.pts;
import static org.aftm.domain.condition.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.ErrorCode;
import org.junit.jupiter.api.Test;

/** Lots closed outside a condition's own exits: a flatten (docs/architecture.md §12.2). */
class ConditionClosedOutsideTest {

  private static final String WHY = "closed by flatten flatten-abc-TXF at 22057";

  /** A buy of two lots entered at 22000, take profit 22100, stop loss 21900. */
  private static Condition entered() {
    Condition condition = Condition.create(7, spec("TXF", Side.BUY, 22000, 0, 2, 100, 100, false));
    condition.onPrice(pts(22000));
    assertThat(condition.onPrice(pts(22000))).isEqualTo(ConditionStep.ENTERED);
    OrderUpdates.fillCurrent(condition, pts(22000));
    assertThat(condition.state()).isEqualTo(ConditionState.ENTERED);
    assertThat(condition.openQuantity()).isEqualTo(2);
    return condition;
  }

  @Test
  void closingEveryOpenLotFailsItWithTheReasonAndCountsTheLotsAsExitFills() {
    Condition condition = entered();

    assertThat(condition.closedOutside(2, pts(22057), WHY)).isEqualTo(ConditionStep.FAILED);

    assertThat(condition.state()).isEqualTo(ConditionState.FAILED);
    assertThat(condition.failure()).isEqualTo(WHY);
    assertThat(condition.exitFilled()).isEqualTo(condition.entryFilled()).isEqualTo(2);
    assertThat(condition.openQuantity()).isZero();
    ConditionSnapshot stored = condition.snapshot();
    assertThat(stored.exitPrice()).isEqualTo(Price.ofPoints(22057));
    assertThat(stored.realizedPnlPoints())
        .as("57 points on each of 2 lots")
        .isEqualTo(Price.ofPoints(114));
    assertThat(condition.onPrice(pts(22100)))
        .as("finished: its take profit no longer fires")
        .isEqualTo(ConditionStep.NONE);
  }

  @Test
  void closingPartOfTheLotsKeepsItEnteredWithTheRestOpen() {
    Condition condition = entered();

    assertThat(condition.closedOutside(1, pts(22010), WHY)).isEqualTo(ConditionStep.ORDER_PROGRESS);

    assertThat(condition.state()).isEqualTo(ConditionState.ENTERED);
    assertThat(condition.openQuantity()).isEqualTo(1);
    assertThat(condition.onPrice(pts(22100))).isEqualTo(ConditionStep.TOOK_PROFIT);
    assertThat(condition.signalQuantity()).as("the exit closes what is left").isEqualTo(1);
  }

  @Test
  void aCloseWhileExitingKeepsTheExitAttemptsOwnFills() {
    Condition condition = entered();
    assertThat(condition.onPrice(pts(21900))).isEqualTo(ConditionStep.STOPPED_OUT);
    ConditionOrderId exit = condition.currentOrderId();
    condition.onOrderUpdate(exit, OrderUpdates.partiallyFilled(exit, 2, 1, pts(21900)), 3);
    assertThat(condition.openQuantity()).isEqualTo(1);

    assertThat(condition.closedOutside(1, pts(21880), WHY)).isEqualTo(ConditionStep.FAILED);

    assertThat(condition.exitFilled()).isEqualTo(2);
    assertThat(condition.snapshot().exitPrice()).isEqualTo(Price.ofPoints(21890));
  }

  @Test
  void aConditionThatFailedWithLotsOpenStaysFailedWithBothReasons() {
    Condition condition = entered();
    condition.onPrice(pts(22100));
    OrderUpdates.rejectCurrent(condition, ErrorCode.NO_POSITION_TO_CLOSE);
    assertThat(condition.state()).isEqualTo(ConditionState.FAILED);
    assertThat(condition.openQuantity()).isEqualTo(2);
    String before = condition.failure();

    assertThat(condition.closedOutside(2, pts(22057), WHY)).isEqualTo(ConditionStep.ORDER_PROGRESS);

    assertThat(condition.state()).isEqualTo(ConditionState.FAILED);
    assertThat(condition.openQuantity()).isZero();
    assertThat(condition.failure()).isEqualTo(before + "; " + WHY);
  }

  @Test
  void survivesARestore() {
    Condition condition = entered();
    condition.closedOutside(1, pts(22010), WHY);

    Condition restored = Condition.restore(condition.snapshot());

    assertThat(restored.exitFilled()).isEqualTo(1);
    assertThat(restored.openQuantity()).isEqualTo(1);
  }

  @Test
  void refusesMoreLotsThanAreOpenOrAPriceOfZero() {
    Condition condition = entered();

    assertThatThrownBy(() -> condition.closedOutside(3, pts(22000), WHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..2")
        .hasMessageContaining("3");
    assertThatThrownBy(() -> condition.closedOutside(0, pts(22000), WHY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> condition.closedOutside(1, 0, WHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("price");
    assertThat(condition.openQuantity()).as("nothing changed").isEqualTo(2);
  }

  @Test
  void closedCommandValidatesItsFields() {
    ConditionCommand closed = ConditionCommand.closed(3, 7, 2, pts(22057), 2, "flatten-x-TXF");
    assertThat(closed.change()).isEqualTo(ConditionCommand.Change.CLOSED);
    assertThat(ConditionCommand.Change.fromWire("closed"))
        .isEqualTo(ConditionCommand.Change.CLOSED);
    assertThat(new ConditionCommand(1, ConditionCommand.Change.ADDED, 7).closedBy()).isEmpty();

    assertThatThrownBy(() -> ConditionCommand.closed(3, 7, 0, pts(1), 0, "f"))
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> ConditionCommand.closed(3, 7, 1, 0, 1, "f"))
        .hasMessageContaining("priceUnits");
    assertThatThrownBy(() -> ConditionCommand.closed(3, 7, 2, pts(1), 1, "f"))
        .hasMessageContaining("exitFilledAfter");
    assertThatThrownBy(() -> ConditionCommand.closed(3, 7, 1, pts(1), 1, ""))
        .hasMessageContaining("closedBy");
    assertThatThrownBy(
            () ->
                new ConditionCommand(
                    3, ConditionCommand.Change.DELETED, 7, 1, pts(1), 1, "flatten-x"))
        .hasMessageContaining("deleted");
    assertThatThrownBy(() -> ConditionCommand.Change.fromWire("open")).hasMessageContaining("open");
  }
}
