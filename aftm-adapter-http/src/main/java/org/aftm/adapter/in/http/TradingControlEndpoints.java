package org.aftm.adapter.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's controls on the status server (docs/architecture.md §12): {@code GET /trading},
 * {@code POST /trading/halt}, {@code /trading/reduce}, {@code /trading/resume}, {@code
 * /trading/flatten} and {@code POST /reconcile}. Parameters come as a query string or a JSON object
 * body; an unknown or malformed one is a 400 naming it, so a typo (say {@code acept_broker}) never
 * does something else than asked.
 *
 * <p>These endpoints change what the system trades (a flatten sends market orders), so every POST
 * must carry {@code Authorization: Bearer <token>} with the install's control token ({@link
 * ControlToken}); without it the answer is a 401 with {@code WWW-Authenticate: Bearer}, since
 * loopback alone lets any local process of any user in. A POST that a web browser could send on a
 * page's behalf is refused as well: one with an {@code Origin} header (cross-site forms) or with a
 * {@code Host} that is not a loopback name (DNS rebinding). The GETs are read-only and stay open.
 * Served on the status server's one thread.
 */
final class TradingControlEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(TradingControlEndpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Most characters of a reason or note; the same limit as the gateway's. */
  static final int MAX_TEXT_LENGTH = 200;

  /** Most bytes of a request body. */
  static final int MAX_BODY_BYTES = 8 * 1024;

  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

  private final ControlTradingUseCase control;
  private final ReconcileUseCase reconcile;
  private final ControlToken token;

  TradingControlEndpoints(
      ControlTradingUseCase control, ReconcileUseCase reconcile, ControlToken token) {
    this.control = control;
    this.reconcile = reconcile;
    this.token = token;
  }

  void register(HttpServer server) {
    server.createContext("/trading", exchange -> serve(exchange, this::trading));
    server.createContext("/reconcile", exchange -> serve(exchange, this::reconcile));
  }

  private Response trading(HttpExchange exchange) throws BadRequest, IOException {
    String path = exchange.getRequestURI().getPath();
    switch (path) {
      case "/trading", "/trading/":
        requireMethod(exchange, "GET");
        parameters(exchange, Set.of());
        return new Response(200, status(control.tradingStatus()));
      case "/trading/halt":
        return changeState(exchange, reason -> control.halt(reason), "halted by the operator");
      case "/trading/reduce":
        return changeState(exchange, control::reduce, "reducing by the operator");
      case "/trading/resume":
        return changeState(exchange, control::resume, "resumed by the operator");
      case "/trading/flatten":
        return flatten(exchange);
      default:
        return new Response(404, Map.of("error", "no such endpoint: " + path));
    }
  }

  private interface StateChange {
    TradingStatus apply(String reason);
  }

  private Response changeState(HttpExchange exchange, StateChange change, String defaultReason)
      throws BadRequest, IOException {
    requirePost(exchange);
    Map<String, String> parameters = parameters(exchange, Set.of("reason"));
    String reason = text(parameters, "reason");
    return new Response(200, status(change.apply(reason == null ? defaultReason : reason)));
  }

  private Response flatten(HttpExchange exchange) throws BadRequest, IOException {
    requirePost(exchange);
    Map<String, String> parameters = parameters(exchange, Set.of("item_code"));
    String item = text(parameters, "item_code");
    FlattenReport report = control.flatten(Optional.ofNullable(item));
    List<Map<String, Object>> orders = new ArrayList<>();
    for (OrderResult result : report.orders()) {
      Map<String, Object> order = new LinkedHashMap<>();
      order.put("client_order_id", result.clientOrderId());
      order.put("sent", result.sent());
      order.put("status", result.status().wire());
      order.put("filled_quantity", result.filledQuantity());
      order.put("error_code", result.errorCode());
      order.put("error_message", result.errorMessage());
      order.put("note", result.note());
      orders.add(order);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orders", orders);
    body.put("all_sent", report.allSent());
    return new Response(200, body);
  }

  private Response reconcile(HttpExchange exchange) throws BadRequest, IOException {
    if (!exchange.getRequestURI().getPath().equals("/reconcile")) {
      return new Response(404, Map.of("error", "no such endpoint"));
    }
    requirePost(exchange);
    Map<String, String> parameters = parameters(exchange, Set.of("accept_broker", "note"));
    String accept = parameters.getOrDefault("accept_broker", "false");
    if (!accept.equals("true") && !accept.equals("false")) {
      throw new BadRequest("accept_broker", "accept_broker must be true or false");
    }
    String note = text(parameters, "note");
    ReconciliationReport report =
        accept.equals("true")
            ? reconcile.acceptBroker(note == null ? "accepted by the operator" : note)
            : reconcile.reconcile();
    List<Map<String, Object>> differences = new ArrayList<>();
    for (Difference d : report.differences()) {
      Map<String, Object> difference = new LinkedHashMap<>();
      difference.put("kind", d.kind());
      difference.put("subject", d.subject());
      difference.put("broker", d.broker());
      difference.put("aftm", d.aftm());
      differences.add(difference);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orders_resolved", report.ordersResolved());
    body.put("accepted_broker", report.acceptedBroker());
    body.put("agrees", report.agrees());
    body.put("differences", differences);
    return new Response(200, body);
  }

  static Map<String, Object> status(TradingStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", status.state().wire());
    body.put("reason", status.reason());
    body.put("automatic", status.automatic());
    body.put("since_ms", status.sinceMillis());
    return body;
  }

  /** An optional text parameter: 1 to 200 characters without control characters. */
  private static String text(Map<String, String> parameters, String name) throws BadRequest {
    String value = parameters.get(name);
    if (value == null) {
      return null;
    }
    if (value.isBlank()
        || value.length() > MAX_TEXT_LENGTH
        || value.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequest(
          name,
          name + " must be 1 to " + MAX_TEXT_LENGTH + " characters without control characters");
    }
    return value;
  }

  private static void requireMethod(HttpExchange exchange, String method) throws BadRequest {
    if (!method.equals(exchange.getRequestMethod())) {
      throw new MethodNotAllowed(method);
    }
  }

  private void requirePost(HttpExchange exchange) throws BadRequest {
    requireMethod(exchange, "POST");
    if (exchange.getRequestHeaders().getFirst("Origin") != null) {
      throw new BadRequest(
          403, null, "requests from web pages (with an Origin header) are refused");
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    String name = host == null ? "" : host.replaceFirst(":\\d+$", "");
    if (!LOOPBACK_HOSTS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      throw new BadRequest(403, null, "the Host header must name the loopback address");
    }
    Optional<String> refusal =
        token.refusal(exchange.getRequestHeaders().getFirst("Authorization"));
    if (refusal.isPresent()) {
      // The header is never logged: a near miss is the token itself.
      LOG.warn(
          "{} {} refused: {}",
          UntrustedText.quote(exchange.getRequestMethod(), 16),
          UntrustedText.quote(exchange.getRequestURI()),
          refusal.get());
      throw new Unauthorized(refusal.get());
    }
  }

  /**
   * The query's parameters and the JSON body's fields (strings, booleans as {@code true}/{@code
   * false}); a name outside {@code allowed}, a repeated one or a malformed body is refused.
   */
  private static Map<String, String> parameters(HttpExchange exchange, Set<String> allowed)
      throws BadRequest, IOException {
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        put(parameters, allowed, name, value);
      }
    }
    byte[] body = body(exchange);
    if (body.length > 0) {
      JsonNode node;
      try {
        node = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new BadRequest("body", "the body must be a JSON object: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new BadRequest("body", "the body must be a JSON object");
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = field.getValue();
        if (!value.isTextual() && !value.isBoolean()) {
          throw new BadRequest(field.getKey(), field.getKey() + " must be a string or a boolean");
        }
        put(parameters, allowed, field.getKey(), value.asText());
      }
    }
    return parameters;
  }

  private static void put(
      Map<String, String> parameters, Set<String> allowed, String name, String value)
      throws BadRequest {
    if (!allowed.contains(name)) {
      throw new BadRequest(
          name,
          "unknown parameter "
              + shorten(name)
              + (allowed.isEmpty() ? "; none is taken" : "; known: " + String.join(", ", allowed)));
    }
    if (parameters.putIfAbsent(name, value) != null) {
      throw new BadRequest(name, name + " is given twice");
    }
  }

  private static String decode(String text) throws BadRequest {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("query", "the query string is not URL-encoded: " + e.getMessage());
    }
  }

  private static byte[] body(HttpExchange exchange) throws BadRequest, IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new BadRequest(413, "body", "the body exceeds " + MAX_BODY_BYTES + " bytes");
      }
      return body;
    }
  }

  private static String shorten(String text) {
    return UntrustedText.escape(text, 40);
  }

  record Response(int code, Object body) {}

  private interface Endpoint {
    Response answer(HttpExchange exchange) throws BadRequest, IOException;
  }

  private static void serve(HttpExchange exchange, Endpoint endpoint) throws IOException {
    try (exchange) {
      Response response;
      try {
        response = endpoint.answer(exchange);
      } catch (MethodNotAllowed e) {
        exchange.getResponseHeaders().set("Allow", e.allowed);
        response = new Response(405, Map.of("error", e.getMessage()));
      } catch (BadRequest e) {
        if (e instanceof Unauthorized) {
          exchange.getResponseHeaders().set("WWW-Authenticate", ControlToken.challenge());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (e.parameter != null) {
          body.put("parameter", e.parameter);
        }
        response = new Response(e.code, body);
      } catch (IllegalStateException e) {
        // The control's own refusal, e.g. a resume while reconciliation differences remain.
        LOG.warn(
            "{} {} refused: {}",
            UntrustedText.quote(exchange.getRequestMethod(), 16),
            UntrustedText.quote(exchange.getRequestURI()),
            UntrustedText.oneLine(String.valueOf(e.getMessage()), UntrustedText.MAX_CHARS));
        response = new Response(409, Map.of("error", String.valueOf(e.getMessage())));
      } catch (RuntimeException e) {
        LOG.error(
            "{} {} failed",
            UntrustedText.quote(exchange.getRequestMethod(), 16),
            UntrustedText.quote(exchange.getRequestURI()),
            e);
        response = new Response(500, Map.of("error", String.valueOf(e.getMessage())));
      }
      send(exchange, response);
    }
  }

  static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] bytes = JSON.writeValueAsString(response.body()).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(response.code(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A request answered with a 4xx naming what is wrong. */
  static class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;
    final String parameter;

    BadRequest(String parameter, String message) {
      this(400, parameter, message);
    }

    BadRequest(int code, String parameter, String message) {
      super(message, null, false, false);
      this.code = code;
      this.parameter = parameter;
    }
  }

  /** A POST without the control token: 401, naming the Authorization header. */
  private static final class Unauthorized extends BadRequest {
    private static final long serialVersionUID = 1L;

    Unauthorized(String message) {
      super(401, "Authorization", message);
    }
  }

  private static final class MethodNotAllowed extends BadRequest {
    private static final long serialVersionUID = 1L;
    final String allowed;

    MethodNotAllowed(String allowed) {
      super(405, null, "only " + allowed + " is served here");
      this.allowed = allowed;
    }
  }
}
