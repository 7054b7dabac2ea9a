package org.aftm.adapter.zmq.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The gateway protocol's JSON (DESIGN §2.1): field names shared by server and client, and one
 * strictly configured mapper. Numbers with a fraction are read as exact {@link
 * java.math.BigDecimal} (never double); NaN and Infinity are read so the order parser can name the
 * field, not refuse the whole text; nesting depth is capped; duplicate keys and trailing content
 * are errors; big decimals are written in plain notation ("22000", not "2.2E+4").
 */
final class GatewayJson {

  static final int MAX_NESTING_DEPTH = 32;

  static final String OPERATION = "operation";
  static final String PARAMETERS = "parameters";
  static final String SUCCESS = "success";
  static final String DATA = "data";
  static final String ERROR_MESSAGE = "error_message";
  static final String ERROR_CODE = "error_code";

  static final String HEALTH_CHECK = "health_check";
  static final String SEND_ORDER = "send_order";
  static final String GET_POSITIONS = "get_positions";

  static final String ORDER_ACCOUNT = "order_account";
  static final String ITEM_CODE = "item_code";
  static final String SIDE = "side";
  static final String ORDER_TYPE = "order_type";
  static final String PRICE = "price";
  static final String QUANTITY = "quantity";
  static final String OPEN_CLOSE = "open_close";
  static final String NOTE = "note";
  static final String DAY_TRADE = "day_trade";
  static final String TIME_IN_FORCE = "time_in_force";
  static final String CLIENT_ORDER_ID = "client_order_id";
  static final String ORIGIN_NANOS = "origin_nanos";

  /** Extension: the client order id of the entry an exit closes; the exit is capped at its fill. */
  static final String CLOSES_CLIENT_ORDER_ID = "closes_client_order_id";

  static final String IS_SEND_ORDER = "is_send_order";
  static final String ORDER_SERIAL = "order_serial";
  static final String STATUS = "status";
  static final String FILLED_QUANTITY = "filled_quantity";

  static final String HEALTHY = "healthy";
  static final String UNHEALTHY = "unhealthy";
  static final String EXCHANGE_CONNECTED = "exchange_connected";
  static final String TIMESTAMP = "timestamp";
  static final String SERVER_RUNNING = "server_running";
  static final String LOGGED_IN = "logged_in";
  static final String BREAKER_STATE = "breaker_state";
  static final String UPTIME_SECONDS = "uptime_seconds";

  static final String ACCOUNT = "account";
  static final String POSITIONS = "positions";
  static final String AVERAGE_PRICE = "average_price";
  static final String LAST_PRICE = "last_price";
  static final String UNREALIZED_PNL = "unrealized_pnl";
  static final String REALIZED_PNL = "realized_pnl";
  static final String UNREALIZED_PNL_POINTS = "unrealized_pnl_points";
  static final String REALIZED_PNL_POINTS = "realized_pnl_points";
  static final String POINT_VALUE = "point_value";

  private GatewayJson() {}

  static ObjectMapper mapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** A short description of a value for an error message, never echoing much of the input. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return '"' + shorten(node.textValue()) + '"';
    }
    if (node.isNumber() || node.isBoolean()) {
      return shorten(node.asText());
    }
    return node.isArray() ? "an array" : "an object";
  }

  /** At most 40 characters of caller-supplied text for a message. */
  static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
