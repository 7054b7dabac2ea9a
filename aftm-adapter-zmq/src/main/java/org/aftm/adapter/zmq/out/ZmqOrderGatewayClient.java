package org.aftm.adapter.zmq.out;

import static org.aftm.adapter.zmq.gateway.GatewayJson.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aftm.adapter.zmq.gateway.GatewayJson;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.link.GreetedConnection;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.application.port.in.GetOrderStatesUseCase;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.OrderGateway;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The child processes' way to the order gateway (ADR 0001): a REQ socket with the "Lazy Pirate"
 * pattern. Each attempt waits for the reply at most the request timeout; on a timeout the socket is
 * closed and reopened (a REQ socket cannot send again before it has a reply), the client waits a
 * jittered, growing pause and sends the identical request again, up to the retry count. Because the
 * request is byte-for-byte the same, a retried {@code send_order} carries the same {@code
 * client_order_id} and the gateway answers it with the first answer instead of placing a second
 * order. When every attempt timed out it throws {@link OrderGatewayUnavailableException}. The
 * closed loop's operations are as safe to repeat: {@code get_order_states}, {@code strategy_ack}
 * and {@code command_status} change nothing or nothing more, and a repeated {@code
 * condition_changed} only makes the strategy load the same condition again. The operator's controls
 * are repeated too ({@code halt} twice is one halt), except {@code trading_flatten}, which is sent
 * once.
 *
 * <p>Sockets are created in the given context and closed with its linger, which should be 0 (the
 * {@link ZContext} default) so an abandoned request is not delivered late. Close this client before
 * the context.
 *
 * <p>Not thread-safe: one thread per instance.
 */
public final class ZmqOrderGatewayClient implements OrderGateway, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ZmqOrderGatewayClient.class);

  /**
   * Characters of client order ids per {@code get_order_states} request, so a request stays well
   * under the gateway's default 64 KiB limit; a longer list is asked for in several requests.
   */
  static final int MAX_ID_CHARS_PER_REQUEST = 32 * 1024;

  /**
   * What a connection ping of {@link #proveFreshConnections} may take on loopback before the socket
   * is taken for lost and replaced.
   */
  public static final Duration CONNECTION_PROOF_TIMEOUT = Duration.ofMillis(500);

  /** Fresh sockets a connection proof tries before the request goes out unproven. */
  public static final int CONNECTION_PROOF_TRIES = 4;

  private final ObjectMapper mapper = GatewayJson.mapper();
  private final ZContext context;
  private volatile LinkSecurity security = LinkSecurity.NONE;
  private final String endpoint;
  private final int timeoutMillis;
  private final int retryCount;
  private final RetryPause pause;
  private ZMQ.Socket socket;
  private boolean closed;

  /** Set by {@link #proveConnections}: every fresh socket first answers a ping. */
  private int proofTimeoutMillis;

  private int proofTries;

  /** Whether the current socket has answered a request. */
  private boolean proven;

  /** Signs {@code aftm-} ids, or null to send them unsigned (the gateway then refuses them). */
  private OrderIdProof orderIdProof;

  /**
   * A client with {@link JitteredBackoff#DEFAULT} pauses.
   *
   * @param endpoint the gateway's address, e.g. {@code tcp://127.0.0.1:5557}
   * @param requestTimeout how long one attempt waits for the reply ({@code
   *     DLL_GATEWAY_REQUEST_TIMEOUT_MS})
   * @param retryCount attempts after the first ({@code DLL_GATEWAY_RETRY_COUNT}); 0 means one
   *     attempt
   */
  public ZmqOrderGatewayClient(
      ZContext context, String endpoint, Duration requestTimeout, int retryCount) {
    this(context, endpoint, requestTimeout, retryCount, JitteredBackoff.DEFAULT);
  }

  /**
   * @param pause waits between attempts
   */
  public ZmqOrderGatewayClient(
      ZContext context,
      String endpoint,
      Duration requestTimeout,
      int retryCount,
      RetryPause pause) {
    if (requestTimeout.isNegative()
        || requestTimeout.isZero()
        || requestTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "request timeout must be positive but was " + requestTimeout);
    }
    if (retryCount < 0) {
      throw new IllegalArgumentException("retry count must be >= 0 but was " + retryCount);
    }
    this.context = context;
    this.endpoint = endpoint;
    this.timeoutMillis = (int) Math.max(1, requestTimeout.toMillis());
    this.retryCount = retryCount;
    this.pause = pause;
  }

  /**
   * Secures every socket this client opens from now on (call before the first request).
   *
   * @return this client
   */
  public ZmqOrderGatewayClient securedBy(LinkSecurity security) {
    Objects.requireNonNull(security, "security");
    if (socket != null) {
      // The open socket would stay as it is: a plain one would keep sending in the clear.
      throw new IllegalStateException("securedBy is called before the first request");
    }
    this.security = security;
    return this;
  }

  public String endpoint() {
    return endpoint;
  }

  @Override
  public OrderResult sendOrder(OrderRequest request, long originNanos) {
    return sendOrder(request, originNanos, null);
  }

  @Override
  public OrderResult sendOrder(OrderRequest request, long originNanos, String closesClientOrderId) {
    ObjectNode parameters = orderParameters(request, originNanos, closesClientOrderId);
    JsonNode reply = call(SEND_ORDER, parameters);
    if (!reply.path(SUCCESS).asBoolean(false)) {
      return OrderResult.rejected(
          request.note(), errorCode(reply), errorMessage(reply), request.clientOrderId());
    }
    JsonNode data = data(reply, SEND_ORDER);
    boolean sent = data.path(IS_SEND_ORDER).asBoolean(false);
    String clientOrderId =
        data.hasNonNull(CLIENT_ORDER_ID)
            ? data.get(CLIENT_ORDER_ID).asText()
            : request.clientOrderId();
    return new OrderResult(
        sent,
        data.path(NOTE).asText(request.note()),
        data.path(ORDER_SERIAL).asText(""),
        data.path(ERROR_CODE).asText(""),
        data.path(ERROR_MESSAGE).asText(""),
        clientOrderId,
        status(data, sent),
        data.path(FILLED_QUANTITY).asInt(0));
  }

  /**
   * Encodes a send_order request for {@code request} as {@link #sendOrder} would, order-id proof
   * included, and sends nothing: a warm-up of the encoding before a process reports ready, so that
   * its first real order does not pay for it.
   *
   * @return the request's size in bytes
   */
  public int rehearseOrderEncoding(OrderRequest request) {
    return requestBytes(SEND_ORDER, orderParameters(request, System.nanoTime(), null)).length;
  }

  private ObjectNode orderParameters(
      OrderRequest request, long originNanos, String closesClientOrderId) {
    ObjectNode parameters = mapper.createObjectNode();
    parameters.put(ORDER_ACCOUNT, request.orderAccount());
    parameters.put(ITEM_CODE, request.itemCode());
    parameters.put(SIDE, request.side().wire());
    parameters.put(ORDER_TYPE, request.orderType().wire());
    parameters.put(PRICE, request.price().toBigDecimal());
    parameters.put(QUANTITY, request.quantity());
    parameters.put(OPEN_CLOSE, request.openClose().wire());
    parameters.put(NOTE, request.note());
    parameters.put(DAY_TRADE, request.dayTrade().wire());
    parameters.put(TIME_IN_FORCE, request.timeInForce().wire());
    if (request.clientOrderId() != null) {
      parameters.put(CLIENT_ORDER_ID, request.clientOrderId());
      if (orderIdProof != null && request.clientOrderId().startsWith(ConditionOrderId.PREFIX)) {
        parameters.put(CLIENT_ORDER_PROOF, orderIdProof.proofOf(request.clientOrderId()));
      }
    }
    if (originNanos != 0) {
      parameters.put(ORIGIN_NANOS, originNanos);
    }
    if (closesClientOrderId != null) {
      parameters.put(CLOSES_CLIENT_ORDER_ID, closesClientOrderId);
    }
    return parameters;
  }

  /**
   * Asks the gateway for its health. An error reply counts as unhealthy, with the server running.
   *
   * @throws OrderGatewayUnavailableException when the gateway does not answer
   */
  @Override
  public GatewayHealth healthCheck() {
    JsonNode reply = call(HEALTH_CHECK, mapper.createObjectNode());
    if (!reply.path(SUCCESS).asBoolean(false)) {
      LOG.warn(
          "Gateway health check refused: {} {}",
          UntrustedText.quote(errorCode(reply), 40),
          UntrustedText.quote(errorMessage(reply)));
      return new GatewayHealth(
          false, false, false, true, "UNKNOWN", 0, System.currentTimeMillis() / 1000);
    }
    JsonNode data = data(reply, HEALTH_CHECK);
    boolean connected = data.path(EXCHANGE_CONNECTED).asBoolean(false);
    return new GatewayHealth(
        HEALTHY.equals(data.path(STATUS).asText()),
        connected,
        data.path(LOGGED_IN).asBoolean(connected),
        data.path(SERVER_RUNNING).asBoolean(true),
        data.path(BREAKER_STATE).asText("UNKNOWN"),
        data.path(UPTIME_SECONDS).asLong(0),
        data.path(TIMESTAMP).asLong(0));
  }

  /**
   * @throws GatewayErrorReplyException when the gateway answers with an error
   * @throws OrderGatewayUnavailableException when the gateway does not answer, or answers with
   *     something that is not a position list
   */
  @Override
  public List<Position> positions(String account) {
    ObjectNode parameters = mapper.createObjectNode();
    parameters.put(ACCOUNT, account);
    JsonNode reply = call(GET_POSITIONS, parameters);
    if (!reply.path(SUCCESS).asBoolean(false)) {
      throw new GatewayErrorReplyException(GET_POSITIONS, errorCode(reply), errorMessage(reply));
    }
    JsonNode list = data(reply, GET_POSITIONS).path(POSITIONS);
    if (!list.isArray()) {
      throw malformedReply(GET_POSITIONS, "data.positions is not a list");
    }
    List<Position> positions = new ArrayList<>(list.size());
    try {
      for (JsonNode item : list) {
        positions.add(position(item, account));
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw malformedReply(GET_POSITIONS, "bad position: " + e.getMessage());
    }
    return positions;
  }

  /**
   * Asks for the current state of these orders; ids the gateway never saw are left out. A list
   * longer than {@link GetOrderStatesUseCase#MAX_IDS} (or very long ids) is asked for in several
   * requests.
   *
   * @throws GatewayErrorReplyException when the gateway answers with an error
   * @throws OrderGatewayUnavailableException when the gateway does not answer, or answers with
   *     something that is not a list of order states
   */
  @Override
  public List<OrderUpdate> orderStates(List<String> clientOrderIds) {
    List<OrderUpdate> states = new ArrayList<>();
    int start = 0;
    while (start < clientOrderIds.size()) {
      int end = start;
      int chars = 0;
      while (end < clientOrderIds.size()
          && end - start < GetOrderStatesUseCase.MAX_IDS
          && (end == start
              || chars + clientOrderIds.get(end).length() <= MAX_ID_CHARS_PER_REQUEST)) {
        chars += clientOrderIds.get(end).length();
        end++;
      }
      states.addAll(orderStatesOnce(clientOrderIds.subList(start, end)));
      start = end;
    }
    return states;
  }

  private List<OrderUpdate> orderStatesOnce(List<String> clientOrderIds) {
    ObjectNode parameters = mapper.createObjectNode();
    ArrayNode ids = parameters.putArray(CLIENT_ORDER_IDS);
    clientOrderIds.forEach(ids::add);
    JsonNode list = successData(GET_ORDER_STATES, parameters).path(ORDERS);
    if (!list.isArray()) {
      throw malformedReply(GET_ORDER_STATES, "data.orders is not a list");
    }
    List<OrderUpdate> states = new ArrayList<>(list.size());
    try {
      for (JsonNode item : list) {
        states.add(orderUpdate(item));
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw malformedReply(GET_ORDER_STATES, "bad order state: " + e.getMessage());
    }
    return states;
  }

  private static OrderUpdate orderUpdate(JsonNode item) {
    JsonNode clientOrderId = item.get(CLIENT_ORDER_ID);
    if (clientOrderId == null || !clientOrderId.isTextual()) {
      throw new IllegalArgumentException(CLIENT_ORDER_ID + " is not a string");
    }
    JsonNode cost = item.get(FILLED_COST);
    if (cost != null && !cost.isNull() && !cost.isNumber()) {
      throw new IllegalArgumentException(FILLED_COST + " is not a number");
    }
    return new OrderUpdate(
        clientOrderId.textValue(),
        OrderState.fromWire(item.path(STATE).asText(null)),
        integer(item, QUANTITY),
        integer(item, FILLED_QUANTITY),
        cost == null || cost.isNull() ? 0 : GatewayJson.units(cost.decimalValue()),
        item.path(ERROR_CODE).asText(""),
        item.path(REASON).asText(""));
  }

  private static int integer(JsonNode item, String field) {
    JsonNode node = item.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new IllegalArgumentException(field + " is not an integer");
    }
    return node.intValue();
  }

  /**
   * Tells the main process that the strategy applied a condition command.
   *
   * @throws GatewayErrorReplyException when the gateway answers with an error
   * @throws OrderGatewayUnavailableException when the gateway does not answer
   */
  @Override
  public void acknowledgeCommand(long commandId) {
    ObjectNode parameters = mapper.createObjectNode();
    parameters.put(COMMAND_ID, commandId);
    successData(STRATEGY_ACK, parameters);
  }

  /**
   * Tells the main process that the operator changed a condition (already stored), so it relays the
   * change to the running strategy. For the CLI.
   *
   * @return the command id to ask {@link #isCommandAcknowledged} about
   * @throws GatewayErrorReplyException when the gateway answers with an error
   * @throws OrderGatewayUnavailableException when the gateway does not answer
   */
  public long relayConditionChange(ConditionCommand.Change change, long conditionId) {
    ObjectNode parameters = mapper.createObjectNode();
    parameters.put(CHANGE, change.wire());
    parameters.put(CONDITION_ID, conditionId);
    JsonNode commandId = successData(CONDITION_CHANGED, parameters).get(COMMAND_ID);
    if (commandId == null
        || !commandId.isIntegralNumber()
        || !commandId.canConvertToLong()
        || commandId.longValue() <= 0) {
      throw malformedReply(CONDITION_CHANGED, "data.command_id is not a positive integer");
    }
    return commandId.longValue();
  }

  /**
   * Whether the strategy has applied the command. For the CLI.
   *
   * @throws GatewayErrorReplyException when the gateway answers with an error
   * @throws OrderGatewayUnavailableException when the gateway does not answer
   */
  public boolean isCommandAcknowledged(long commandId) {
    ObjectNode parameters = mapper.createObjectNode();
    parameters.put(COMMAND_ID, commandId);
    JsonNode acknowledged = successData(COMMAND_STATUS, parameters).get(ACKNOWLEDGED);
    if (acknowledged == null || !acknowledged.isBoolean()) {
      throw malformedReply(COMMAND_STATUS, "data.acknowledged is not a boolean");
    }
    return acknowledged.booleanValue();
  }

  /**
   * The main process's trading state. For the CLI.
   *
   * @throws GatewayErrorReplyException when the gateway answers with an error ({@code
   *     UNKNOWN_OPERATION} from a main process without the trading controls)
   * @throws OrderGatewayUnavailableException when the gateway does not answer
   */
  public TradingStatus tradingStatus() {
    return tradingStatus(TRADING_STATUS, successData(TRADING_STATUS, mapper.createObjectNode()));
  }

  /**
   * Halts trading: nothing passes except flatten. Safe to repeat.
   *
   * @param reason the operator's reason, or null for the main process's default
   * @return the state after the change
   */
  public TradingStatus halt(String reason) {
    return changeState(TRADING_HALT, reason);
  }

  /** Lets only orders that reduce a position pass. Safe to repeat. */
  public TradingStatus reduce(String reason) {
    return changeState(TRADING_REDUCE, reason);
  }

  /** Back to {@code ACTIVE}. Safe to repeat. */
  public TradingStatus resume(String reason) {
    return changeState(TRADING_RESUME, reason);
  }

  private TradingStatus changeState(String operation, String reason) {
    ObjectNode parameters = mapper.createObjectNode();
    if (reason != null) {
      parameters.put(REASON, reason);
    }
    return tradingStatus(operation, successData(operation, parameters));
  }

  private TradingStatus tradingStatus(String operation, JsonNode data) {
    JsonNode since = data.get(SINCE_MS);
    JsonNode automatic = data.get(AUTOMATIC);
    JsonNode reason = data.get(REASON);
    if (since == null || !since.isIntegralNumber() || !since.canConvertToLong()) {
      throw malformedReply(operation, "data.since_ms is not an integer");
    }
    if (automatic == null || !automatic.isBoolean() || reason == null || !reason.isTextual()) {
      throw malformedReply(operation, "data.automatic or data.reason is missing");
    }
    try {
      return new TradingStatus(
          TradingState.valueOf(data.path(STATE).asText("")),
          reason.textValue(),
          automatic.booleanValue(),
          since.longValue());
    } catch (IllegalArgumentException e) {
      throw malformedReply(operation, "unknown trading state " + data.path(STATE));
    }
  }

  /**
   * Closes at market the net position of one instrument or of all. Sent once, never repeated: a
   * repeat after a lost reply could close a second time. When no reply comes, the outcome is
   * unknown and the exception says to look at the positions before trying again.
   *
   * @param itemCode one instrument, or empty for all
   * @throws GatewayErrorReplyException when the gateway answers with an error
   * @throws OrderGatewayUnavailableException when the gateway does not answer
   */
  public FlattenReport flatten(Optional<String> itemCode) {
    ObjectNode parameters = mapper.createObjectNode();
    itemCode.ifPresent(item -> parameters.put(ITEM_CODE, item));
    JsonNode reply = call(TRADING_FLATTEN, parameters, false);
    if (!reply.path(SUCCESS).asBoolean(false)) {
      throw new GatewayErrorReplyException(TRADING_FLATTEN, errorCode(reply), errorMessage(reply));
    }
    JsonNode list = data(reply, TRADING_FLATTEN).path(ORDERS);
    if (!list.isArray()) {
      throw malformedReply(TRADING_FLATTEN, "data.orders is not a list");
    }
    List<OrderResult> orders = new ArrayList<>(list.size());
    for (JsonNode item : list) {
      boolean sent = item.path(IS_SEND_ORDER).asBoolean(false);
      orders.add(
          new OrderResult(
              sent,
              item.path(NOTE).asText(""),
              item.path(ORDER_SERIAL).asText(""),
              item.path(ERROR_CODE).asText(""),
              item.path(ERROR_MESSAGE).asText(""),
              item.path(CLIENT_ORDER_ID).asText(null),
              status(item, sent),
              item.path(FILLED_QUANTITY).asInt(0)));
    }
    return new FlattenReport(orders);
  }

  /**
   * Compares the broker's view with AFTM's, or with {@code acceptBroker} takes the broker's as the
   * truth (audited with {@code note}). Safe to repeat.
   *
   * @param note the operator's note for the audit trail, or null
   * @throws GatewayErrorReplyException when the gateway answers with an error
   * @throws OrderGatewayUnavailableException when the gateway does not answer
   */
  public ReconciliationReport reconcile(boolean acceptBroker, String note) {
    ObjectNode parameters = mapper.createObjectNode();
    parameters.put(ACCEPT_BROKER, acceptBroker);
    if (note != null) {
      parameters.put(NOTE, note);
    }
    JsonNode data = successData(RECONCILE, parameters);
    JsonNode list = data.path(DIFFERENCES);
    JsonNode resolved = data.get(ORDERS_RESOLVED);
    if (!list.isArray() || resolved == null || !resolved.canConvertToInt()) {
      throw malformedReply(RECONCILE, "data.differences or data.orders_resolved is missing");
    }
    List<Difference> differences = new ArrayList<>(list.size());
    for (JsonNode item : list) {
      differences.add(
          new Difference(
              item.path(KIND).asText(""),
              item.path(SUBJECT).asText(""),
              item.path(BROKER).asText(""),
              item.path(AFTM).asText("")));
    }
    return new ReconciliationReport(
        resolved.intValue(), differences, data.path(ACCEPTED_BROKER).asBoolean(false));
  }

  /** The data of a success reply; an error reply throws {@link GatewayErrorReplyException}. */
  private JsonNode successData(String operation, ObjectNode parameters) {
    JsonNode reply = call(operation, parameters);
    if (!reply.path(SUCCESS).asBoolean(false)) {
      throw new GatewayErrorReplyException(operation, errorCode(reply), errorMessage(reply));
    }
    return data(reply, operation);
  }

  private static Position position(JsonNode item, String account) {
    Price average = price(item, AVERAGE_PRICE, Price.ZERO);
    long pointValue = item.path(POINT_VALUE).asLong(1);
    Price unrealizedPoints =
        item.has(UNREALIZED_PNL_POINTS)
            ? price(item, UNREALIZED_PNL_POINTS, Price.ZERO)
            : pointValue == 1 ? price(item, UNREALIZED_PNL, Price.ZERO) : Price.ZERO;
    return new Position(
        item.path(ACCOUNT).asText(account),
        item.path(ITEM_CODE).asText(""),
        item.path(QUANTITY).asInt(0),
        average,
        price(item, LAST_PRICE, average),
        price(item, REALIZED_PNL_POINTS, Price.ZERO),
        unrealizedPoints,
        pointValue);
  }

  private static Price price(JsonNode item, String field, Price absent) {
    JsonNode node = item.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isNumber()) {
      throw new IllegalArgumentException(field + " is not a number");
    }
    return Price.of(node.decimalValue());
  }

  private static OrderState status(JsonNode data, boolean sent) {
    JsonNode status = data.get(STATUS);
    if (status != null && status.isTextual()) {
      try {
        return OrderState.fromWire(status.textValue());
      } catch (IllegalArgumentException e) {
        LOG.warn(
            "Unknown order status from the gateway: {}",
            UntrustedText.quote(status.textValue(), 40));
      }
    }
    // The Python gateway sends no status: a sent order was at least accepted.
    return sent ? OrderState.ACCEPTED : OrderState.REJECTED;
  }

  private JsonNode data(JsonNode reply, String operation) {
    JsonNode data = reply.get(DATA);
    if (data == null || !data.isObject()) {
      throw malformedReply(operation, "success reply without a data object");
    }
    return data;
  }

  private static String errorCode(JsonNode reply) {
    return reply.path(ERROR_CODE).asText("UNKNOWN_ERROR");
  }

  private static String errorMessage(JsonNode reply) {
    return reply.path(ERROR_MESSAGE).asText("");
  }

  /** Sends the request and returns the parsed reply, retrying as the class comment says. */
  private JsonNode call(String operation, ObjectNode parameters) {
    return call(operation, parameters, true);
  }

  /**
   * @param repeatable whether the request may be sent again after a timeout; if not, one attempt
   */
  private JsonNode call(String operation, ObjectNode parameters, boolean repeatable) {
    if (closed) {
      throw new IllegalStateException("order gateway client is closed");
    }
    byte[] request = requestBytes(operation, parameters);
    int attempts = repeatable ? retryCount + 1 : 1;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      byte[] reply = attempt(request);
      if (reply != null) {
        return parse(operation, reply);
      }
      LOG.warn(
          "No answer from the order gateway at {} to {} within {} ms (attempt {} of {})",
          endpoint,
          operation,
          timeoutMillis,
          attempt,
          attempts);
      if (attempt < attempts) {
        try {
          pause.pauseBefore(attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new OrderGatewayUnavailableException(
              operation
                  + " to the order gateway at "
                  + endpoint
                  + " interrupted after "
                  + attempt
                  + " attempts",
              e);
        }
      }
    }
    throw new OrderGatewayUnavailableException(
        "order gateway at "
            + endpoint
            + " gave no answer to "
            + operation
            + " after "
            + attempts
            + (attempts == 1 ? " attempt of " : " attempts of ")
            + timeoutMillis
            + " ms each"
            + (repeatable ? "" : "; it may have been done: check before repeating it"));
  }

  /**
   * From now on, a fresh socket first answers a {@code health_check} ping, with {@code perTry} to
   * answer and up to {@code tries} sockets, before it carries a request. JeroMQ 0.6.0 loses the
   * first message of a new connection now and then (measured: about 1 in 12 fresh REQ sockets
   * against a ROUTER on loopback; the server never sees it; later messages arrive); a lost ping
   * costs {@code perTry}, where a lost request would cost the whole request timeout and, for a
   * request sent only once such as {@code trading_flatten}, an unknown outcome. The ping changes
   * nothing at the gateway. The ping is sent on the thread of the next request, just before it; if
   * no ping is answered, the request is still sent and times out as usual.
   *
   * @return this client
   */
  public ZmqOrderGatewayClient proveFreshConnections(Duration perTry, int tries) {
    if (perTry.isNegative() || perTry.isZero() || tries < 1) {
      throw new IllegalArgumentException("a positive time and at least one try are needed");
    }
    proofTimeoutMillis = (int) Math.min(perTry.toMillis(), timeoutMillis);
    proofTries = tries;
    return this;
  }

  /**
   * {@link #proveFreshConnections(Duration, int)} with {@link #CONNECTION_PROOF_TIMEOUT} and {@link
   * #CONNECTION_PROOF_TRIES}: what every client of a running main process uses.
   */
  public ZmqOrderGatewayClient proveFreshConnections() {
    return proveFreshConnections(CONNECTION_PROOF_TIMEOUT, CONNECTION_PROOF_TRIES);
  }

  /**
   * From now on, every {@code send_order} with an id in AFTM's {@code aftm-} namespace carries that
   * id's {@link OrderIdProof}, without which the gateway refuses it. A retry repeats the same
   * proof. The client's thread owns {@code proof} from here on: give it an instance no other thread
   * uses.
   *
   * @return this client
   */
  public ZmqOrderGatewayClient signingOrderIdsWith(OrderIdProof proof) {
    this.orderIdProof = Objects.requireNonNull(proof, "proof");
    return this;
  }

  /** Pings on fresh sockets until one answers or the tries are used up. */
  private boolean prove() {
    byte[] ping = requestBytes(HEALTH_CHECK, mapper.createObjectNode());
    for (int attempt = 1; attempt <= proofTries; attempt++) {
      ZMQ.Socket current = socket();
      current.setReceiveTimeOut(proofTimeoutMillis);
      byte[] reply = current.send(ping, 0) ? current.recv(0) : null;
      if (reply != null) {
        while (current.hasReceiveMore()) {
          current.recv(0);
        }
        current.setReceiveTimeOut(timeoutMillis);
        proven = true;
        return true;
      }
      discardSocket();
      LOG.debug("No answer to a connection ping at {} (try {})", endpoint, attempt);
    }
    LOG.warn(
        "The order gateway at {} answered no connection ping ({} tries)", endpoint, proofTries);
    return false;
  }

  /** One send and wait; null on timeout, after which the socket has been discarded. */
  private byte[] attempt(byte[] request) {
    if (proofTries > 0 && !proven) {
      prove();
    }
    ZMQ.Socket current = socket();
    byte[] reply = current.send(request, 0) ? current.recv(0) : null;
    if (reply == null) {
      discardSocket();
      return null;
    }
    while (current.hasReceiveMore()) {
      current.recv(0); // a well-behaved gateway sends one frame; ignore any extra
    }
    proven = true;
    return reply;
  }

  private ZMQ.Socket socket() {
    if (socket == null) {
      socket = context.createSocket(SocketType.REQ);
      security.apply(context, socket);
      socket.setLinger(0);
      socket.setReceiveTimeOut(timeoutMillis);
      socket.setSendTimeOut(timeoutMillis);
      GreetedConnection.connect(context, socket, endpoint);
    }
    return socket;
  }

  private void discardSocket() {
    proven = false;
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  private byte[] requestBytes(String operation, ObjectNode parameters) {
    ObjectNode request = mapper.createObjectNode();
    request.put(OPERATION, operation);
    request.set(PARAMETERS, parameters);
    try {
      return mapper.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a " + operation + " request", e);
    }
  }

  private JsonNode parse(String operation, byte[] reply) {
    try {
      JsonNode node = mapper.readTree(reply);
      if (node == null || !node.isObject() || !node.path(SUCCESS).isBoolean()) {
        throw malformedReply(operation, "not a JSON object with a boolean \"success\"");
      }
      return node;
    } catch (IOException e) {
      throw malformedReply(operation, "not JSON: " + e.getMessage());
    }
  }

  private OrderGatewayUnavailableException malformedReply(String operation, String problem) {
    return new OrderGatewayUnavailableException(
        "order gateway at "
            + endpoint
            + " answered "
            + operation
            + " with a malformed reply: "
            + problem);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      discardSocket();
    }
  }
}
