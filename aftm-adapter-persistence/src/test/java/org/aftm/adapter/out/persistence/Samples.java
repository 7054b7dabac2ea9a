package org.aftm.adapter.out.persistence;

import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;

/** Conditions and orders the tests store. */
final class Samples {

  private Samples() {}

  static ConditionSpec buyTxf() {
    return new ConditionSpec(
        "TXFF6",
        Side.BUY,
        Price.parse("22000"),
        Price.parse("30"),
        2,
        Price.parse("120"),
        Price.parse("30"),
        true);
  }

  static ConditionSpec sellMxf(String trigger) {
    return new ConditionSpec(
        "MXFF6",
        Side.SELL,
        Price.parse(trigger),
        Price.parse("12.25"),
        1,
        ConditionSpec.DEFAULT_TAKE_PROFIT_POINT,
        ConditionSpec.DEFAULT_STOP_LOSS_POINT,
        false);
  }

  static OrderRequest marketOrder(String clientOrderId) {
    return new OrderRequest(
        "FA0001",
        "TXFF6",
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        2,
        OpenClose.AUTO,
        "signal 7 entry",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }
}
