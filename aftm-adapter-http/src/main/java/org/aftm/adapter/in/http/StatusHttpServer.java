package org.aftm.adapter.in.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.aftm.application.port.in.CheckHealthUseCase;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.CheckReadinessUseCase;
import org.aftm.application.port.in.CheckReadinessUseCase.ReadinessReport;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.application.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main process's status page on loopback: {@code GET /health} (200 when the broker is really
 * usable, else 503) and {@code GET /status} (counters and latencies as JSON), read-only; when
 * started with them, {@code GET /metrics} (Prometheus text) and {@code GET /ready} (200 or 503,
 * each component's state as JSON), and the operator's trading controls ({@link
 * TradingControlEndpoints}), whose POSTs require the install's bearer token and refuse requests a
 * web page could send.
 *
 * <p>Requests are served on one daemon thread named {@code status-http}.
 */
public final class StatusHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusHttpServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  private StatusHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving.
   *
   * @param host the host to bind (loopback)
   * @param port the port, 0 for any free one
   * @param health the health use case
   * @param status a snapshot of counters, called per request on the server thread
   */
  public static StatusHttpServer start(
      String host, int port, CheckHealthUseCase health, Supplier<Map<String, Object>> status)
      throws IOException {
    return start(host, port, health, status, Optional.empty());
  }

  /**
   * Binds and starts serving, with the operator's controls: {@code GET /trading}, {@code POST
   * /trading/halt}, {@code /trading/reduce}, {@code /trading/resume}, {@code /trading/flatten} and
   * {@code POST /reconcile} (see {@link TradingControlEndpoints}). Every POST must carry {@code
   * Authorization: Bearer <controlToken>}, else it is answered 401; the GETs stay open.
   *
   * @param control the trading state's controls
   * @param reconcile the reconciliation
   * @param controlToken the per-install secret the POSTs must present; only its digest is kept
   */
  public static StatusHttpServer start(
      String host,
      int port,
      CheckHealthUseCase health,
      Supplier<Map<String, Object>> status,
      ControlTradingUseCase control,
      ReconcileUseCase reconcile,
      String controlToken)
      throws IOException {
    return start(
        host,
        port,
        health,
        status,
        Optional.of(
            new TradingControlEndpoints(
                Objects.requireNonNull(control, "control"),
                Objects.requireNonNull(reconcile, "reconcile"),
                new ControlToken(controlToken))),
        Optional.empty());
  }

  private static StatusHttpServer start(
      String host,
      int port,
      CheckHealthUseCase health,
      Supplier<Map<String, Object>> status,
      Optional<TradingControlEndpoints> controls)
      throws IOException {
    return start(host, port, health, status, controls, Optional.empty());
  }

  /**
   * What {@code GET /metrics} and {@code GET /ready} serve.
   *
   * @param metrics the Prometheus text exposition (format 0.0.4) of all metrics, called per request
   *     on the server thread
   * @param readiness whether the system is ready to trade
   */
  public record Observability(Supplier<String> metrics, CheckReadinessUseCase readiness) {
    public Observability {
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(readiness, "readiness");
    }
  }

  /**
   * Binds and starts serving, read-only: {@code /health}, {@code /status}, and {@link
   * Observability}'s {@code /metrics} and {@code /ready}.
   */
  public static StatusHttpServer start(
      String host,
      int port,
      CheckHealthUseCase health,
      Supplier<Map<String, Object>> status,
      Observability observability)
      throws IOException {
    return start(host, port, health, status, Optional.empty(), Optional.of(observability));
  }

  /**
   * As {@link #start(String, int, CheckHealthUseCase, Supplier, ControlTradingUseCase,
   * ReconcileUseCase, String)}, and also serving {@code GET /metrics} and {@code GET /ready}.
   */
  public static StatusHttpServer start(
      String host,
      int port,
      CheckHealthUseCase health,
      Supplier<Map<String, Object>> status,
      ControlTradingUseCase control,
      ReconcileUseCase reconcile,
      String controlToken,
      Observability observability)
      throws IOException {
    return start(
        host,
        port,
        health,
        status,
        Optional.of(
            new TradingControlEndpoints(
                Objects.requireNonNull(control, "control"),
                Objects.requireNonNull(reconcile, "reconcile"),
                new ControlToken(controlToken))),
        Optional.of(observability));
  }

  private static StatusHttpServer start(
      String host,
      int port,
      CheckHealthUseCase health,
      Supplier<Map<String, Object>> status,
      Optional<TradingControlEndpoints> controls,
      Optional<Observability> observability)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "status-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/health",
        exchange ->
            serve(
                exchange,
                () -> {
                  HealthReport report = health.checkHealth();
                  Map<String, Object> body = new LinkedHashMap<>();
                  body.put("status", report.healthy() ? "healthy" : "unhealthy");
                  body.put("exchange_connected", report.exchangeConnected());
                  body.put("logged_in", report.loggedIn());
                  body.put("breaker_state", report.breakerState());
                  body.put("uptime_seconds", report.uptimeSeconds());
                  return new Response(report.healthy() ? 200 : 503, body);
                }));
    server.createContext(
        "/status", exchange -> serve(exchange, () -> new Response(200, status.get())));
    observability.ifPresent(served -> serveObservability(server, served));
    controls.ifPresent(endpoints -> endpoints.register(server));
    server.start();
    LOG.info("Status HTTP server on http://{}:{}/status", host, server.getAddress().getPort());
    return new StatusHttpServer(server, executor);
  }

  private static void serveObservability(HttpServer server, Observability served) {
    server.createContext("/metrics", exchange -> serveMetrics(exchange, served.metrics()));
    server.createContext(
        "/ready",
        exchange ->
            serve(
                exchange,
                () -> {
                  ReadinessReport report = served.readiness().checkReadiness();
                  Map<String, Object> body = new LinkedHashMap<>();
                  body.put("status", report.ready() ? "ready" : "not_ready");
                  body.put("components", report.components());
                  return new Response(report.ready() ? 200 : 503, body);
                }));
  }

  private static void serveMetrics(HttpExchange exchange, Supplier<String> metrics)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, Map.of("error", "only GET is served"));
        return;
      }
      String text;
      try {
        text = metrics.get();
      } catch (RuntimeException e) {
        LOG.warn("Metrics scrape failed", e);
        send(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
        return;
      }
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private record Response(int code, Object body) {}

  private interface ResponseSource {
    Response get();
  }

  private static void serve(HttpExchange exchange, ResponseSource source) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, Map.of("error", "only GET is served"));
        return;
      }
      Response response;
      try {
        response = source.get();
      } catch (RuntimeException e) {
        LOG.warn("Status request {} failed", UntrustedText.quote(exchange.getRequestURI()), e);
        response = new Response(500, Map.of("error", String.valueOf(e.getMessage())));
      }
      send(exchange, response.code(), response.body());
    }
  }

  private static void send(HttpExchange exchange, int code, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
