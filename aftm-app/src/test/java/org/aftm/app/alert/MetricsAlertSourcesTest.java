package org.aftm.app.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.app.alert.AlertSources.Component;
import org.aftm.app.metrics.ChildTotals;
import org.aftm.app.metrics.PrometheusMetrics;
import org.aftm.app.status.LatencyHistogram;
import org.aftm.app.status.OrderFlowMetrics;
import org.aftm.application.port.out.TradingMetrics.OrderOutcome;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.Test;

class MetricsAlertSourcesTest {

  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LatencyHistogram tickToOrder = new LatencyHistogram();
  private final AtomicLong strategyUp = new AtomicLong(1);
  private final AtomicLong brokerUp = new AtomicLong(1);
  private final AtomicReference<TradingState> state = new AtomicReference<>(TradingState.ACTIVE);
  private final AtomicReference<OrderCounts> counts =
      new AtomicReference<>(new OrderCounts(0, 0, 0, 0));
  private boolean withTradingState = true;
  private final AtomicLong breaker = new AtomicLong();

  private MetricsAlertSources sources() {
    Gauge.builder("aftm.process.ready", strategyUp, AtomicLong::get)
        .tags("process", "strategy")
        .register(meters);
    Gauge.builder("aftm.process.ready", () -> 1).tags("process", "executor").register(meters);
    Gauge.builder("aftm.link.connected", brokerUp, AtomicLong::get)
        .tags("process", "main", "link", "broker")
        .register(meters);
    Gauge.builder("aftm.link.connected", () -> 1)
        .tags("process", "main", "link", "gateway")
        .register(meters);
    Gauge.builder("aftm.breaker.open", breaker, AtomicLong::get)
        .tags("process", "main")
        .register(meters);
    for (TradingState s : TradingState.values()) {
      if (withTradingState) {
        Gauge.builder("aftm.trading.state", state, r -> r.get() == s ? 1 : 0)
            .tags("process", "main", "state", s.name())
            .register(meters);
      }
    }
    return new MetricsAlertSources(
        meters, MetricsAlertSourcesTest::label, counts::get, tickToOrder::snapshot, now::get);
  }

  /** The labels the main process gives (ProcessLabel, which this package may not depend on). */
  private static String label(Component component) {
    return switch (component) {
      case GATEWAY -> "main";
      case STRATEGY -> "strategy";
      case EXECUTOR -> "executor";
    };
  }

  private void advanceSeconds(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void aComponentIsDownSinceTheLastCallThatSawItUp() {
    MetricsAlertSources sources = sources();
    advanceSeconds(3);
    assertThat(sources.secondsDown(Component.STRATEGY)).isZero();
    strategyUp.set(0);
    advanceSeconds(4);
    assertThat(sources.secondsDown(Component.STRATEGY)).isCloseTo(4.0, within(1e-9));
    advanceSeconds(8);
    assertThat(sources.secondsDown(Component.STRATEGY)).isCloseTo(12.0, within(1e-9));
    assertThat(sources.secondsDown(Component.EXECUTOR)).isZero();
    strategyUp.set(1);
    assertThat(sources.secondsDown(Component.STRATEGY)).isZero();
  }

  @Test
  void theGatewayIsDownWhileTheBrokerLinkIs() {
    MetricsAlertSources sources = sources();
    brokerUp.set(0);
    advanceSeconds(11);

    assertThat(sources.secondsDown(Component.GATEWAY)).isCloseTo(11.0, within(1e-9));
  }

  @Test
  void neverUpCountsFromTheStart() {
    strategyUp.set(0);
    MetricsAlertSources sources = sources();
    advanceSeconds(2.5);

    assertThat(sources.secondsDown(Component.STRATEGY)).isCloseTo(2.5, within(1e-9));
  }

  @Test
  void theP95IsOverAboutTheLastMinute() {
    MetricsAlertSources sources = sources();
    assertThat(sources.tickToOrderP95Seconds()).as("no order yet").isNaN();
    for (int i = 0; i < 100; i++) {
      tickToOrder.record(300_000_000L); // (200 ms, 500 ms]
    }
    advanceSeconds(10);
    assertThat(sources.tickToOrderP95Seconds()).isCloseTo(0.485, within(1e-9));
    // A minute and more later, fast orders only: the slow ones have left the window.
    advanceSeconds(61);
    sources.tickToOrderP95Seconds();
    for (int i = 0; i < 100; i++) {
      tickToOrder.record(1_500_000L); // (1 ms, 2 ms]
    }
    advanceSeconds(10);
    assertThat(sources.tickToOrderP95Seconds()).isCloseTo(0.00195, within(1e-9));
    advanceSeconds(70);
    assertThat(sources.tickToOrderP95Seconds()).as("nothing in the last minute").isNaN();
  }

  @Test
  void countsComeFromTheCountersStatesAndTheBreakerFromTheGauges() {
    MetricsAlertSources sources = sources();
    counts.set(new OrderCounts(104, 4, 100, 10));

    assertThat(sources.ordersDecided()).isEqualTo(100);
    assertThat(sources.ordersFailed()).isEqualTo(10);
    assertThat(sources.gatewayRequests()).isEqualTo(104);
    assertThat(sources.gatewayErrors()).isEqualTo(4);
    assertThat(sources.breakerOpen()).isFalse();
    assertThat(sources.tradingState()).contains(TradingState.ACTIVE);
    breaker.set(1);
    state.set(TradingState.REDUCING);
    assertThat(sources.breakerOpen()).isTrue();
    assertThat(sources.tradingState()).contains(TradingState.REDUCING);
  }

  @Test
  void aMissingTradingStateGaugeIsNoVerdictNotActive() {
    withTradingState = false;
    MetricsAlertSources sources = sources();

    assertThat(sources.tradingState()).isEmpty();
    assertThat(sources.tradingState()).as("asked again").isEmpty();
  }

  @Test
  void theOrderCountsOfTheGatewaysCounters() {
    OrderFlowMetrics flow = new OrderFlowMetrics();
    for (int i = 0; i < 5; i++) {
      flow.orderAnswered(OrderOutcome.ACCEPTED, null, 0);
    }
    flow.orderAnswered(OrderOutcome.REFUSED, "RISK_LIMIT", 0);
    flow.orderAnswered(OrderOutcome.REFUSED, "STALE_ORDER", 0);
    flow.orderAnswered(OrderOutcome.REJECTED, "BROKER_REJECTED", 0);
    flow.orderAnswered(OrderOutcome.ERROR, "EXCHANGE_UNAVAILABLE", 0);
    flow.duplicateOrderAnswered();

    assertThat(OrderCounts.of(flow)).isEqualTo(new OrderCounts(10, 1, 8, 3));
  }

  /**
   * The main process's real counters and registry, never scraped (AFTM_HTTP_PORT=-1): the refusals
   * count at once, and the failed-orders alert fires on them.
   */
  @Test
  void failedOrdersFireWithoutAnyScrape() {
    OrderFlowMetrics flow = new OrderFlowMetrics();
    PrometheusMetrics prometheus = new PrometheusMetrics(new ChildTotals());
    MetricsAlertSources real =
        new MetricsAlertSources(
            prometheus.meters(),
            MetricsAlertSourcesTest::label,
            () -> OrderCounts.of(flow),
            tickToOrder::snapshot,
            now::get);
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    List<AlertNotice> notices = new ArrayList<>();
    AlertEvaluator evaluator =
        new AlertEvaluator(
            real, AlertSettings.defaults(), clock, notices::add, new SimpleMeterRegistry());
    evaluator.evaluate();
    for (int i = 0; i < 95; i++) {
      flow.orderAnswered(OrderOutcome.ACCEPTED, null, 0);
    }
    for (int i = 0; i < 5; i++) {
      flow.orderAnswered(OrderOutcome.REFUSED, "RISK_LIMIT", 0);
    }
    clock.advance(Duration.ofSeconds(5));
    evaluator.evaluate();

    assertThat(real.ordersFailed()).isEqualTo(5);
    assertThat(evaluator.firing()).contains(AlertRule.FAILED_ORDERS);
  }
}
