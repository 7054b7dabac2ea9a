package org.aftm.domain.model;

/**
 * One trade print for one instrument, as it travels from the market-data publisher to the strategy.
 * Immutable.
 *
 * @param itemCode the instrument
 * @param sequence the publisher's per-instrument sequence number, starting at 1; receivers use it
 *     to count gaps
 * @param priceUnits the match price in {@link Price} units
 * @param quantity the match quantity in lots
 * @param exchangeTimeMillis the exchange's time of the match, epoch milliseconds
 * @param publishNanos {@link System#nanoTime()} when the publisher sent it; comparable across
 *     processes on one Linux host, so each hop can measure its latency
 */
public record TickEvent(
    String itemCode,
    long sequence,
    long priceUnits,
    long quantity,
    long exchangeTimeMillis,
    long publishNanos)
    implements Tick {

  /** Already immutable: itself. */
  @Override
  public TickEvent toEvent() {
    return this;
  }

  public Price price() {
    return Price.ofUnits(priceUnits);
  }
}
