package org.aftm.adapter.zmq.in;

import static org.aftm.adapter.zmq.gateway.GatewayJson.CLIENT_ORDER_ID;
import static org.aftm.adapter.zmq.gateway.GatewayJson.CLOSES_CLIENT_ORDER_ID;
import static org.aftm.adapter.zmq.gateway.GatewayJson.DAY_TRADE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.ITEM_CODE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.NOTE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.OPEN_CLOSE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.ORDER_ACCOUNT;
import static org.aftm.adapter.zmq.gateway.GatewayJson.ORDER_TYPE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.ORIGIN_NANOS;
import static org.aftm.adapter.zmq.gateway.GatewayJson.PRICE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.QUANTITY;
import static org.aftm.adapter.zmq.gateway.GatewayJson.SIDE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.TIME_IN_FORCE;
import static org.aftm.adapter.zmq.gateway.GatewayJson.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderSender;

/**
 * Reads {@code send_order}'s parameters into a {@link PlaceOrderCommand}, checking every field
 * before answering, so one refusal names every missing and bad field at once.
 */
final class OrderParameters {

  /** Integer digits a price may have: {@link Price#MAX_UNITS} is 10^11 points. */
  private static final int MAX_PRICE_INTEGER_DIGITS = 12;

  private final JsonNode parameters;
  private final OrderSender sender;
  private final List<String> missing = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  private OrderParameters(JsonNode parameters, OrderSender sender) {
    this.parameters = parameters;
    this.sender = sender;
  }

  /**
   * @param sender who sent it, as the link authenticated it
   * @throws GatewayRefusal with {@link ErrorCode#INVALID_ORDER} naming every bad field
   */
  static PlaceOrderCommand parse(JsonNode parameters, OrderSender sender) throws GatewayRefusal {
    if (parameters == null || !parameters.isObject()) {
      throw new GatewayRefusal(
          ErrorCode.INVALID_ORDER, "parameters must be an object but was " + describe(parameters));
    }
    return new OrderParameters(parameters, sender).command();
  }

  private PlaceOrderCommand command() throws GatewayRefusal {
    String account = text(ORDER_ACCOUNT, false);
    String itemCode = text(ITEM_CODE, false);
    Side side = choice(SIDE, Side::fromWire);
    OrderType orderType = choice(ORDER_TYPE, OrderType::fromWire);
    Price price = price();
    int quantity = quantity();
    OpenClose openClose = choice(OPEN_CLOSE, OpenClose::fromWire);
    String note = text(NOTE, true);
    DayTrade dayTrade = choice(DAY_TRADE, DayTrade::fromWire);
    TimeInForce timeInForce = choice(TIME_IN_FORCE, TimeInForce::fromWire);
    String clientOrderId = optionalId(CLIENT_ORDER_ID);
    String closesClientOrderId = optionalId(CLOSES_CLIENT_ORDER_ID);
    long originNanos = originNanos();
    if (missing.isEmpty() && problems.isEmpty()) {
      try {
        OrderRequest request =
            new OrderRequest(
                account,
                itemCode,
                side,
                orderType,
                price,
                quantity,
                openClose,
                note,
                dayTrade,
                timeInForce,
                clientOrderId);
        // An order from the wire is the strategy's (OrderOrigin.FLATTEN is never read from it).
        return new PlaceOrderCommand(
            request, originNanos, closesClientOrderId, OrderOrigin.STRATEGY, sender);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    throw new GatewayRefusal(ErrorCode.INVALID_ORDER, message());
  }

  private String message() {
    StringBuilder text = new StringBuilder("invalid order: ");
    if (!missing.isEmpty()) {
      text.append("missing fields: ").append(String.join(", ", missing));
      if (!problems.isEmpty()) {
        text.append("; ");
      }
    }
    return text.append(String.join("; ", problems)).toString();
  }

  /** The field's value, or null (recorded as missing) when absent or JSON null. */
  private JsonNode required(String field) {
    JsonNode node = parameters.get(field);
    if (node == null || node.isNull()) {
      missing.add(field);
      return null;
    }
    return node;
  }

  private String text(String field, boolean blankAllowed) {
    JsonNode node = required(field);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(field + " must be a string but was " + describe(node));
      return null;
    }
    String value = node.textValue();
    if (!blankAllowed && value.isBlank()) {
      problems.add(field + " must not be blank");
      return null;
    }
    if (value.length() > OrderRequest.MAX_TEXT_LENGTH) {
      problems.add(field + " must be at most " + OrderRequest.MAX_TEXT_LENGTH + " characters");
      return null;
    }
    return value;
  }

  private <E> E choice(String field, Function<String, E> fromWire) {
    JsonNode node = required(field);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(field + " must be a string but was " + describe(node));
      return null;
    }
    try {
      return fromWire.apply(node.textValue());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private Price price() {
    JsonNode node = required(PRICE);
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      problems.add(PRICE + " must be a number but was " + describe(node));
      return null;
    }
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      problems.add(PRICE + " must be a finite number but was " + node.asText());
      return null;
    }
    BigDecimal value = node.decimalValue();
    if (value.signum() < 0) {
      problems.add(PRICE + " must be >= 0 but was " + describe(node));
      return null;
    }
    // Checked before any rescaling: 1e999999999 is short text but would be a huge number.
    if (value.signum() != 0 && value.precision() - value.scale() > MAX_PRICE_INTEGER_DIGITS) {
      problems.add(PRICE + " is out of range: " + describe(node));
      return null;
    }
    BigDecimal exact = value.stripTrailingZeros();
    if (exact.scale() > Price.SCALE) {
      problems.add(
          PRICE
              + " must have at most "
              + Price.SCALE
              + " decimal places but was "
              + describe(node));
      return null;
    }
    try {
      return Price.of(exact);
    } catch (IllegalArgumentException e) {
      problems.add(PRICE + ": " + e.getMessage());
      return null;
    }
  }

  private int quantity() {
    JsonNode node = required(QUANTITY);
    if (node == null) {
      return 0;
    }
    if (!node.isIntegralNumber()) {
      problems.add(QUANTITY + " must be an integer but was " + describe(node));
      return 0;
    }
    if (!node.canConvertToInt()) {
      problems.add(QUANTITY + " is out of range: " + describe(node));
      return 0;
    }
    int quantity = node.intValue();
    if (quantity <= 0) {
      problems.add(QUANTITY + " must be > 0 but was " + quantity);
      return 0;
    }
    return quantity;
  }

  /** An optional id field: absent or null is fine, anything but a short string is a problem. */
  private String optionalId(String field) {
    JsonNode node = parameters.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()
        || node.textValue().isBlank()
        || node.textValue().length() > OrderRequest.MAX_TEXT_LENGTH) {
      problems.add(
          field
              + " must be a string of 1 to "
              + OrderRequest.MAX_TEXT_LENGTH
              + " characters but was "
              + describe(node));
      return null;
    }
    return node.textValue();
  }

  private long originNanos() {
    JsonNode node = parameters.get(ORIGIN_NANOS);
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      problems.add(ORIGIN_NANOS + " must be a 64-bit integer but was " + describe(node));
      return 0;
    }
    return node.longValue();
  }
}
