package org.aftm.domain.strategy;

import java.util.Objects;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Side;

/**
 * A strategy's decision to trade, as it travels from the strategy to the order executor. Immutable.
 *
 * @param signalId unique and stable: {@code <conditionId>-entry} or {@code <conditionId>-exit}, so
 *     a restarted strategy that emits the same leg again is recognised downstream and never doubles
 *     an order; for a plugin instance not built on conditions, {@code <instance>-<n>} ({@link
 *     InstanceSignals})
 * @param conditionId the condition that emitted it, or 0 for a signal not built on conditions
 * @param itemCode the instrument
 * @param side buy or sell
 * @param quantity lots, &gt; 0
 * @param reason entry, take profit or stop loss
 * @param priceUnits the price of the tick that caused it
 * @param tickSequence the sequence number of that tick
 * @param exchangeTimeMillis the exchange time of that tick
 * @param tickPublishNanos when that tick was published ({@link System#nanoTime()})
 * @param createdNanos when the signal was created ({@link System#nanoTime()})
 * @param closesSignalId for an exit, the signal id of the entry attempt whose lots it closes;
 *     {@code null} for an entry
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
    long createdNanos,
    String closesSignalId) {

  public Signal {
    Objects.requireNonNull(signalId, "signalId");
    Objects.requireNonNull(itemCode, "itemCode");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(reason, "reason");
    if (quantity <= 0) {
      throw new IllegalArgumentException("signal quantity must be > 0 but was " + quantity);
    }
    if (reason.isExit() && closesSignalId == null) {
      throw new IllegalArgumentException("an exit signal must name the entry it closes");
    }
  }

  /** Whether a condition emitted it (else a plugin instance not built on conditions). */
  public boolean fromCondition() {
    return conditionId != 0;
  }

  /** A signal whose exit closes the condition's first entry attempt. */
  public Signal(
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
    this(
        signalId,
        conditionId,
        itemCode,
        side,
        quantity,
        reason,
        priceUnits,
        tickSequence,
        exchangeTimeMillis,
        tickPublishNanos,
        createdNanos,
        reason != null && reason.isExit() ? idFor(conditionId, SignalReason.ENTRY) : null);
  }

  /**
   * The signal for the order a condition has out now (its current entry or exit attempt), e.g. to
   * send it again under the same id.
   */
  public static Signal forCurrentOrder(
      Condition condition,
      long priceUnits,
      long tickSequence,
      long exchangeTimeMillis,
      long tickPublishNanos,
      long createdNanos) {
    boolean exit = condition.state() == ConditionState.EXITING;
    SignalReason reason =
        !exit
            ? SignalReason.ENTRY
            : condition.exitIsStopLoss() ? SignalReason.STOP_LOSS : SignalReason.TAKE_PROFIT;
    return new Signal(
        condition.currentOrderId().signalId(),
        condition.id(),
        condition.itemCode(),
        exit ? condition.spec().action().opposite() : condition.spec().action(),
        condition.signalQuantity(),
        reason,
        priceUnits,
        tickSequence,
        exchangeTimeMillis,
        tickPublishNanos,
        createdNanos,
        exit ? condition.entryOrderId().signalId() : null);
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
