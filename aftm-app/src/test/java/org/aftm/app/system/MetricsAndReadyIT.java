package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.metrics.PrometheusText;
import org.aftm.app.process.ChildRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} and {@code /ready} of the real three processes: after a short run with two
 * orders and two fills, the exposition parses strictly and holds every hop histogram and the
 * counters of all three processes; {@code /ready} turns 503 when the order executor is killed and
 * 200 again once the supervisor restarted it, and the executor's counters go on from their total.
 */
@Timeout(180)
class MetricsAndReadyIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void metricsHoldEveryProcessesFiguresAndReadyFollowsAKilledChild() throws Exception {
    system = new RunningSystem(dataDir, Map.of(ConfigKey.AFTM_HTTP_PORT, "0"));
    int port = system.main.httpPort().orElseThrow();
    system.register(RunningSystem.referenceBuy(2));
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    system.awaitFills(1);
    system.tick(22050);
    system.tick(22100);
    system.awaitFills(2);

    // The children's figures come with their next heartbeat (twice a second).
    PrometheusText metrics =
        await("both orders in the executor's tick → order histogram")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> PrometheusText.parse(get(port, "/metrics").body()),
                m -> hop(m, "executor", "tick_to_order") >= 2);
    assertThat(get(port, "/metrics").headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/plain; version=0.0.4");
    assertThat(hop(metrics, "strategy", "tick_to_strategy")).isGreaterThanOrEqualTo(6);
    assertThat(hop(metrics, "strategy", "strategy_decision")).isGreaterThanOrEqualTo(2);
    assertThat(hop(metrics, "executor", "signal_to_executor")).isGreaterThanOrEqualTo(2);
    assertThat(hop(metrics, "executor", "executor_to_gateway_reply")).isGreaterThanOrEqualTo(2);
    assertThat(
            metrics.value(
                "aftm_hop_latency_seconds_bucket",
                Map.of("process", "executor", "hop", "tick_to_order", "le", "+Inf")))
        .contains(hop(metrics, "executor", "tick_to_order"));
    assertThat(metrics.families().get("aftm_hop_latency_seconds").type()).isEqualTo("histogram");
    assertThat(value(metrics, "aftm_ticks_total", "process", "main")).isGreaterThanOrEqualTo(6);
    assertThat(value(metrics, "aftm_ticks_total", "process", "strategy")).isGreaterThanOrEqualTo(6);
    assertThat(value(metrics, "aftm_signals_total", "process", "strategy")).isEqualTo(2);
    assertThat(value(metrics, "aftm_signals_total", "process", "executor")).isEqualTo(2);
    assertThat(
            metrics.value(
                "aftm_orders_total", Map.of("process", "main", "outcome", "accepted", "code", "")))
        .contains(2.0);
    assertThat(value(metrics, "aftm_fills_total", "process", "main")).isEqualTo(2);
    assertThat(
            metrics.value(
                "aftm_gateway_requests_total", Map.of("process", "main", "result", "answered")))
        .contains(2.0);
    assertThat(metrics.value("aftm_trading_state", Map.of("state", "ACTIVE"))).contains(1.0);
    assertThat(value(metrics, "aftm_breaker_open", "process", "main")).isZero();
    assertThat(value(metrics, "aftm_process_up", "process", "executor")).isEqualTo(1);
    assertThat(metrics.value("aftm_position_lots", Map.of("process", "main", "item_code", "TXF")))
        .isPresent();
    assertThat(
            metrics.value(
                "aftm_pnl_points",
                Map.of("process", "main", "item_code", "TXF", "kind", "realized")))
        .contains(230.0);

    Answer ready = get(port, "/ready");
    assertThat(ready.code()).as(ready.body()).isEqualTo(200);
    JsonNode components = JSON.readTree(ready.body()).path("components");
    assertThat(components.path("broker_login").asText()).isEqualTo("logged_in");
    assertThat(components.path("strategy").asText()).isEqualTo("ready");
    assertThat(components.path("executor").asText()).isEqualTo("ready");
    assertThat(components.path("gateway").asText()).isEqualTo("healthy");
    assertThat(components.path("breaker").asText()).isEqualTo("closed");

    Process executor = system.main.supervisor().process(ChildRole.ORDER_EXECUTOR);
    long oldPid = executor.pid();
    executor.destroyForcibly().waitFor();
    Answer notReady =
        await("/ready says 503")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> get(port, "/ready"), a -> a.code() == 503);
    assertThat(JSON.readTree(notReady.body()).path("components").path("executor").asText())
        .isIn("down", "starting", "silent");
    assertThat(JSON.readTree(notReady.body()).path("status").asText()).isEqualTo("not_ready");
    await("/ready says 200 again once the executor is restarted")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(port, "/ready").code() == 200);
    assertThat(system.main.supervisor().process(ChildRole.ORDER_EXECUTOR).pid())
        .isNotEqualTo(oldPid);
    // The new executor counts from 0; what is served goes on from the total.
    await("the new executor's heartbeat")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> system.main.childReport(ChildRole.ORDER_EXECUTOR).orElseThrow().pid() != oldPid);
    assertThat(system.main.childReport(ChildRole.ORDER_EXECUTOR).orElseThrow().counter("signals"))
        .isZero();
    PrometheusText after = PrometheusText.parse(get(port, "/metrics").body());
    assertThat(value(after, "aftm_signals_total", "process", "executor")).isEqualTo(2);
    assertThat(hop(after, "executor", "tick_to_order")).isGreaterThanOrEqualTo(2);
    assertThat(
            after.value("aftm_child_restarts_total", Map.of("process", "main", "role", "executor")))
        .contains(1.0);
    assertThat(system.main.statusSnapshot().get("order-executor"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("signals", 2L);
  }

  private static double hop(PrometheusText metrics, String process, String hop) {
    return metrics
        .value("aftm_hop_latency_seconds_count", Map.of("process", process, "hop", hop))
        .orElse(-1.0);
  }

  private static double value(PrometheusText metrics, String name, String key, String value) {
    return metrics.value(name, Map.of(key, value)).orElse(-1.0);
  }

  private record Answer(int code, String body, java.net.http.HttpHeaders headers) {}

  private static Answer get(int port, String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
