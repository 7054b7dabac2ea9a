package org.aftm.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WireValueTest {

  @Test
  void wireStringsAreExactlyThoseOfTheGatewayProtocol() {
    assertThat(Stream.of(Side.values()).map(WireValue::wire)).containsExactly("buy", "sell");
    assertThat(Stream.of(OrderType.values()).map(WireValue::wire))
        .containsExactly("Limit", "Market", "MarketPrice");
    assertThat(Stream.of(OpenClose.values()).map(WireValue::wire))
        .containsExactly("Y", "N", "AUTO");
    assertThat(Stream.of(DayTrade.values()).map(WireValue::wire)).containsExactly("Y", "N");
    assertThat(Stream.of(TimeInForce.values()).map(WireValue::wire))
        .containsExactly("ROD", "IOC", "FOK");
    assertThat(Stream.of(SignalReason.values()).map(WireValue::wire))
        .containsExactly("entry", "take_profit", "stop_loss");
  }

  @Test
  void parsesTheExactStrings() {
    assertThat(Side.fromWire("buy")).isEqualTo(Side.BUY);
    assertThat(Side.fromWire("sell")).isEqualTo(Side.SELL);
    assertThat(OrderType.fromWire("MarketPrice")).isEqualTo(OrderType.MARKET_PRICE);
    assertThat(OrderType.fromWire("Market")).isEqualTo(OrderType.MARKET);
    assertThat(OrderType.fromWire("Limit")).isEqualTo(OrderType.LIMIT);
    assertThat(TimeInForce.fromWire("ROD")).isEqualTo(TimeInForce.ROD);
    assertThat(OpenClose.fromWire("Y")).isEqualTo(OpenClose.OPEN);
    assertThat(OpenClose.fromWire("N")).isEqualTo(OpenClose.CLOSE);
    assertThat(OpenClose.fromWire("AUTO")).isEqualTo(OpenClose.AUTO);
    assertThat(DayTrade.fromWire("Y")).isEqualTo(DayTrade.YES);
    assertThat(DayTrade.fromWire("N")).isEqualTo(DayTrade.NO);
    assertThat(OrderState.fromWire("partially_filled")).isEqualTo(OrderState.PARTIALLY_FILLED);
    assertThat(SignalReason.fromWire("take_profit")).isEqualTo(SignalReason.TAKE_PROFIT);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of((Function<String, ?>) Side::fromWire, "BUY", "side", "\"buy\", \"sell\""),
        Arguments.of((Function<String, ?>) Side::fromWire, "Buy", "side", "\"buy\", \"sell\""),
        Arguments.of((Function<String, ?>) Side::fromWire, " buy", "side", "\"buy\", \"sell\""),
        Arguments.of(
            (Function<String, ?>) OrderType::fromWire,
            "MARKET",
            "order_type",
            "\"Limit\", \"Market\", \"MarketPrice\""),
        Arguments.of(
            (Function<String, ?>) OrderType::fromWire,
            "market_price",
            "order_type",
            "\"Limit\", \"Market\", \"MarketPrice\""),
        Arguments.of(
            (Function<String, ?>) OpenClose::fromWire,
            "auto",
            "open_close",
            "\"Y\", \"N\", \"AUTO\""),
        Arguments.of(
            (Function<String, ?>) OpenClose::fromWire,
            "OPEN",
            "open_close",
            "\"Y\", \"N\", \"AUTO\""),
        Arguments.of((Function<String, ?>) DayTrade::fromWire, "y", "day_trade", "\"Y\", \"N\""),
        Arguments.of((Function<String, ?>) DayTrade::fromWire, "YES", "day_trade", "\"Y\", \"N\""),
        Arguments.of(
            (Function<String, ?>) TimeInForce::fromWire,
            "rod",
            "time_in_force",
            "\"ROD\", \"IOC\", \"FOK\""),
        Arguments.of(
            (Function<String, ?>) TimeInForce::fromWire,
            "",
            "time_in_force",
            "\"ROD\", \"IOC\", \"FOK\""));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void anythingElseIsRefusedNamingTheFieldAndTheAllowedValues(
      Function<String, ?> parse, String text, String field, String allowed) {
    assertThatThrownBy(() -> parse.apply(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(field + " must be one of " + allowed + " but was \"" + text + "\"");
  }

  @Test
  void aMissingValueIsCalledMissing() {
    assertThatThrownBy(() -> Side.fromWire(null))
        .hasMessage("side must be one of \"buy\", \"sell\" but was missing");
  }

  @Test
  void everyConstantRoundTrips() {
    for (Side v : Side.values()) {
      assertThat(Side.fromWire(v.wire())).isEqualTo(v);
    }
    for (OrderType v : OrderType.values()) {
      assertThat(OrderType.fromWire(v.wire())).isEqualTo(v);
    }
    for (OpenClose v : OpenClose.values()) {
      assertThat(OpenClose.fromWire(v.wire())).isEqualTo(v);
    }
    for (DayTrade v : DayTrade.values()) {
      assertThat(DayTrade.fromWire(v.wire())).isEqualTo(v);
    }
    for (TimeInForce v : TimeInForce.values()) {
      assertThat(TimeInForce.fromWire(v.wire())).isEqualTo(v);
    }
    for (OrderState v : OrderState.values()) {
      assertThat(OrderState.fromWire(v.wire())).isEqualTo(v);
    }
    for (SignalReason v : SignalReason.values()) {
      assertThat(SignalReason.fromWire(v.wire())).isEqualTo(v);
    }
  }

  @Test
  void sideKnowsItsOppositeAndSign() {
    assertThat(Side.BUY.opposite()).isEqualTo(Side.SELL);
    assertThat(Side.SELL.opposite()).isEqualTo(Side.BUY);
    assertThat(Side.BUY.sign()).isEqualTo(1);
    assertThat(Side.SELL.sign()).isEqualTo(-1);
  }
}
