package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.ops.MetricsExposition;
import org.aftm.app.ops.PromqlMetricNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the shipped dashboard and alert rules query is served by the real {@code /metrics}
 * after a short run of the three processes with a round trip of orders and fills: for a histogram's
 * {@code _bucket}, also its {@code _count} and {@code _sum}; and each selector's equality matchers
 * ({@code state="ACTIVE"}, {@code hop="tick_to_order"}) are carried by at least one served series
 * of its name.
 */
@Timeout(240)
class OpsMetricsServedIT {

  @TempDir Path dataDir;

  @Test
  void everyQueriedMetricIsServed() throws Exception {
    Set<String> queried = PromqlMetricNames.shipped();
    List<PromqlMetricNames.Selector> selectors = PromqlMetricNames.shippedSelectors();
    assertThat(selectors).as("the shipped queries have label matchers to check").isNotEmpty();
    try (RunningSystem system = new RunningSystem(dataDir, Map.of(ConfigKey.AFTM_HTTP_PORT, "0"))) {
      // The reference trace: ticks, signals, a buy and a sell order, two fills.
      system.register(RunningSystem.referenceBuy(1));
      for (long price : new long[] {22010, 21990, 21950, 21985}) {
        system.tick(price);
      }
      system.awaitFills(1);
      system.tick(22050);
      system.tick(22100);
      system.awaitFills(2);
      HttpClient client = HttpClient.newHttpClient();
      URI metrics =
          URI.create("http://127.0.0.1:" + system.main.httpPort().orElseThrow() + "/metrics");
      // A scrape after the round trip: counters and gauges of children arrive with heartbeats.
      // The assertion names what is missing when the deadline passes.
      await("every queried metric served")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                HttpResponse<String> response =
                    client.send(
                        HttpRequest.newBuilder(metrics).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                Set<String> served = MetricsExposition.servedNames(response.body());
                assertThat(served)
                    .as("names the dashboard and the alert rules query")
                    .containsAll(MetricsExposition.expected(queried));
                assertThat(MetricsExposition.unmatched(selectors, response.body()))
                    .as("selectors whose label values no served series carries")
                    .isEmpty();
              });
    }
  }
}
