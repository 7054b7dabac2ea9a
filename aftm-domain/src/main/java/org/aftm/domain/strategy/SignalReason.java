package org.aftm.domain.strategy;

import org.aftm.domain.model.WireValue;

/** Why a signal was emitted. */
public enum SignalReason implements WireValue {
  ENTRY("entry"),
  TAKE_PROFIT("take_profit"),
  STOP_LOSS("stop_loss");

  private final String wire;

  SignalReason(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public boolean isExit() {
    return this != ENTRY;
  }

  public static SignalReason fromWire(String text) {
    return WireValue.parse(SignalReason.class, "reason", text);
  }
}
