package org.aftm.domain.model;

/** Whether an order is a day trade ("Y") or not ("N"). */
public enum DayTrade implements WireValue {
  YES("Y"),
  NO("N");

  private final String wire;

  DayTrade(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static DayTrade fromWire(String text) {
    return WireValue.parse(DayTrade.class, "day_trade", text);
  }
}
