package org.aftm.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.app.process.ChildReport;
import org.aftm.app.status.HopHistograms;
import org.aftm.application.port.out.HopLatencyPort.Hop;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

  private final ChildTotals children = new ChildTotals();
  private final PrometheusMetrics metrics = new PrometheusMetrics(children);

  @Test
  void mainsAndTheChildrensSeriesShareOneFamilyEach() {
    AtomicLong published = new AtomicLong(7);
    FunctionCounter.builder("aftm.ticks", published, AtomicLong::get)
        .tag("process", "main")
        .register(metrics.meters());
    HopHistograms strategyHops = new HopHistograms();
    strategyHops.record(Hop.TICK_TO_STRATEGY, 30_000);
    strategyHops.record(Hop.TICK_TO_STRATEGY, 3_000_000);
    HopHistograms executorHops = new HopHistograms();
    executorHops.record(Hop.TICK_TO_ORDER, 2_500_000);
    children.accept(
        new ChildReport(
            "strategy", 11, Map.of("ticks", 5L, "signals", 1L), Map.of(), strategyHops.snapshot()));
    children.accept(
        new ChildReport(
            "order-executor", 12, Map.of("signals", 1L), Map.of(), executorHops.snapshot()));

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertThat(text.samples("aftm_ticks_total"))
        .extracting(s -> s.labels().get("process") + "=" + s.value())
        .containsExactlyInAnyOrder("main=7.0", "strategy=5.0");
    assertThat(text.value("aftm_signals_total", Map.of("process", "executor"))).contains(1.0);
    assertThat(
            text.value(
                "aftm_hop_latency_seconds_count",
                Map.of("process", "strategy", "hop", "tick_to_strategy")))
        .contains(2.0);
    assertThat(
            text.value(
                "aftm_hop_latency_seconds_bucket",
                Map.of("process", "strategy", "hop", "tick_to_strategy", "le", "5.0E-5")))
        .as("30 µs falls in the 50 µs bucket")
        .contains(1.0);
    assertThat(
            text.value(
                "aftm_hop_latency_seconds_sum",
                Map.of("process", "executor", "hop", "tick_to_order")))
        .contains(0.0025);
    // Served before their first observation, so that queries find them.
    assertThat(
            text.value(
                "aftm_hop_latency_seconds_count",
                Map.of("process", "executor", "hop", "signal_to_executor")))
        .contains(0.0);
    assertThat(text.families()).containsKey("aftm_hop_latency_seconds");
  }

  @Test
  void theStrictReaderRefusesAFamilyGivenTwice() {
    String twice =
        "# TYPE a counter\na_total{process=\"main\"} 1\n# TYPE b gauge\nb 1\n"
            + "# TYPE a counter\na_total{process=\"strategy\"} 1\n";

    assertThatThrownBy(() -> PrometheusText.parse(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("second");
  }

  @Test
  void theStrictReaderRefusesBucketsThatAreNotCumulative() {
    String histogram =
        "# TYPE h histogram\nh_bucket{le=\"0.1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 1\n";

    assertThatThrownBy(() -> PrometheusText.parse(histogram)).hasMessageContaining("cumulative");
  }
}
