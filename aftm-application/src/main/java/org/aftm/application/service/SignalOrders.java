package org.aftm.application.service;

import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;

/**
 * The one order a signal becomes (docs/architecture.md §4), shared by the live executor and the
 * replay.
 */
public final class SignalOrders {

  private SignalOrders() {}

  /** The client order id for a signal: stable across retries and restarts. */
  public static String clientOrderIdFor(Signal signal) {
    return ConditionOrderId.PREFIX + signal.signalId();
  }

  /**
   * The client order id of one leg of a condition: what its entry or exit signal's order carries.
   */
  public static String clientOrderIdFor(long conditionId, SignalReason leg) {
    return ConditionOrderId.PREFIX + Signal.idFor(conditionId, leg);
  }

  /** The client order id of the entry an exit signal closes, or {@code null} for an entry. */
  public static String entryClientOrderIdFor(Signal signal) {
    return signal.closesSignalId() == null
        ? null
        : ConditionOrderId.PREFIX + signal.closesSignalId();
  }

  /**
   * {@code aftm c<condition> <reason>} for a condition's signal; {@code aftm <signal id>} for a
   * plugin instance's (its id names the instance).
   */
  static String noteFor(Signal signal) {
    return signal.fromCondition()
        ? "aftm c" + signal.conditionId() + " " + signal.reason().wire()
        : "aftm " + signal.signalId();
  }

  /**
   * Market, price 0, IOC, open/close AUTO for an entry and N (close) for an exit, day trade N, a
   * short note, and the signal's client order id.
   */
  public static OrderRequest orderFor(Signal signal, String orderAccount) {
    return new OrderRequest(
        orderAccount,
        signal.itemCode(),
        signal.side(),
        OrderType.MARKET,
        Price.ZERO,
        signal.quantity(),
        signal.reason().isExit() ? OpenClose.CLOSE : OpenClose.AUTO,
        noteFor(signal),
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderIdFor(signal));
  }
}
