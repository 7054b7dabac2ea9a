package org.aftm.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
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
