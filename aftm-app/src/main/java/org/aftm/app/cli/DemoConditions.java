package org.aftm.app.cli;

import org.aftm.application.port.in.ListConditionsUseCase;
import org.aftm.application.port.in.RegisterConditionUseCase;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.InvalidConditionException;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * The demo's operator: whenever no condition is active, places two conditions a few points from the
 * current price (so they trade within seconds), alternating buy and sell batches so an exit always
 * has its own entry to close. It goes through the same use cases as {@code aftm condition add}, so
 * the running strategy picks them up the same way.
 */
final class DemoConditions {

  private static final long TRIGGER_OFFSET_POINTS = 3;

  private final RegisterConditionUseCase register;
  private final ListConditionsUseCase list;
  private final String itemCode;
  private Side nextSide = Side.BUY;
  private int placed;

  DemoConditions(RegisterConditionUseCase register, ListConditionsUseCase list, String itemCode) {
    this.register = register;
    this.list = list;
    this.itemCode = itemCode;
  }

  /** Places a new batch if none is active; returns how many conditions it placed. */
  int rearm(long lastPriceUnits) {
    if (lastPriceUnits <= 0 || !list.listConditions(false).isEmpty()) {
      return 0;
    }
    Side side = nextSide;
    nextSide = side.opposite();
    long offset = Price.ofPoints(TRIGGER_OFFSET_POINTS).units();
    Price trigger =
        Price.ofUnits(side == Side.BUY ? lastPriceUnits - offset : lastPriceUnits + offset);
    int placedNow = 0;
    try {
      placedNow +=
          place(
              new ConditionSpec(
                  itemCode,
                  side,
                  trigger,
                  Price.ofPoints(3),
                  1,
                  Price.ofPoints(10),
                  Price.ofPoints(10),
                  true));
      placedNow +=
          place(
              new ConditionSpec(
                  itemCode,
                  side,
                  trigger,
                  Price.ofPoints(2),
                  2,
                  Price.ofPoints(6),
                  Price.ofPoints(8),
                  false));
    } catch (InvalidConditionException e) {
      // The price sits at a daily limit, where this side's trigger would lie beyond it: the
      // next rearm tries the other side.
    }
    placed += placedNow;
    return placedNow;
  }

  private int place(ConditionSpec spec) {
    register.registerCondition(spec);
    return 1;
  }

  int placed() {
    return placed;
  }
}
