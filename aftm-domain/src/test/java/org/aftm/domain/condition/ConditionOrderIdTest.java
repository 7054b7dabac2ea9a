package org.aftm.domain.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aftm.domain.condition.ConditionOrderId.Leg;
import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.Test;

class ConditionOrderIdTest {

  @Test
  void eachAttemptHasItsOwnIdAndTheFirstKeepsTheOldName() {
    assertThat(new ConditionOrderId(7, Leg.ENTRY, 1).clientOrderId()).isEqualTo("aftm-7-entry");
    assertThat(new ConditionOrderId(7, Leg.EXIT, 1).clientOrderId()).isEqualTo("aftm-7-exit");
    assertThat(new ConditionOrderId(7, Leg.EXIT, 2).clientOrderId()).isEqualTo("aftm-7-exit-2");
    assertThat(new ConditionOrderId(7, Leg.ENTRY, 3).signalId()).isEqualTo("7-entry-3");
    assertThat(Signal.idFor(7, SignalReason.STOP_LOSS)).isEqualTo("7-exit");
  }

  @Test
  void parsesWhatItWritesAndNothingElse() {
    for (ConditionOrderId id :
        new ConditionOrderId[] {
          new ConditionOrderId(1, Leg.ENTRY, 1),
          new ConditionOrderId(42, Leg.EXIT, 1),
          new ConditionOrderId(42, Leg.EXIT, 17)
        }) {
      assertThat(ConditionOrderId.parse(id.clientOrderId())).contains(id);
    }
    for (String other :
        new String[] {
          "gw-abc-1",
          "aftm-",
          "aftm-x-entry",
          "aftm-1-middle",
          "aftm-1-exit-1",
          "aftm-1-exit-0",
          "aftm-1-exit-2-3",
          "aftm-1",
          "c-1"
        }) {
      assertThat(ConditionOrderId.parse(other)).as(other).isEmpty();
    }
    assertThat(ConditionOrderId.parse(null)).isEmpty();
    assertThatThrownBy(() -> new ConditionOrderId(1, Leg.ENTRY, 0)).hasMessageContaining("attempt");
  }

  @Test
  void theSignalForTheCurrentOrderNamesItsAttemptAndTheEntryItCloses() {
    Condition condition =
        Condition.create(9, Specs.spec("TXF", Side.SELL, 100, 0, 2, 10, 10, false));
    condition.onPrice(Specs.pts(100));
    condition.onPrice(Specs.pts(100));
    OrderUpdates.rejectCurrent(condition, org.aftm.domain.order.ErrorCode.NOT_LOGGED_IN);
    condition.onPrice(Specs.pts(100)); // entry attempt 2
    OrderUpdates.fillCurrent(condition, Specs.pts(100));
    condition.onPrice(Specs.pts(110)); // stop loss of the short

    Signal exit = Signal.forCurrentOrder(condition, Specs.pts(110), 5, 6, 7, 8);

    assertThat(exit.signalId()).isEqualTo("9-exit");
    assertThat(exit.closesSignalId()).isEqualTo("9-entry-2");
    assertThat(exit.side()).isEqualTo(Side.BUY);
    assertThat(exit.quantity()).isEqualTo(2);
    assertThat(exit.reason()).isEqualTo(SignalReason.STOP_LOSS);
    assertThatThrownBy(
            () ->
                new Signal(
                    "9-exit", 9, "TXF", Side.BUY, 1, SignalReason.STOP_LOSS, 0, 0, 0, 0, 0, null))
        .hasMessageContaining("entry it closes");
  }
}
