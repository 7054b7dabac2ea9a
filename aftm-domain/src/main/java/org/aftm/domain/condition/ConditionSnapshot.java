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
 * @param entryPrice the price of the tick that emitted the entry, or {@code null} before entry
 * @param exitPrice the price of the tick that emitted the exit, or {@code null} before exit
 */
public record ConditionSnapshot(
    long id, ConditionSpec spec, ConditionState state, Price triggerPrice, Price entryPrice, Price exitPrice) {

  public ConditionSnapshot {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(triggerPrice, "triggerPrice");
  }

  /** A new condition that has seen no tick yet. */
  public static ConditionSnapshot fresh(long id, ConditionSpec spec) {
    return new ConditionSnapshot(id, spec, ConditionState.NEW, spec.triggerPrice(), null, null);
  }

  public Price orderPrice() {
    return Price.ofUnits(ConditionPrices.orderPrice(spec.action(), triggerPrice.units(), spec.turningPoint().units()));
  }

  public Price takeProfitPrice() {
    return Price.ofUnits(
        ConditionPrices.takeProfitPrice(spec.action(), orderPrice().units(), spec.takeProfitPoint().units()));
  }

  public Price stopLossPrice() {
    return Price.ofUnits(
        ConditionPrices.stopLossPrice(spec.action(), orderPrice().units(), spec.stopLossPoint().units()));
  }
}
