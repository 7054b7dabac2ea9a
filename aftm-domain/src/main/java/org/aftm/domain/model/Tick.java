package org.aftm.domain.model;

/**
 * One trade print as a strategy reads it: either an immutable {@link TickEvent} or a receiver's
 * reused view of the frame it just decoded, so the hot path allocates nothing per tick. A tick
 * handed to a method is valid only during that call; to keep it, keep {@link #toEvent()}.
 */
public interface Tick {

  /** The instrument. */
  String itemCode();

  /** The publisher's per-instrument sequence number, starting at 1. */
  long sequence();

  /** The match price in {@link Price} units. */
  long priceUnits();

  /** The match quantity in lots. */
  long quantity();

  /** The exchange's time of the match, epoch milliseconds. */
  long exchangeTimeMillis();

  /** {@link System#nanoTime()} when the publisher sent it. */
  long publishNanos();

  /** An immutable copy that may be kept after the call that handed this tick over. */
  default TickEvent toEvent() {
    return new TickEvent(
        itemCode(), sequence(), priceUnits(), quantity(), exchangeTimeMillis(), publishNanos());
  }
}
