package org.aftm.adapter.zmq.in;

import static org.aftm.adapter.zmq.gateway.GatewayJson.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.aftm.adapter.zmq.gateway.GatewayJson;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.application.log.LogScope;
import org.aftm.application.port.in.CheckHealthUseCase;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.application.port.in.GetOrderStatesUseCase;
import org.aftm.application.port.in.GetPositionsUseCase;
import org.aftm.application.port.in.GetPositionsUseCase.GetPositionsQuery;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.application.port.in.RelayConditionChangeUseCase;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps one request body to one reply body (docs/architecture.md §2.1): JSON to use-case command,
 * result to JSON. Never throws for any input; a defect in a use case becomes an {@code
 * INTERNAL_ERROR} reply and a log line. The operator's controls ({@code trading_*}, {@code
 * reconcile}) are served only when their use cases were given; otherwise they are unknown
 * operations, as on an older server.
 *
 * <p>Who may do what: a {@code send_order} with a reserved client order id is refused unless proven
 * ({@link ReservedOrderIds}); the {@link #INTERNAL_OPERATIONS} are refused with {@code
 * PERMISSION_DENIED} to a peer the link authenticated by a key that is not one of AFTM's own. A
 * peer on a link without authentication ({@link LinkPeer#UNAUTHENTICATED}) may do everything, as
 * before: such a link has no way to tell clients apart.
 *
 * <p>Owned by the gateway thread ({@link ReservedOrderIds} is not thread-safe); {@link #error} may
 * be called by the server's constructor before that thread starts.
 */
final class GatewayRequestHandler {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayRequestHandler.class);

  private static final List<String> BASE_OPERATIONS =
      List.of(
          HEALTH_CHECK,
          SEND_ORDER,
          GET_POSITIONS,
          GET_ORDER_STATES,
          CONDITION_CHANGED,
          STRATEGY_ACK,
          COMMAND_STATUS);

  private static final List<String> CONTROL_OPERATIONS =
      List.of(TRADING_STATUS, TRADING_HALT, TRADING_REDUCE, TRADING_RESUME, TRADING_FLATTEN);

  /**
   * Operations only AFTM's own processes and its operator use: {@code strategy_ack} (the strategy),
   * {@code condition_changed} and {@code command_status} (the CLI's condition commands), the
   * trading controls and {@code reconcile} (the CLI's operator commands). What remains open to an
   * operator-added key is the Python system's protocol ({@code health_check}, {@code send_order},
   * {@code get_positions}) and {@code get_order_states}, which only reads.
   */
  static final Set<String> INTERNAL_OPERATIONS =
      Set.of(
          CONDITION_CHANGED,
          STRATEGY_ACK,
          COMMAND_STATUS,
          TRADING_STATUS,
          TRADING_HALT,
          TRADING_REDUCE,
          TRADING_RESUME,
          TRADING_FLATTEN,
          RECONCILE);

  /** Sent when even an error reply cannot be serialised. */
  private static final byte[] LAST_RESORT_REPLY =
      ("{\"success\": false, \"error_message\": \"internal error\", \"error_code\": \""
              + ErrorCode.INTERNAL_ERROR.wire()
              + "\"}")
          .getBytes(StandardCharsets.UTF_8);

  private final ObjectMapper mapper = GatewayJson.mapper();
  private final PlaceOrderUseCase placeOrder;
  private final GetPositionsUseCase getPositions;
  private final CheckHealthUseCase checkHealth;
  private final GetOrderStatesUseCase getOrderStates;
  private final RelayConditionChangeUseCase relayConditionChange;
  private final ControlTradingUseCase controlTrading;
  private final ReconcileUseCase reconcile;
  private final String knownOperations;
  private final InstantSource clock;
  private final int maxRequestBytes;
  private ReservedOrderIds reservedIds = new ReservedOrderIds(null);

  GatewayRequestHandler(
      PlaceOrderUseCase placeOrder,
      GetPositionsUseCase getPositions,
      CheckHealthUseCase checkHealth,
      GetOrderStatesUseCase getOrderStates,
      RelayConditionChangeUseCase relayConditionChange,
      ControlTradingUseCase controlTrading,
      ReconcileUseCase reconcile,
      InstantSource clock,
      int maxRequestBytes) {
    this.placeOrder = placeOrder;
    this.getPositions = getPositions;
    this.checkHealth = checkHealth;
    this.getOrderStates = getOrderStates;
    this.relayConditionChange = relayConditionChange;
    this.controlTrading = controlTrading;
    this.reconcile = reconcile;
    List<String> known = new ArrayList<>(BASE_OPERATIONS);
    if (controlTrading != null) {
      known.addAll(CONTROL_OPERATIONS);
    }
    if (reconcile != null) {
      known.add(RECONCILE);
    }
    this.knownOperations = String.join(", ", known);
    this.clock = clock;
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * From now on, {@code aftm-} ids pass with a valid proof under {@code proof}; until then every
   * one is refused. Called before the gateway thread starts.
   */
  void checkOrderIdsWith(OrderIdProof proof) {
    reservedIds = new ReservedOrderIds(proof);
  }

  /**
   * The reply to a request body.
   *
   * @param peer who sent it, as the link authenticated it
   * @param refusals told when the reply is an error for bad input, to log it throttled
   */
  byte[] handle(byte[] body, LinkPeer peer, RefusalListener refusals) {
    try {
      return write(success(dispatch(body, peer)));
    } catch (GatewayRefusal refusal) {
      // The log says which key was refused (a refused order leaves no audit row); the reply not.
      refusals.refused(
          refusal.code(),
          peer.authenticated()
              ? refusal.getMessage() + " [client " + peer.name() + " " + peer.publicKey() + "]"
              : refusal.getMessage());
      return error(refusal.code(), refusal.getMessage());
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (RuntimeException | Error defect) {
      // A bug, not bad input: say so, keep serving, and leave a stack trace for the fix.
      LOG.error("Unexpected failure while handling a gateway request", defect);
      return error(
          ErrorCode.INTERNAL_ERROR, "internal error: " + defect.getClass().getSimpleName());
    }
  }

  /** The error reply for a request refused before its body was read (frames, size). */
  byte[] error(ErrorCode code, String message) {
    ObjectNode reply = mapper.createObjectNode();
    reply.put(SUCCESS, false);
    reply.put(ERROR_MESSAGE, message);
    reply.put(ERROR_CODE, code.wire());
    return write(reply);
  }

  /** Whether a body of this size is refused with {@code REQUEST_TOO_LARGE}. */
  boolean isTooLarge(int bodyBytes) {
    return bodyBytes > maxRequestBytes;
  }

  /** The message of the {@code REQUEST_TOO_LARGE} reply. */
  String tooLargeMessage(int bodyBytes) {
    return "request of " + bodyBytes + " bytes exceeds the limit of " + maxRequestBytes + " bytes";
  }

  private ObjectNode dispatch(byte[] body, LinkPeer peer) throws GatewayRefusal {
    if (isTooLarge(body.length)) {
      throw new GatewayRefusal(ErrorCode.REQUEST_TOO_LARGE, tooLargeMessage(body.length));
    }
    JsonNode request = parse(body);
    JsonNode operation = request.get(OPERATION);
    if (operation == null || !operation.isTextual()) {
      throw new GatewayRefusal(
          ErrorCode.UNKNOWN_OPERATION,
          "operation must be a string naming one of "
              + knownOperations
              + " but was "
              + describe(operation));
    }
    JsonNode parameters = request.get(PARAMETERS);
    if (peer.authenticated() && !peer.internal()) {
      refuseInternal(operation.textValue(), peer);
    }
    switch (operation.textValue()) {
      case HEALTH_CHECK:
        return health();
      case SEND_ORDER:
        return sendOrder(parameters, peer);
      case GET_POSITIONS:
        return positions(account(parameters));
      case GET_ORDER_STATES:
        return orderStates(parameters);
      case CONDITION_CHANGED:
        return conditionChanged(parameters);
      case STRATEGY_ACK:
        return strategyAck(parameters);
      case COMMAND_STATUS:
        return commandStatus(parameters);
      case TRADING_STATUS:
        return tradingStatus(parameters);
      case TRADING_HALT:
        return changeState(TRADING_HALT, parameters, "halted by the operator");
      case TRADING_REDUCE:
        return changeState(TRADING_REDUCE, parameters, "reducing by the operator");
      case TRADING_RESUME:
        return changeState(TRADING_RESUME, parameters, "resumed by the operator");
      case TRADING_FLATTEN:
        return flatten(parameters);
      case RECONCILE:
        return reconcile(parameters);
      default:
        throw unknownOperation(operation);
    }
  }

  /** Refuses an internal operation to a peer whose key is not one of AFTM's own. */
  private static void refuseInternal(String operation, LinkPeer peer) throws GatewayRefusal {
    if (INTERNAL_OPERATIONS.contains(operation)) {
      throw new GatewayRefusal(
          ErrorCode.PERMISSION_DENIED,
          "permission denied: "
              + operation
              + " is for AFTM's own processes and operator, and client "
              + GatewayJson.shorten(peer.name())
              + " is not one of them; it may use "
              + HEALTH_CHECK
              + ", "
              + SEND_ORDER
              + ", "
              + GET_POSITIONS
              + " and "
              + GET_ORDER_STATES);
    }
  }

  private GatewayRefusal unknownOperation(JsonNode operation) {
    return new GatewayRefusal(
        ErrorCode.UNKNOWN_OPERATION,
        "unknown operation " + describe(operation) + "; known: " + knownOperations);
  }

  /** The trading control, or an {@code UNKNOWN_OPERATION} refusal when this server has none. */
  private ControlTradingUseCase controlTrading(String operation) throws GatewayRefusal {
    if (controlTrading == null) {
      throw unknownOperation(mapper.getNodeFactory().textNode(operation));
    }
    return controlTrading;
  }

  private ObjectNode tradingStatus(JsonNode parameters) throws GatewayRefusal {
    ControlTradingUseCase control = controlTrading(TRADING_STATUS);
    GatewayParameters.ofOptional(TRADING_STATUS, parameters).check();
    return statusJson(call(TRADING_STATUS, control::tradingStatus));
  }

  private ObjectNode changeState(String operation, JsonNode parameters, String defaultReason)
      throws GatewayRefusal {
    ControlTradingUseCase control = controlTrading(operation);
    GatewayParameters read = GatewayParameters.ofOptional(operation, parameters);
    String given = read.optionalText(REASON, MAX_REASON_LENGTH);
    read.check();
    String reason = given == null ? defaultReason : given;
    TradingStatus status =
        call(
            operation,
            () ->
                switch (operation) {
                  case TRADING_HALT -> control.halt(reason);
                  case TRADING_REDUCE -> control.reduce(reason);
                  default -> control.resume(reason);
                });
    return statusJson(status);
  }

  private ObjectNode flatten(JsonNode parameters) throws GatewayRefusal {
    ControlTradingUseCase control = controlTrading(TRADING_FLATTEN);
    GatewayParameters read = GatewayParameters.ofOptional(TRADING_FLATTEN, parameters);
    Optional<String> item =
        Optional.ofNullable(read.optionalText(ITEM_CODE, OrderRequest.MAX_TEXT_LENGTH));
    read.check();
    FlattenReport report = call(TRADING_FLATTEN, () -> control.flatten(item));
    ObjectNode data = mapper.createObjectNode();
    ArrayNode orders = data.putArray(ORDERS);
    for (OrderResult result : report.orders()) {
      putOrderResult(orders.addObject(), result);
    }
    data.put(ALL_SENT, report.allSent());
    return data;
  }

  private ObjectNode reconcile(JsonNode parameters) throws GatewayRefusal {
    if (reconcile == null) {
      throw unknownOperation(mapper.getNodeFactory().textNode(RECONCILE));
    }
    GatewayParameters read = GatewayParameters.ofOptional(RECONCILE, parameters);
    boolean acceptBroker = read.optionalBoolean(ACCEPT_BROKER, false);
    String note = read.optionalText(NOTE, MAX_REASON_LENGTH);
    read.check();
    ReconciliationReport report =
        call(
            RECONCILE,
            () ->
                acceptBroker
                    ? reconcile.acceptBroker(note == null ? "accepted by the operator" : note)
                    : reconcile.reconcile());
    ObjectNode data = mapper.createObjectNode();
    data.put(ORDERS_RESOLVED, report.ordersResolved());
    data.put(ACCEPTED_BROKER, report.acceptedBroker());
    data.put(AGREES, report.agrees());
    ArrayNode differences = data.putArray(DIFFERENCES);
    for (Difference difference : report.differences()) {
      ObjectNode item = differences.addObject();
      item.put(KIND, difference.kind());
      item.put(SUBJECT, difference.subject());
      item.put(BROKER, difference.broker());
      item.put(AFTM, difference.aftm());
    }
    return data;
  }

  /**
   * Calls a control use case; a throw (a refusal such as "cannot resume while differences remain",
   * or a defect) becomes a {@code PROCESSING_ERROR} naming the operation, and no answer too.
   */
  private <T> T call(String operation, Supplier<T> useCase) throws GatewayRefusal {
    T answer;
    try {
      answer = useCase.get();
    } catch (RuntimeException e) {
      LOG.error("{} failed", operation, e);
      throw new GatewayRefusal(
          ErrorCode.PROCESSING_ERROR, operation + " failed: " + e.getMessage());
    }
    if (answer == null) {
      throw new GatewayRefusal(ErrorCode.PROCESSING_ERROR, operation + " gave no answer");
    }
    return answer;
  }

  private ObjectNode statusJson(TradingStatus status) {
    ObjectNode data = mapper.createObjectNode();
    data.put(STATE, status.state().wire());
    data.put(REASON, status.reason());
    data.put(AUTOMATIC, status.automatic());
    data.put(SINCE_MS, status.sinceMillis());
    return data;
  }

  private JsonNode parse(byte[] body) throws GatewayRefusal {
    JsonNode request;
    try {
      request = mapper.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new GatewayRefusal(
          ErrorCode.INVALID_JSON, "request exceeds JSON limits: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new GatewayRefusal(
          ErrorCode.INVALID_JSON, "request is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new GatewayRefusal(
          ErrorCode.INVALID_JSON, "request is not readable JSON: " + e.getMessage());
    }
    if (request == null || !request.isObject()) {
      throw new GatewayRefusal(
          ErrorCode.INVALID_JSON,
          "request must be a JSON object but was "
              + (request == null ? "empty" : describe(request)));
    }
    return request;
  }

  private ObjectNode health() throws GatewayRefusal {
    HealthReport report;
    try {
      report = checkHealth.checkHealth();
    } catch (RuntimeException e) {
      LOG.error("Health check failed", e);
      throw new GatewayRefusal(
          ErrorCode.HEALTH_CHECK_ERROR, "health check failed: " + e.getMessage());
    }
    if (report == null) {
      throw new GatewayRefusal(ErrorCode.PROCESSING_ERROR, "health check gave no report");
    }
    ObjectNode data = mapper.createObjectNode();
    data.put(STATUS, report.healthy() ? HEALTHY : UNHEALTHY);
    data.put(EXCHANGE_CONNECTED, report.exchangeConnected());
    data.put(TIMESTAMP, clock.instant().getEpochSecond());
    data.put(SERVER_RUNNING, true);
    data.put(LOGGED_IN, report.loggedIn());
    data.put(BREAKER_STATE, report.breakerState());
    data.put(UPTIME_SECONDS, report.uptimeSeconds());
    return data;
  }

  private ObjectNode sendOrder(JsonNode parameters, LinkPeer peer) throws GatewayRefusal {
    PlaceOrderCommand command =
        OrderParameters.parse(parameters, new OrderSender(peer.name(), peer.publicKey()));
    // Before the use case: a refused id must leave no audit row and no first answer behind.
    reservedIds.check(
        command.request().clientOrderId(),
        parameters.get(CLIENT_ORDER_PROOF),
        command.closesClientOrderId());
    OrderResult result;
    try {
      result = placeOrder.placeOrder(command);
    } catch (RuntimeException e) {
      OrderRequest request = command.request();
      try (LogScope scope = LogScope.order(request.clientOrderId(), request.itemCode())) {
        LOG.error("Placing order {} failed", UntrustedText.quote(request), e);
      }
      throw new GatewayRefusal(
          ErrorCode.ORDER_EXECUTION_ERROR, "order execution failed: " + e.getMessage());
    }
    if (result == null) {
      throw new GatewayRefusal(ErrorCode.PROCESSING_ERROR, "order placement gave no result");
    }
    ObjectNode data = mapper.createObjectNode();
    putOrderResult(data, result);
    return data;
  }

  private static void putOrderResult(ObjectNode data, OrderResult result) {
    data.put(IS_SEND_ORDER, result.sent());
    data.put(NOTE, result.note());
    data.put(ORDER_SERIAL, result.orderSerial());
    data.put(ERROR_CODE, result.errorCode());
    data.put(ERROR_MESSAGE, result.errorMessage());
    data.put(CLIENT_ORDER_ID, result.clientOrderId());
    data.put(STATUS, result.status().wire());
    data.put(FILLED_QUANTITY, result.filledQuantity());
  }

  private static String account(JsonNode parameters) throws GatewayRefusal {
    JsonNode account = parameters == null ? null : parameters.get(ACCOUNT);
    if (account == null || !account.isTextual() || account.textValue().isBlank()) {
      throw new GatewayRefusal(
          ErrorCode.MISSING_ACCOUNT,
          "get_positions needs parameters.account, a non-blank string, but it was "
              + describe(account));
    }
    return account.textValue();
  }

  private ObjectNode positions(String account) throws GatewayRefusal {
    List<Position> positions;
    try {
      positions = getPositions.getPositions(new GetPositionsQuery(account));
    } catch (RuntimeException e) {
      LOG.error("Position query for {} failed", UntrustedText.quote(account), e);
      throw new GatewayRefusal(
          ErrorCode.POSITION_QUERY_ERROR, "position query failed: " + e.getMessage());
    }
    if (positions == null) {
      throw new GatewayRefusal(ErrorCode.PROCESSING_ERROR, "position query gave no answer");
    }
    ObjectNode data = mapper.createObjectNode();
    ArrayNode list = data.putArray(POSITIONS);
    for (Position position : positions) {
      ObjectNode item = list.addObject();
      item.put(ACCOUNT, position.account());
      item.put(ITEM_CODE, position.itemCode());
      item.put(QUANTITY, position.quantity());
      item.put(AVERAGE_PRICE, position.averagePrice().toBigDecimal());
      item.put(UNREALIZED_PNL, position.unrealizedPnl().toBigDecimal());
      item.put(LAST_PRICE, position.lastPrice().toBigDecimal());
      item.put(REALIZED_PNL, position.realizedPnl().toBigDecimal());
      item.put(UNREALIZED_PNL_POINTS, position.unrealizedPnlPoints().toBigDecimal());
      item.put(REALIZED_PNL_POINTS, position.realizedPnlPoints().toBigDecimal());
      item.put(POINT_VALUE, position.pointValue());
    }
    return data;
  }

  private ObjectNode orderStates(JsonNode parameters) throws GatewayRefusal {
    GatewayParameters read = GatewayParameters.of(GET_ORDER_STATES, parameters);
    List<String> ids = read.idList(CLIENT_ORDER_IDS, GetOrderStatesUseCase.MAX_IDS);
    read.check();
    List<OrderUpdate> orders;
    try {
      orders = getOrderStates.orderStates(ids);
    } catch (RuntimeException e) {
      LOG.error("Order state query for {} ids failed", ids.size(), e);
      throw new GatewayRefusal(
          ErrorCode.PROCESSING_ERROR, "order state query failed: " + e.getMessage());
    }
    if (orders == null) {
      throw new GatewayRefusal(ErrorCode.PROCESSING_ERROR, "order state query gave no answer");
    }
    ObjectNode data = mapper.createObjectNode();
    ArrayNode list = data.putArray(ORDERS);
    for (OrderUpdate order : orders) {
      ObjectNode item = list.addObject();
      item.put(CLIENT_ORDER_ID, order.clientOrderId());
      item.put(STATE, order.state().wire());
      item.put(QUANTITY, order.quantity());
      item.put(FILLED_QUANTITY, order.filledQuantity());
      item.put(FILLED_COST, GatewayJson.decimal(order.filledCostUnits()));
      item.put(AVERAGE_FILL_PRICE, GatewayJson.decimal(order.averageFillPriceUnits()));
      item.put(ERROR_CODE, order.errorCode());
      item.put(REASON, order.reason());
    }
    return data;
  }

  private ObjectNode conditionChanged(JsonNode parameters) throws GatewayRefusal {
    GatewayParameters read = GatewayParameters.of(CONDITION_CHANGED, parameters);
    String changeText = read.text(CHANGE);
    ConditionCommand.Change change = null;
    if (changeText != null) {
      try {
        change = ConditionCommand.Change.fromWire(changeText);
        if (change == ConditionCommand.Change.CLOSED) {
          // Only the main process's own flatten says lots were closed; no client may claim it.
          throw new IllegalArgumentException("closed is not an operator's change");
        }
      } catch (IllegalArgumentException e) {
        read.problem(
            CHANGE
                + " must be \""
                + ConditionCommand.Change.ADDED.wire()
                + "\" or \""
                + ConditionCommand.Change.DELETED.wire()
                + "\" but was "
                + describe(parameters.get(CHANGE)));
      }
    }
    long conditionId = read.positiveLong(CONDITION_ID);
    read.check();
    long commandId;
    try {
      commandId = relayConditionChange.relay(change, conditionId);
    } catch (RuntimeException e) {
      LOG.error("Relaying {} of condition {} failed", change.wire(), conditionId, e);
      throw new GatewayRefusal(
          ErrorCode.PROCESSING_ERROR, "relaying the condition change failed: " + e.getMessage());
    }
    ObjectNode data = mapper.createObjectNode();
    data.put(COMMAND_ID, commandId);
    return data;
  }

  private ObjectNode strategyAck(JsonNode parameters) throws GatewayRefusal {
    long commandId = commandId(STRATEGY_ACK, parameters);
    try {
      relayConditionChange.acknowledge(commandId);
    } catch (RuntimeException e) {
      LOG.error("Acknowledging command {} failed", commandId, e);
      throw new GatewayRefusal(
          ErrorCode.PROCESSING_ERROR,
          "acknowledging command " + commandId + " failed: " + e.getMessage());
    }
    ObjectNode data = mapper.createObjectNode();
    data.put(ACKNOWLEDGED, true);
    return data;
  }

  private ObjectNode commandStatus(JsonNode parameters) throws GatewayRefusal {
    long commandId = commandId(COMMAND_STATUS, parameters);
    boolean acknowledged;
    try {
      acknowledged = relayConditionChange.isAcknowledged(commandId);
    } catch (RuntimeException e) {
      LOG.error("Status query of command {} failed", commandId, e);
      throw new GatewayRefusal(
          ErrorCode.PROCESSING_ERROR,
          "status query of command " + commandId + " failed: " + e.getMessage());
    }
    ObjectNode data = mapper.createObjectNode();
    data.put(ACKNOWLEDGED, acknowledged);
    return data;
  }

  private static long commandId(String operation, JsonNode parameters) throws GatewayRefusal {
    GatewayParameters read = GatewayParameters.of(operation, parameters);
    long commandId = read.positiveLong(COMMAND_ID);
    read.check();
    return commandId;
  }

  private ObjectNode success(ObjectNode data) {
    ObjectNode reply = mapper.createObjectNode();
    reply.put(SUCCESS, true);
    reply.set(DATA, data);
    return reply;
  }

  private byte[] write(ObjectNode reply) {
    try {
      return mapper.writeValueAsBytes(reply);
    } catch (JsonProcessingException e) {
      LOG.error("Could not serialise a gateway reply", e);
      return LAST_RESORT_REPLY.clone();
    }
  }
}
