package org.aftm.application.service;

import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;

/** The one order a signal becomes (DESIGN §4), shared by the live executor and the replay. */
public final class SignalOrders {

  private SignalOrders() {}

  /** The client order id for a signal: stable across retries and restarts. */
  public static String clientOrderIdFor(Signal signal) {
    return "aftm-" + signal.signalId();
  }

  /**
   * The client order id of one leg of a condition: what its entry or exit signal's order carries.
   */
  public static String clientOrderIdFor(long conditionId, SignalReason leg) {
    return "aftm-" + Signal.idFor(conditionId, leg);
  }

  /** The client order id of the entry an exit signal closes. */
  public static String entryClientOrderIdFor(Signal signal) {
    return clientOrderIdFor(signal.conditionId(), SignalReason.ENTRY);
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
        "aftm c" + signal.conditionId() + " " + signal.reason().wire(),
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderIdFor(signal));
  }
}
