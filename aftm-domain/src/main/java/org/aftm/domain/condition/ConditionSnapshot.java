package org.aftm.domain.condition;

import java.util.Objects;
import org.aftm.domain.model.Price;

/**
 * A condition as stored and listed: its spec plus the state that must survive restarts.
 *
 * @param id the condition's unique id
 * @param spec what the operator asked for
 * @param state where the condition is in its life
 * @param triggerPrice the current (possibly trailed) trigger price
 * @param progress what its orders have done: attempts, fills, failure
 */
public record ConditionSnapshot(
    long id,
    ConditionSpec spec,
    ConditionState state,
    Price triggerPrice,
    ConditionProgress progress) {

  public ConditionSnapshot {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(triggerPrice, "triggerPrice");
    Objects.requireNonNull(progress, "progress");
  }

  /** A new condition that has seen no tick yet. */
  public static ConditionSnapshot fresh(long id, ConditionSpec spec) {
    return new ConditionSnapshot(
        id, spec, ConditionState.NEW, spec.triggerPrice(), ConditionProgress.NONE);
  }

  public Price orderPrice() {
    return Price.ofUnits(
        ConditionPrices.orderPrice(
            spec.action(), triggerPrice.units(), spec.turningPoint().units()));
  }

  public Price takeProfitPrice() {
    return Price.ofUnits(
        ConditionPrices.takeProfitPrice(
            spec.action(), orderPrice().units(), spec.takeProfitPoint().units()));
  }

  public Price stopLossPrice() {
    return Price.ofUnits(
        ConditionPrices.stopLossPrice(
            spec.action(), orderPrice().units(), spec.stopLossPoint().units()));
  }

  /** Lots the entry filled. */
  /**
   * Whether the condition has an order on its way: an entry sent and not final, or an exit attempt
   * whose outcome is not known yet.
   */
  public boolean hasOrderOut() {
    return state == ConditionState.ORDERED
        || (state == ConditionState.EXITING && !progress.exitAttemptFinal());
  }

  public int entryFilled() {
    return progress.entryFilled();
  }

  /** Lots the exits closed. */
  public int exitFilled() {
    return progress.exitFilled();
  }

  /** The entry's average fill price, or {@code null} before its first fill. */
  public Price entryPrice() {
    return progress.entryFilled() == 0
        ? null
        : Price.ofUnits(progress.entryCostUnits() / progress.entryFilled());
  }

  /** The exits' average fill price, or {@code null} before the first exit fill. */
  public Price exitPrice() {
    int filled = progress.exitFilled();
    return filled == 0 ? null : Price.ofUnits(progress.exitCostUnits() / filled);
  }

  /**
   * Points realized by the lots closed so far, summed over lots: the exits' fills against the
   * entry's average fill price.
   */
  public Price realizedPnlPoints() {
    int closed = progress.exitFilled();
    if (closed == 0 || progress.entryFilled() == 0) {
      return Price.ZERO;
    }
    long entryCostOfClosed =
        closed == progress.entryFilled()
            ? progress.entryCostUnits()
            : progress.entryCostUnits() / progress.entryFilled() * closed;
    long difference = progress.exitCostUnits() - entryCostOfClosed;
    return Price.ofUnits(
        spec.action() == org.aftm.domain.model.Side.BUY ? difference : -difference);
  }
}
