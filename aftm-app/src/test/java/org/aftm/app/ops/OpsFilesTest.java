package org.aftm.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aftm.app.alert.AlertRule;
import org.aftm.app.alert.AlertSettings;
import org.aftm.app.config.ConfigKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboards and rules under ops/: which metric names they query (the names {@code
 * OpsMetricsServedIT} checks against a real {@code /metrics}), and that the Prometheus rules are
 * the process's own alert rules.
 */
class OpsFilesTest {

  @Test
  void theExtractorFindsNamesInExpressionsOnly() throws IOException {
    assertThat(
            PromqlMetricNames.in(
                "histogram_quantile(0.95, sum by (le) (rate(aftm_hop_latency_seconds_bucket"
                    + "{hop=\"tick_to_order\"}[1m]))) > 0.1 and xaftm_not_this + aftm_ticks_total"))
        .containsExactly("aftm_hop_latency_seconds_bucket", "aftm_ticks_total");
    java.nio.file.Path rules = Files.createTempFile("rules", ".yml");
    try {
      Files.writeString(
          rules,
          "groups:\n"
              + "  - name: x\n"
              + "    rules:\n"
              + "      # aftm_in_a_comment\n"
              + "      - alert: a\n"
              + "        expr: aftm_one > 0\n"
              + "        for: 0s\n"
              + "      - expr: >-\n"
              + "          aftm_two\n"
              + "            / aftm_three\n"
              + "        labels: {}\n");
      assertThat(PromqlMetricNames.ruleExpressions(rules))
          .containsExactly("aftm_one > 0", "aftm_two\n/ aftm_three");
    } finally {
      Files.delete(rules);
    }
  }

  @Test
  void theShippedFilesQueryExactlyTheseNames() throws IOException {
    assertThat(PromqlMetricNames.shipped())
        .containsExactlyInAnyOrder(
            "aftm_alerts_fired_total",
            "aftm_breaker_open",
            "aftm_child_restarts_total",
            "aftm_fills_total",
            "aftm_gateway_requests_total",
            "aftm_hop_latency_seconds_bucket",
            "aftm_link_connected",
            "aftm_messages_dropped_total",
            "aftm_order_retries_total",
            "aftm_orders_total",
            "aftm_pnl_points",
            "aftm_pnl_twd",
            "aftm_position_lots",
            "aftm_process_ready",
            "aftm_process_up",
            "aftm_queue_depth",
            "aftm_reconnects_total",
            "aftm_signals_total",
            "aftm_tick_gaps_total",
            "aftm_ticks_total",
            "aftm_trading_state");
  }

  @Test
  void everyDashboardPanelQueriesSomething() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(PromqlMetricNames.DASHBOARD.toFile());
    assertThat(dashboard.path("title").asText()).isEqualTo("AFTM");
    List<String> empty = new ArrayList<>();
    int panels = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      panels++;
      boolean queries = false;
      for (JsonNode target : panel.path("targets")) {
        queries |= !PromqlMetricNames.in(target.path("expr").asText()).isEmpty();
      }
      if (!queries) {
        empty.add(panel.path("title").asText());
      }
    }
    assertThat(panels).isGreaterThanOrEqualTo(10);
    assertThat(empty).as("panels without an AFTM query").isEmpty();
  }

  @Test
  void thePrometheusRulesAreTheProcesssRulesWithItsDurations() throws IOException {
    String rules = Files.readString(PromqlMetricNames.RULES);
    AlertSettings defaults = AlertSettings.defaults();
    Pattern alert =
        Pattern.compile(
            "- alert: ([a-z_0-9]+)\\n(?:.*\\n)*?\\s+for: (\\d+)s\\n\\s+keep_firing_for: (\\d+)s");
    Matcher matcher = alert.matcher(rules);
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      String name = matcher.group(1);
      names.add(name);
      long forSeconds = Long.parseLong(matcher.group(2));
      boolean downRule = name.endsWith("_down");
      assertThat(forSeconds)
          .as("for: of %s", name)
          .isEqualTo(downRule ? (long) defaults.downSeconds() : 0);
      assertThat(Long.parseLong(matcher.group(3)))
          .as("keep_firing_for: of %s", name)
          .isEqualTo(defaults.hold().toSeconds());
    }
    assertThat(names)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(AlertRule.values()).map(AlertRule::alertName).toList());
    assertThat(PromqlMetricNames.ruleExpressions(PromqlMetricNames.RULES))
        .hasSize(AlertRule.values().length)
        .allSatisfy(e -> assertThat(PromqlMetricNames.in(e)).isNotEmpty())
        .anySatisfy(e -> assertThat(e).startsWith("(sum(increase(aftm_orders_total{outcome=~"));
    assertThat(rules)
        .contains("> 0.1") // 100 ms
        .contains("> 0.05")
        .contains(">= " + defaults.errorRateMinRequests())
        .contains("> 0.01")
        .contains(">= " + defaults.failedOrdersMinOrders());
  }

  @Test
  void theScrapeConfigurationReadsTheStatusPortAndTheRules() throws IOException {
    String prometheus =
        Files.readString(PromqlMetricNames.ROOT.resolve("ops/prometheus/prometheus.yml"));
    assertThat(prometheus)
        .contains("  - aftm-alerts.yml")
        .contains("metrics_path: /metrics")
        .contains("job_name: aftm")
        .contains(
            "\""
                + ConfigKey.AFTM_HTTP_HOST.defaultValue()
                + ":"
                + ConfigKey.AFTM_HTTP_PORT.defaultValue()
                + "\"");
    // The gateway_down rule's `up{job="aftm"}` is this job's.
    assertThat(Files.readString(PromqlMetricNames.RULES)).contains("up{job=\"aftm\"}");
  }

  /**
   * Prometheus's own check and the rules' unit tests ({@code ops/prometheus/aftm-alerts-test.yml}),
   * where {@code promtool} is installed; skipped elsewhere.
   */
  @Test
  void promtoolAcceptsTheConfigurationAndTheRulesPassTheirTests() throws Exception {
    Path promtool =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .map(dir -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(promtool != null, "promtool is not installed");
    Path directory = PromqlMetricNames.ROOT.resolve("ops/prometheus");
    for (List<String> check :
        List.of(
            List.of("check", "config", "prometheus.yml"),
            List.of("test", "rules", "aftm-alerts-test.yml"))) {
      List<String> command = new ArrayList<>();
      command.add(promtool.toString());
      command.addAll(check);
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("promtool %s: %s", check, output).isZero();
    }
  }
}
