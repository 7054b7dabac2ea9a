package org.aftm.domain.condition;

/**
 * What one tick or one order update did to a condition; anything but {@link #NONE} is worth
 * persisting.
 */
public enum ConditionStep {
  NONE,
  /** Only the trailing trigger moved. */
  TRAILED,
  /** new → triggered (the trigger may also have trailed on the same tick). */
  TRIGGERED,
  /** triggered → ordered: emit an entry signal (a new attempt). */
  ENTERED,
  /** entered → exiting at the take-profit price: emit the exit signal. */
  TOOK_PROFIT,
  /** entered → exiting at the stop-loss price: emit the exit signal. */
  STOPPED_OUT,
  /** The last exit attempt ended with lots still open: emit the exit again as a new attempt. */
  EXIT_RETRIED,
  /** Fills or a final state of one of its orders changed what the condition holds. */
  ORDER_PROGRESS,
  /** The entry attempt ended with nothing filled; the condition may enter again. */
  ENTRY_RETRY,
  /** The exit closed everything the entry filled: finished. */
  EXITED,
  /** Given up with a reason: finished. */
  FAILED;

  public boolean emitsSignal() {
    return this == ENTERED || this == TOOK_PROFIT || this == STOPPED_OUT || this == EXIT_RETRIED;
  }
}
