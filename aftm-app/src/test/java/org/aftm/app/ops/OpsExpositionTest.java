package org.aftm.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftm.app.ops.PromqlMetricNames.Selector;
import org.junit.jupiter.api.Test;

/** {@link MetricsExposition}: the part of the served-metrics check that needs no running system. */
class OpsExpositionTest {

  @Test
  void aHistogramIsExpectedWithItsCountAndSum() {
    assertThat(MetricsExposition.expected(Set.of("aftm_x_seconds_bucket", "aftm_y_total")))
        .containsExactly(
            "aftm_x_seconds_bucket", "aftm_x_seconds_count", "aftm_x_seconds_sum", "aftm_y_total");
  }

  @Test
  void aSelectorsEqualityMatchersAreRead() {
    assertThat(
            PromqlMetricNames.selectorsIn(
                "sum(increase(aftm_orders_total{process=\"main\", outcome=~\"rejected|refused\","
                    + " code!=\"\"}[5m])) / sum(aftm_x_total{item_code=\"$item\"})"
                    + " or min(aftm_link_connected{process=\"main\",link=\"a}b\"}) == 0"))
        .containsExactly(
            new Selector("aftm_orders_total", Map.of("process", "main")),
            new Selector("aftm_link_connected", orderedOf("process", "main", "link", "a}b")));
  }

  private static Map<String, String> orderedOf(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void aSelectorWhoseLabelValueNoSeriesCarriesIsUnmatched() {
    String exposition =
        "aftm_trading_state{process=\"main\",state=\"ACTIVE\"} 1.0\n"
            + "aftm_orders_total{process=\"main\",outcome=\"accepted\",code=\"\"} 3.0\n"
            + "aftm_breaker_open 0.0\n";
    Selector active = new Selector("aftm_trading_state", Map.of("state", "ACTIVE"));
    Selector drifted = new Selector("aftm_trading_state", Map.of("state", "active"));
    Selector noCode =
        new Selector("aftm_orders_total", orderedOf("outcome", "accepted", "code", ""));
    Selector refused = new Selector("aftm_orders_total", Map.of("outcome", "refused"));
    Selector unlabelled = new Selector("aftm_breaker_open", Map.of("process", ""));

    assertThat(
            MetricsExposition.unmatched(
                List.of(active, drifted, noCode, refused, unlabelled), exposition))
        .containsExactly(drifted, refused);
  }

  @Test
  void seriesNamesAreReadFromTheExposition() {
    String exposition =
        "# HELP aftm_ticks_total Ticks\n"
            + "# TYPE aftm_ticks_total counter\n"
            + "aftm_ticks_total{process=\"main\"} 12.0\n"
            + "aftm_breaker_open 0.0\n"
            + "\n"
            + "aftm_hop_latency_seconds_bucket{hop=\"tick_to_order\",le=\"0.001\"} 3\n";
    assertThat(MetricsExposition.servedNames(exposition))
        .containsExactly(
            "aftm_breaker_open", "aftm_hop_latency_seconds_bucket", "aftm_ticks_total");
  }
}
