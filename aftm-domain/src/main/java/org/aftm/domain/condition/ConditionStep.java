package org.aftm.domain.condition;

/** What one tick did to a condition; anything but {@link #NONE} is worth persisting. */
public enum ConditionStep {
  NONE,
  /** Only the trailing trigger moved. */
  TRAILED,
  /** new → triggered (the trigger may also have trailed on the same tick). */
  TRIGGERED,
  /** triggered → ordered: emit the entry signal. */
  ENTERED,
  /** ordered → exited at the take-profit price: emit the exit signal. */
  TOOK_PROFIT,
  /** ordered → exited at the stop-loss price: emit the exit signal. */
  STOPPED_OUT;

  public boolean emitsSignal() {
    return this == ENTERED || this == TOOK_PROFIT || this == STOPPED_OUT;
  }
}
