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
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.model.Price;

/**
 * The gateway protocol's JSON (docs/architecture.md §2.1): operation and field names shared by the
 * server ({@code org.aftm.adapter.zmq.in.ZmqOrderGatewayServer}) and the client ({@code
 * org.aftm.adapter.zmq.out.ZmqOrderGatewayClient}), and one strictly configured mapper. Numbers
 * with a fraction are read as exact {@link java.math.BigDecimal} (never double); NaN and Infinity
 * are read so the order parser can name the field, not refuse the whole text; nesting depth is
 * capped; duplicate keys and trailing content are errors; big decimals are written in plain
 * notation ("22000", not "2.2E+4").
 */
public final class GatewayJson {

  public static final int MAX_NESTING_DEPTH = 32;

  public static final String OPERATION = "operation";
  public static final String PARAMETERS = "parameters";
  public static final String SUCCESS = "success";
  public static final String DATA = "data";
  public static final String ERROR_MESSAGE = "error_message";
  public static final String ERROR_CODE = "error_code";

  public static final String HEALTH_CHECK = "health_check";
  public static final String SEND_ORDER = "send_order";
  public static final String GET_POSITIONS = "get_positions";
  public static final String GET_ORDER_STATES = "get_order_states";
  public static final String CONDITION_CHANGED = "condition_changed";
  public static final String STRATEGY_ACK = "strategy_ack";
  public static final String COMMAND_STATUS = "command_status";
  public static final String TRADING_STATUS = "trading_status";
  public static final String TRADING_HALT = "trading_halt";
  public static final String TRADING_REDUCE = "trading_reduce";
  public static final String TRADING_RESUME = "trading_resume";
  public static final String TRADING_FLATTEN = "trading_flatten";
  public static final String RECONCILE = "reconcile";

  public static final String ORDER_ACCOUNT = "order_account";
  public static final String ITEM_CODE = "item_code";
  public static final String SIDE = "side";
  public static final String ORDER_TYPE = "order_type";
  public static final String PRICE = "price";
  public static final String QUANTITY = "quantity";
  public static final String OPEN_CLOSE = "open_close";
  public static final String NOTE = "note";
  public static final String DAY_TRADE = "day_trade";
  public static final String TIME_IN_FORCE = "time_in_force";
  public static final String CLIENT_ORDER_ID = "client_order_id";
  public static final String ORIGIN_NANOS = "origin_nanos";

  /** Extension: the client order id of the entry an exit closes; the exit is capped at its fill. */
  public static final String CLOSES_CLIENT_ORDER_ID = "closes_client_order_id";

  /**
   * AFTM extension: the {@link OrderIdProof} of {@code client_order_id}, required when the id is in
   * the project's {@code aftm-} namespace.
   */
  public static final String CLIENT_ORDER_PROOF = "client_order_proof";

  public static final String IS_SEND_ORDER = "is_send_order";
  public static final String ORDER_SERIAL = "order_serial";
  public static final String STATUS = "status";
  public static final String FILLED_QUANTITY = "filled_quantity";

  public static final String HEALTHY = "healthy";
  public static final String UNHEALTHY = "unhealthy";
  public static final String EXCHANGE_CONNECTED = "exchange_connected";
  public static final String TIMESTAMP = "timestamp";
  public static final String SERVER_RUNNING = "server_running";
  public static final String LOGGED_IN = "logged_in";
  public static final String BREAKER_STATE = "breaker_state";
  public static final String UPTIME_SECONDS = "uptime_seconds";

  public static final String ACCOUNT = "account";
  public static final String POSITIONS = "positions";
  public static final String AVERAGE_PRICE = "average_price";
  public static final String LAST_PRICE = "last_price";
  public static final String UNREALIZED_PNL = "unrealized_pnl";
  public static final String REALIZED_PNL = "realized_pnl";
  public static final String UNREALIZED_PNL_POINTS = "unrealized_pnl_points";
  public static final String REALIZED_PNL_POINTS = "realized_pnl_points";
  public static final String POINT_VALUE = "point_value";

  public static final String CLIENT_ORDER_IDS = "client_order_ids";
  public static final String ORDERS = "orders";
  public static final String STATE = "state";
  public static final String FILLED_COST = "filled_cost";
  public static final String AVERAGE_FILL_PRICE = "average_fill_price";
  public static final String REASON = "reason";

  public static final String CHANGE = "change";
  public static final String CONDITION_ID = "condition_id";
  public static final String COMMAND_ID = "command_id";
  public static final String ACKNOWLEDGED = "acknowledged";

  /** Most characters of an operator's reason or note; a longer one is refused. */
  public static final int MAX_REASON_LENGTH = 200;

  public static final String AUTOMATIC = "automatic";
  public static final String SINCE_MS = "since_ms";
  public static final String ALL_SENT = "all_sent";
  public static final String ACCEPT_BROKER = "accept_broker";
  public static final String ACCEPTED_BROKER = "accepted_broker";
  public static final String ORDERS_RESOLVED = "orders_resolved";
  public static final String AGREES = "agrees";
  public static final String DIFFERENCES = "differences";
  public static final String KIND = "kind";
  public static final String SUBJECT = "subject";
  public static final String BROKER = "broker";
  public static final String AFTM = "aftm";

  /** Characters of caller-supplied text an error message shows. */
  public static final int SHOWN_CHARS = 40;

  private GatewayJson() {}

  public static ObjectMapper mapper() {
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

  /**
   * Price units (1/10,000 of a point) as the exact decimal the protocol writes, e.g. 220005000 as
   * 22000.5; the same as {@code Price.toBigDecimal()} but for any long, so a sum of prices over
   * {@code Price.MAX_UNITS} is still written exactly.
   */
  public static BigDecimal decimal(long units) {
    return Price.plain(units);
  }

  /**
   * An exact decimal as price units.
   *
   * @throws ArithmeticException when it has more than four decimal places or does not fit a long
   */
  public static long units(BigDecimal value) {
    return value.setScale(Price.SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
  }

  /**
   * A short description of a value for an error message (and so for the refusal's log line), never
   * echoing much of the input: text quoted and escaped by {@link UntrustedText}.
   */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return UntrustedText.quote(node.textValue(), SHOWN_CHARS);
    }
    if (node.isNumber() || node.isBoolean()) {
      return shorten(node.asText());
    }
    return node.isArray() ? "an array" : "an object";
  }

  /** At most {@value #SHOWN_CHARS} characters of caller-supplied text for a message, escaped. */
  public static String shorten(String text) {
    return UntrustedText.escape(text, SHOWN_CHARS);
  }
}
