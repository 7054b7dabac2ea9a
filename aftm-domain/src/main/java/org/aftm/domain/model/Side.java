package org.aftm.domain.model;

/** Buy or sell, with the wire values of docs/architecture.md §2.1. */
public enum Side implements WireValue {
  BUY("buy"),
  SELL("sell");

  private final String wire;

  Side(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public Side opposite() {
    return this == BUY ? SELL : BUY;
  }

  /** +1 for a buy, -1 for a sell: the sign a fill adds to a position. */
  public int sign() {
    return this == BUY ? 1 : -1;
  }

  public static Side fromWire(String text) {
    return WireValue.parse(Side.class, "side", text);
  }
}
