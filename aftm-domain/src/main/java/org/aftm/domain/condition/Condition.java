package org.aftm.domain.condition;

import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * A live support/resistance condition: the state machine of DESIGN §3 over raw price units.
 *
 * <p>Not thread-safe: one strategy thread owns it. {@link #onPrice} allocates nothing.
 */
public final class Condition {

  private final long id;
  private final ConditionSpec spec;
  private final boolean buy;
  private final long turning;
  private final long takeProfitPoints;
  private final long stopLossPoints;
  private final boolean trails;

  private ConditionState state;
  private long trigger;
  private long orderPrice;
  private long takeProfitPrice;
  private long stopLossPrice;
  private long entryPrice;
  private long exitPrice;

  private Condition(ConditionSnapshot snapshot) {
    this.id = snapshot.id();
    this.spec = snapshot.spec();
    this.buy = spec.action() == Side.BUY;
    this.turning = spec.turningPoint().units();
    this.takeProfitPoints = spec.takeProfitPoint().units();
    this.stopLossPoints = spec.stopLossPoint().units();
    this.trails = spec.following() && turning != 0;
    this.state = snapshot.state();
    this.entryPrice = snapshot.entryPrice() == null ? 0 : snapshot.entryPrice().units();
    this.exitPrice = snapshot.exitPrice() == null ? 0 : snapshot.exitPrice().units();
    moveTrigger(snapshot.triggerPrice().units());
  }

  /** Rebuilds a live condition from what was stored, trailed trigger included. */
  public static Condition restore(ConditionSnapshot snapshot) {
    return new Condition(snapshot);
  }

  /** A new condition that has seen no tick yet. */
  public static Condition create(long id, ConditionSpec spec) {
    return new Condition(ConditionSnapshot.fresh(id, spec));
  }

  /**
   * Applies one tick's price: at most one state transition, then trailing if following and not
   * yet ordered (DESIGN §3, steps 1–4).
   */
  public ConditionStep onPrice(long price) {
    ConditionStep step = ConditionStep.NONE;
    switch (state) {
      case NEW:
        if (buy ? price <= trigger : price >= trigger) {
          state = ConditionState.TRIGGERED;
          step = ConditionStep.TRIGGERED;
        }
        break;
      case TRIGGERED:
        if (buy ? price >= orderPrice : price <= orderPrice) {
          state = ConditionState.ORDERED;
          entryPrice = price;
          return ConditionStep.ENTERED;
        }
        break;
      case ORDERED:
        if (buy ? price >= takeProfitPrice : price <= takeProfitPrice) {
          state = ConditionState.EXITED;
          exitPrice = price;
          return ConditionStep.TOOK_PROFIT;
        }
        if (buy ? price <= stopLossPrice : price >= stopLossPrice) {
          state = ConditionState.EXITED;
          exitPrice = price;
          return ConditionStep.STOPPED_OUT;
        }
        return ConditionStep.NONE;
      case EXITED:
      default:
        return ConditionStep.NONE;
    }
    if (trails && (buy ? price < trigger : price > trigger)) {
      moveTrigger(price);
      return step == ConditionStep.NONE ? ConditionStep.TRAILED : step;
    }
    return step;
  }

  private void moveTrigger(long newTrigger) {
    trigger = newTrigger;
    orderPrice = ConditionPrices.orderPrice(spec.action(), trigger, turning);
    takeProfitPrice = ConditionPrices.takeProfitPrice(spec.action(), orderPrice, takeProfitPoints);
    stopLossPrice = ConditionPrices.stopLossPrice(spec.action(), orderPrice, stopLossPoints);
  }

  public long id() {
    return id;
  }

  public ConditionSpec spec() {
    return spec;
  }

  public String itemCode() {
    return spec.itemCode();
  }

  public ConditionState state() {
    return state;
  }

  public boolean isFinished() {
    return state == ConditionState.EXITED;
  }

  public long triggerUnits() {
    return trigger;
  }

  public long orderPriceUnits() {
    return orderPrice;
  }

  public long takeProfitPriceUnits() {
    return takeProfitPrice;
  }

  public long stopLossPriceUnits() {
    return stopLossPrice;
  }

  /** The side of the signal the last step emitted: the action on entry, the opposite on exit. */
  public Side signalSide(ConditionStep step) {
    return step == ConditionStep.ENTERED ? spec.action() : spec.action().opposite();
  }

  public ConditionSnapshot snapshot() {
    boolean entered = state == ConditionState.ORDERED || state == ConditionState.EXITED;
    return new ConditionSnapshot(
        id,
        spec,
        state,
        Price.ofUnits(trigger),
        entered ? Price.ofUnits(entryPrice) : null,
        state == ConditionState.EXITED ? Price.ofUnits(exitPrice) : null);
  }

  @Override
  public String toString() {
    return "Condition[" + id + " " + spec.action().wire() + " " + spec.itemCode() + " " + state.text()
        + " trigger=" + Price.format(trigger) + " order=" + Price.format(orderPrice) + "]";
  }
}
