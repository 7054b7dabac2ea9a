package org.aftm.app.bench;

import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * One round of the latency run: {@code size} buy conditions with triggers three points apart going
 * down from {@code topPoints}, and the price path that walks them one at a time. Condition {@code
 * i} has trigger {@code T = top - 3i}, turning point 1, take profit 1, stop loss 5, no trailing;
 * the path visits {@code T} (triggers), {@code T+1} (entry: a buy order), {@code T+2} (take profit:
 * a sell order), then steps down to the next trigger, which no later condition has reached yet. So
 * two of every three ticks cause exactly one order.
 */
record OrderLadder(String itemCode, long topPoints, int size) {

  static final int TICKS_PER_CONDITION = 3;
  static final int ORDERS_PER_CONDITION = 2;

  List<ConditionSpec> conditions() {
    List<ConditionSpec> specs = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      specs.add(
          new ConditionSpec(
              itemCode,
              Side.BUY,
              Price.ofPoints(trigger(i)),
              Price.ofPoints(1),
              1,
              Price.ofPoints(1),
              Price.ofPoints(5),
              false));
    }
    return specs;
  }

  /** The path's prices in {@link Price} units, in order. */
  long[] priceUnits() {
    long[] prices = new long[size * TICKS_PER_CONDITION];
    for (int i = 0; i < size; i++) {
      for (int step = 0; step < TICKS_PER_CONDITION; step++) {
        prices[i * TICKS_PER_CONDITION + step] = (trigger(i) + step) * Price.UNITS_PER_POINT;
      }
    }
    return prices;
  }

  int orders() {
    return size * ORDERS_PER_CONDITION;
  }

  private long trigger(int i) {
    return topPoints - 3L * i;
  }
}
