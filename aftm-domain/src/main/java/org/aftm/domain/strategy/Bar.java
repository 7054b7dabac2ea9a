package org.aftm.domain.strategy;

import java.time.Duration;
import java.util.Objects;

/**
 * One time bar of one instrument, built from ticks by the framework. Immutable.
 *
 * @param itemCode the instrument
 * @param period the bar's length
 * @param openTimeMillis the start of the bar (exchange time, epoch milliseconds, aligned to the
 *     period)
 * @param openUnits first trade price ({@link org.aftm.domain.model.Price} units)
 * @param highUnits highest trade price
 * @param lowUnits lowest trade price
 * @param closeUnits last trade price
 * @param volume lots traded
 * @param ticks trades in the bar
 */
public record Bar(
    String itemCode,
    Duration period,
    long openTimeMillis,
    long openUnits,
    long highUnits,
    long lowUnits,
    long closeUnits,
    long volume,
    int ticks) {

  public Bar {
    Objects.requireNonNull(itemCode, "itemCode");
    Objects.requireNonNull(period, "period");
    if (lowUnits > highUnits) {
      throw new IllegalArgumentException("bar low " + lowUnits + " above high " + highUnits);
    }
  }

  /** The end of the bar (exclusive), epoch milliseconds. */
  public long closeTimeMillis() {
    return openTimeMillis + period.toMillis();
  }
}
