package org.aftm.domain.strategy;

import java.util.Objects;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Side;

/**
 * A strategy's decision to trade, as it travels from the strategy to the order executor. Immutable.
 *
 * @param signalId unique and stable: {@code <conditionId>-entry} or {@code <conditionId>-exit}, so
 *     a restarted strategy that emits the same leg again is recognised downstream and never doubles
 *     an order
 * @param conditionId the condition that emitted it
 * @param itemCode the instrument
 * @param side buy or sell
 * @param quantity lots, &gt; 0
 * @param reason entry, take profit or stop loss
 * @param priceUnits the price of the tick that caused it
 * @param tickSequence the sequence number of that tick
 * @param exchangeTimeMillis the exchange time of that tick
 * @param tickPublishNanos when that tick was published ({@link System#nanoTime()})
 * @param createdNanos when the signal was created ({@link System#nanoTime()})
 */
public record Signal(
    String signalId,
    long conditionId,
    String itemCode,
    Side side,
    int quantity,
    SignalReason reason,
    long priceUnits,
    long tickSequence,
    long exchangeTimeMillis,
    long tickPublishNanos,
    long createdNanos) {

  public Signal {
    Objects.requireNonNull(signalId, "signalId");
    Objects.requireNonNull(itemCode, "itemCode");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(reason, "reason");
    if (quantity <= 0) {
      throw new IllegalArgumentException("signal quantity must be > 0 but was " + quantity);
    }
  }

  /** The stable id of the first attempt at one leg of one condition. */
  public static String idFor(long conditionId, SignalReason reason) {
    return new ConditionOrderId(
            conditionId,
            reason.isExit() ? ConditionOrderId.Leg.EXIT : ConditionOrderId.Leg.ENTRY,
            1)
        .signalId();
  }
}
