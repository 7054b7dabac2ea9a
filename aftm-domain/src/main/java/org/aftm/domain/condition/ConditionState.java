package org.aftm.domain.condition;

/**
 * Where a condition is in its life: new → triggered → ordered → entered → exiting → exited, or
 * failed. It moves past {@code ordered} and {@code exiting} on order outcomes (fills, refusals),
 * not on the signals it emits.
 */
public enum ConditionState {
  /** Waiting for the price to reach the trigger. */
  NEW("new"),
  /** The trigger was reached; waiting for the turn back to the order price. */
  TRIGGERED("triggered"),
  /** The entry order is out; waiting for its outcome. */
  ORDERED("ordered"),
  /** The entry filled (in full or in part); watching take profit and stop loss. */
  ENTERED("entered"),
  /** The exit order is out; waiting for it to close what the entry filled. */
  EXITING("exiting"),
  /** The exit closed everything the entry filled. Finished. */
  EXITED("exited"),
  /** Given up, with a reason: entry attempts used up, or an order refused for good. Finished. */
  FAILED("failed");

  private final String text;

  ConditionState(String text) {
    this.text = text;
  }

  /** Lower-case name used in storage, JSON and the CLI. */
  public String text() {
    return text;
  }

  /** Whether nothing more happens to the condition. */
  public boolean isFinished() {
    return this == EXITED || this == FAILED;
  }

  /** Whether the condition may hold lots: its entry filled, or may still fill. */
  public boolean mayHoldPosition() {
    return this == ORDERED || this == ENTERED || this == EXITING;
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
