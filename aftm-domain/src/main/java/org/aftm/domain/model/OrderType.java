package org.aftm.domain.model;

/** Order type, with the wire values of docs/architecture.md §2.1. */
public enum OrderType implements WireValue {
  LIMIT("Limit"),
  MARKET("Market"),
  MARKET_PRICE("MarketPrice");

  private final String wire;

  OrderType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static OrderType fromWire(String text) {
    return WireValue.parse(OrderType.class, "order_type", text);
  }
}
