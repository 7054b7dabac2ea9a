package org.aftm.domain.model;

/** Time in force: rest of day, immediate or cancel, fill or kill. */
public enum TimeInForce implements WireValue {
  ROD("ROD"),
  IOC("IOC"),
  FOK("FOK");

  private final String wire;

  TimeInForce(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static TimeInForce fromWire(String text) {
    return WireValue.parse(TimeInForce.class, "time_in_force", text);
  }
}
