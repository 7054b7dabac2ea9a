package org.aftm.domain.condition;

/** Where a condition is in its life: new → triggered → ordered → exited. */
public enum ConditionState {
  /** Waiting for the price to reach the trigger. */
  NEW("new"),
  /** The trigger was reached; waiting for the turn back to the order price. */
  TRIGGERED("triggered"),
  /** The entry signal was emitted; waiting for take profit or stop loss. */
  ORDERED("ordered"),
  /** The exit signal was emitted; the condition is finished. */
  EXITED("exited");

  private final String text;

  ConditionState(String text) {
    this.text = text;
  }

  /** Lower-case name used in storage, JSON and the CLI. */
  public String text() {
    return text;
  }

  public static ConditionState fromText(String text) {
    for (ConditionState state : values()) {
      if (state.text.equals(text)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown condition state: " + text);
  }
}
