package org.aftm.domain.strategy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.aftm.domain.model.Tick;

/**
 * Builds time bars of one period from ticks, per instrument. A bar covers {@code [open, open +
 * period)} in exchange time, with {@code open} a multiple of the period since the epoch (a 1-minute
 * bar opens on the minute). A bar is complete, and handed on, when the first tick past its end
 * arrives: before that tick is counted in the next bar. Periods with no ticks produce no bar. A
 * tick whose time goes back into an earlier bar counts in the bar being built (the feed's order is
 * kept; bars never reopen). Nothing flushes the bar being built: live or in replay, a bar no later
 * tick closed was never complete, so it is never handed on.
 *
 * <p>Allocates nothing per tick beyond the bar it hands on (and, once per instrument, its running
 * state). Not thread-safe: the strategy thread owns it.
 */
public final class BarBuilder {

  private final Duration period;
  private final long periodMillis;
  private final Map<String, Running> running = new HashMap<>();

  /** The bar under construction for one instrument. */
  private static final class Running {
    final String itemCode;
    long openTime;
    long open;
    long high;
    long low;
    long close;
    long volume;
    int ticks;

    Running(String itemCode) {
      this.itemCode = itemCode;
    }

    void start(long openTime, long price, long quantity) {
      this.openTime = openTime;
      this.open = price;
      this.high = price;
      this.low = price;
      this.close = price;
      this.volume = quantity;
      this.ticks = 1;
    }
  }

  /**
   * @param period the bar length, a whole number of milliseconds, at least 1 ms
   */
  public BarBuilder(Duration period) {
    if (period.toMillis() < 1 || period.toNanos() % 1_000_000L != 0) {
      throw new IllegalArgumentException(
          "a bar period must be a whole number of milliseconds >= 1 ms but was " + period);
    }
    this.period = period;
    this.periodMillis = period.toMillis();
  }

  public Duration period() {
    return period;
  }

  /**
   * Counts one tick; first hands {@code closed} the bar this tick ends, if any.
   *
   * @return whether a bar was handed on
   */
  public boolean onTick(Tick tick, Consumer<Bar> closed) {
    return onTrade(
        tick.itemCode(), tick.exchangeTimeMillis(), tick.priceUnits(), tick.quantity(), closed);
  }

  /**
   * Counts one trade; first hands {@code closed} the bar this trade ends, if any.
   *
   * @return whether a bar was handed on
   */
  public boolean onTrade(
      String itemCode, long timeMillis, long priceUnits, long quantity, Consumer<Bar> closed) {
    long openTime = Math.floorDiv(timeMillis, periodMillis) * periodMillis;
    Running bar = running.get(itemCode);
    if (bar == null) {
      bar = new Running(itemCode);
      running.put(itemCode, bar);
      bar.start(openTime, priceUnits, quantity);
      return false;
    }
    if (openTime > bar.openTime) {
      closed.accept(
          new Bar(
              bar.itemCode,
              period,
              bar.openTime,
              bar.open,
              bar.high,
              bar.low,
              bar.close,
              bar.volume,
              bar.ticks));
      bar.start(openTime, priceUnits, quantity);
      return true;
    }
    if (priceUnits > bar.high) {
      bar.high = priceUnits;
    }
    if (priceUnits < bar.low) {
      bar.low = priceUnits;
    }
    bar.close = priceUnits;
    bar.volume += quantity;
    bar.ticks++;
    return false;
  }
}
