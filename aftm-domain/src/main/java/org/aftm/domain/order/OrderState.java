package org.aftm.domain.order;

import org.aftm.domain.model.WireValue;

/**
 * Where an order is in its life. {@code SUBMITTED → ACCEPTED → PARTIALLY_FILLED → FILLED}, or
 * {@code REJECTED}, {@code CANCELLED} (an IOC's unfilled rest), {@code EXPIRED}; {@code UNKNOWN}
 * when nobody knows whether the broker took it (it failed after the request left).
 */
public enum OrderState implements WireValue {
  /** Sent to the broker; no word back yet. */
  SUBMITTED("submitted"),
  /** The broker took it; it works (a limit order resting, or a fill still to come). */
  ACCEPTED("accepted"),
  /** Part filled; the rest still works. */
  PARTIALLY_FILLED("partially_filled"),
  /** Fully filled. Final. */
  FILLED("filled"),
  /** Refused by the broker or by a check before it; nothing was placed. Final. */
  REJECTED("rejected"),
  /**
   * Taken off the book with its unfilled rest, e.g. an IOC's; it may have filled in part. Final.
   */
  CANCELLED("cancelled"),
  /** Its time in force ran out; it may have filled in part. Final. */
  EXPIRED("expired"),
  /**
   * The outcome is not known: the broker failed after the request left. Resolved by a later event.
   */
  UNKNOWN("unknown");

  private final String wire;

  OrderState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Whether nothing more can happen to the order. */
  public boolean isFinal() {
    return this == FILLED || this == REJECTED || this == CANCELLED || this == EXPIRED;
  }

  public static OrderState fromWire(String text) {
    return WireValue.parse(OrderState.class, "status", text);
  }
}
