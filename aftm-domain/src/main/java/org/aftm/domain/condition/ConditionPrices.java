package org.aftm.domain.condition;

import org.aftm.domain.model.Side;

/**
 * The derived prices of docs/architecture.md §3, in one place so the live condition and its
 * snapshot agree.
 */
final class ConditionPrices {

  private ConditionPrices() {}

  /** Buy: trigger + turning; sell: trigger − turning. */
  static long orderPrice(Side action, long trigger, long turning) {
    return action == Side.BUY ? trigger + turning : trigger - turning;
  }

  /** Buy: order + TP points; sell: order − TP points. */
  static long takeProfitPrice(Side action, long order, long takeProfitPoints) {
    return action == Side.BUY ? order + takeProfitPoints : order - takeProfitPoints;
  }

  /** Buy: order − SL points; sell: order + SL points. */
  static long stopLossPrice(Side action, long order, long stopLossPoints) {
    return action == Side.BUY ? order - stopLossPoints : order + stopLossPoints;
  }
}
