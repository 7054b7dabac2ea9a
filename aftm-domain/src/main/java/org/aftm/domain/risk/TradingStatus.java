package org.aftm.domain.risk;

import java.util.Objects;

/**
 * The trading state with why and since when.
 *
 * @param state the state
 * @param reason why it was entered, in a sentence: the operator's text or the automatic cause
 * @param automatic whether a cause that can clear by itself set it (the breaker, the disk); such a
 *     state returns to {@link TradingState#ACTIVE} when its cause clears, unless the operator
 *     changed the state since
 * @param sinceMillis epoch milliseconds of the change
 */
public record TradingStatus(
    TradingState state, String reason, boolean automatic, long sinceMillis) {

  public TradingStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
  }

  /** The state of a fresh install: active, nothing happened yet. */
  public static TradingStatus initial(long nowMillis) {
    return new TradingStatus(TradingState.ACTIVE, "initial state", false, nowMillis);
  }
}
