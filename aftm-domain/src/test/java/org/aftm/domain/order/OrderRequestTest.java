package org.aftm.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.junit.jupiter.api.Test;

class OrderRequestTest {

  private static OrderRequest order(
      String account,
      String item,
      Side side,
      OrderType type,
      Price price,
      int quantity,
      OpenClose openClose,
      String note,
      DayTrade dayTrade,
      TimeInForce tif,
      String clientOrderId) {
    return new OrderRequest(
        account, item, side, type, price, quantity, openClose, note, dayTrade, tif, clientOrderId);
  }

  private static OrderRequest valid() {
    return order(
        "ACC",
        "TXF",
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.AUTO,
        "n",
        DayTrade.NO,
        TimeInForce.IOC,
        "aftm-1-entry");
  }

  @Test
  void aValidOrderKeepsItsFields() {
    OrderRequest request = valid();
    assertThat(request.orderAccount()).isEqualTo("ACC");
    assertThat(request.withQuantity(3))
        .isEqualTo(
            order(
                "ACC",
                "TXF",
                Side.BUY,
                OrderType.MARKET,
                Price.ZERO,
                3,
                OpenClose.AUTO,
                "n",
                DayTrade.NO,
                TimeInForce.IOC,
                "aftm-1-entry"));
  }

  @Test
  void eachMissingFieldIsNamed() {
    Price p = Price.ZERO;
    assertThatThrownBy(
            () ->
                order(
                    null,
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("order_account is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    " ",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("item_code is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    null,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("side is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    null,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("order_type is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    null,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("price is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    null,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("open_close is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    null,
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("note is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    null,
                    TimeInForce.IOC,
                    null))
        .hasMessage("day_trade is required");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    null,
                    null))
        .hasMessage("time_in_force is required");
  }

  @Test
  void badValuesAreNamed() {
    Price p = Price.ZERO;
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    0,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("quantity must be > 0 but was 0");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    -2,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessageStartingWith("quantity");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    Price.parse("-1"),
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessage("price must be >= 0 but was -1");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.LIMIT,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.ROD,
                    null))
        .hasMessage("price must be > 0 for a Limit order");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "x".repeat(129),
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessageStartingWith("note must be at most 128");
    assertThatThrownBy(
            () ->
                order(
                    "A".repeat(129),
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    null))
        .hasMessageStartingWith("order_account must be at most 128");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    " "))
        .hasMessageStartingWith("client_order_id");
    assertThatThrownBy(
            () ->
                order(
                    "A",
                    "TXF",
                    Side.BUY,
                    OrderType.MARKET,
                    p,
                    1,
                    OpenClose.AUTO,
                    "",
                    DayTrade.NO,
                    TimeInForce.IOC,
                    "c".repeat(129)))
        .hasMessageStartingWith("client_order_id");
    assertThatThrownBy(() -> valid().withQuantity(0)).hasMessageStartingWith("quantity");
  }

  @Test
  void aLimitOrderNeedsAPositivePriceAndAMarketOrderMayHaveZero() {
    assertThat(
            order(
                    "A",
                    "TXF",
                    Side.SELL,
                    OrderType.LIMIT,
                    Price.parse("22000.5"),
                    1,
                    OpenClose.OPEN,
                    "",
                    DayTrade.YES,
                    TimeInForce.ROD,
                    null)
                .price())
        .isEqualTo(Price.parse("22000.5"));
    assertThat(
            order(
                    "A",
                    "TXF",
                    Side.SELL,
                    OrderType.MARKET_PRICE,
                    Price.ZERO,
                    1,
                    OpenClose.CLOSE,
                    "",
                    DayTrade.NO,
                    TimeInForce.FOK,
                    null)
                .clientOrderId())
        .isNull();
  }

  @Test
  void resultFactories() {
    OrderResult accepted = OrderResult.accepted("n", "S1", "c1", OrderState.FILLED, 2);
    assertThat(accepted.sent()).isTrue();
    assertThat(accepted.errorCode()).isEmpty();
    OrderResult rejected = OrderResult.rejected("n", "RISK_LIMIT", "too big", "c1");
    assertThat(rejected.sent()).isFalse();
    assertThat(rejected.status()).isEqualTo(OrderState.REJECTED);
    assertThat(rejected.orderSerial()).isEmpty();
    assertThat(rejected.filledQuantity()).isZero();
  }
}
