package org.aftm.domain.order;

import org.aftm.domain.model.WireValue;

/** What became of an order, as far as the answer to {@code send_order} knows. */
public enum OrderStatus implements WireValue {
  /** The broker accepted it and it rests (a limit order not yet crossed). */
  ACCEPTED("accepted"),
  /** Fully filled. */
  FILLED("filled"),
  /** Accepted, partly filled, rest cancelled (IOC/FOK) or still resting. */
  PARTIALLY_FILLED("partially_filled"),
  /** Accepted but nothing filled and nothing rests (IOC/FOK with no liquidity). */
  CANCELLED("cancelled"),
  /** Refused by the broker, the risk checks or the gateway; nothing was placed. */
  REJECTED("rejected");

  private final String wire;

  OrderStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static OrderStatus fromWire(String text) {
    return WireValue.parse(OrderStatus.class, "status", text);
  }
}
