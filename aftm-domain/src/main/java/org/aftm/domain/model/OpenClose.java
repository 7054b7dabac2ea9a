package org.aftm.domain.model;

/** Whether an order opens ("Y"), closes ("N") or lets the broker decide ("AUTO"). */
public enum OpenClose implements WireValue {
  OPEN("Y"),
  CLOSE("N"),
  AUTO("AUTO");

  private final String wire;

  OpenClose(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static OpenClose fromWire(String text) {
    return WireValue.parse(OpenClose.class, "open_close", text);
  }
}
