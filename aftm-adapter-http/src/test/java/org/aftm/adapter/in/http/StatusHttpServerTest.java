package org.aftm.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.CheckReadinessUseCase.ReadinessReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusHttpServerTest {

  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final HttpClient client = HttpClient.newHttpClient();
  private StatusHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerHealthWithTheBrokersRealState() throws Exception {
    server =
        StatusHttpServer.start(
            "127.0.0.1",
            0,
            () -> new HealthReport(healthy.get(), true, healthy.get(), "CLOSED", 5),
            Map::of);

    HttpResponse<String> up = get("/health");
    healthy.set(false);
    HttpResponse<String> down = get("/health");

    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("\"status\":\"healthy\"").contains("\"logged_in\":true");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\":\"unhealthy\"");
  }

  @Test
  void shouldServeStatusCountersAndKeepServingAfterAFailure() throws Exception {
    AtomicBoolean fail = new AtomicBoolean(true);
    server =
        StatusHttpServer.start(
            "127.0.0.1",
            0,
            () -> new HealthReport(true, true, true, "CLOSED", 1),
            () -> {
              if (fail.getAndSet(false)) {
                throw new IllegalStateException("boom");
              }
              return Map.of("ticks", 42);
            });

    assertThat(get("/status").statusCode()).isEqualTo(500);
    HttpResponse<String> ok = get("/status");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"ticks\":42}");
  }

  @Test
  void shouldServeMetricsAsPrometheusTextAndReadinessWith200Or503() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(true);
    server =
        StatusHttpServer.start(
            "127.0.0.1",
            0,
            () -> new HealthReport(true, true, true, "CLOSED", 1),
            Map::of,
            new StatusHttpServer.Observability(
                () -> "# TYPE aftm_ticks_total counter\naftm_ticks_total{process=\"main\"} 3\n",
                () ->
                    new ReadinessReport(
                        ready.get(), Map.of("executor", ready.get() ? "ready" : "down"))));

    HttpResponse<String> metrics = get("/metrics");
    HttpResponse<String> up = get("/ready");
    ready.set(false);
    HttpResponse<String> down = get("/ready");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body()).contains("aftm_ticks_total{process=\"main\"} 3");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body())
        .isEqualTo("{\"status\":\"ready\",\"components\":{\"executor\":\"ready\"}}");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\":\"not_ready\"").contains("\"executor\":\"down\"");
  }

  @Test
  void shouldAnswer500WhenTheScrapeFailsAndRefuseAPost() throws Exception {
    server =
        StatusHttpServer.start(
            "127.0.0.1",
            0,
            () -> new HealthReport(true, true, true, "CLOSED", 1),
            Map::of,
            new StatusHttpServer.Observability(
                () -> {
                  throw new IllegalStateException("registry closed");
                },
                () -> new ReadinessReport(true, Map.of())));

    assertThat(get("/metrics").statusCode()).isEqualTo(500);
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
