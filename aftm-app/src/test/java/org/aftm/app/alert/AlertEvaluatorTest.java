package org.aftm.app.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftm.app.alert.AlertNotice.State;
import org.aftm.app.alert.AlertSources.Component;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules against hand-set sources and a clock the test moves, one evaluation per 5 s. */
class AlertEvaluatorTest {

  private static final Duration PERIOD = Duration.ofSeconds(5);

  private final FakeAlertSources sources = new FakeAlertSources();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final List<AlertNotice> notices = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private AlertEvaluator evaluator = evaluator(AlertSettings.defaults());

  private AlertEvaluator evaluator(AlertSettings settings) {
    return new AlertEvaluator(sources, settings, clock, notices::add, registry);
  }

  /** The evaluator's next round, one period later. */
  private void round() {
    clock.advance(PERIOD);
    evaluator.evaluate();
  }

  private List<AlertNotice> noticesOf(AlertRule rule) {
    return notices.stream().filter(n -> n.rule() == rule).toList();
  }

  private double firedCount(AlertRule rule) {
    return registry
        .get("aftm.alerts.fired")
        .tag("process", "main")
        .tag("alert", rule.alertName())
        .counter()
        .count();
  }

  @ParameterizedTest
  @EnumSource(Component.class)
  void aComponentDownFiresOnlyOnceOverTenSeconds(Component component) {
    AlertRule rule = AlertRule.valueOf(component.name() + "_DOWN");
    sources.secondsDown.put(component, 10.0);
    round();
    assertThat(notices).as("exactly 10 s down is not over 10 s").isEmpty();
    sources.secondsDown.put(component, 10.5);
    round();
    assertThat(notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.rule()).isEqualTo(rule);
              assertThat(n.state()).isEqualTo(State.FIRING);
              assertThat(n.value()).isEqualTo(10.5);
              assertThat(n.threshold()).isEqualTo(10);
              assertThat(n.time()).isEqualTo(Instant.parse("2026-12-01T09:00:10Z"));
            });
  }

  @Test
  void tickToOrderP95FiresAboveOneHundredMillisecondsAndNotWithoutData() {
    round(); // NaN: no order accepted in the last minute
    sources.p95Seconds = 0.1;
    round();
    assertThat(notices).isEmpty();
    sources.p95Seconds = 0.1005;
    round();
    assertThat(notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.rule()).isEqualTo(AlertRule.TICK_TO_ORDER_P95);
              assertThat(n.value()).isCloseTo(100.5, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(n.threshold()).isEqualTo(100);
            });
  }

  @Test
  void errorRateOfExactlyFivePercentDoesNotFireAboveItDoes() {
    round(); // the window's first sample: 0 of 0
    sources.gatewayRequests = 100;
    sources.gatewayErrors = 5;
    round();
    assertThat(notices).isEmpty();
    sources.gatewayRequests = 200;
    sources.gatewayErrors = 11; // 11 of 200 in the window: 5.5 %
    round();
    assertThat(notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.rule()).isEqualTo(AlertRule.ERROR_RATE);
              assertThat(n.value()).isEqualTo(5.5);
              assertThat(n.threshold()).isEqualTo(5);
            });
  }

  @Test
  void errorRateNeedsTwentyRequestsInTheWindow() {
    round();
    sources.gatewayRequests = 19;
    sources.gatewayErrors = 19;
    round();
    assertThat(notices).as("19 requests: no verdict").isEmpty();
    sources.gatewayRequests = 20;
    round();
    assertThat(noticesOf(AlertRule.ERROR_RATE)).hasSize(1);
  }

  @Test
  void oneRefusalOfOneOrderIsNoFailedOrderAlertButTwoOfAHundredAre() {
    round();
    sources.ordersDecided = 1;
    sources.ordersFailed = 1;
    round();
    assertThat(notices).as("1 of 1: too few orders for a 1 % verdict").isEmpty();
    sources.ordersDecided = 100;
    round();
    assertThat(notices).as("1 of 100 is 1 %, not over it").isEmpty();
    sources.ordersDecided = 101;
    sources.ordersFailed = 3;
    round();
    assertThat(notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.rule()).isEqualTo(AlertRule.FAILED_ORDERS);
              assertThat(n.value())
                  .isCloseTo(300.0 / 101, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(n.threshold()).isEqualTo(1);
            });
  }

  @Test
  void ratesSlideOutOfTheWindowAndThenResolveAfterTheHold() {
    round();
    sources.ordersDecided = 100;
    sources.ordersFailed = 10;
    round();
    assertThat(noticesOf(AlertRule.FAILED_ORDERS)).hasSize(1);
    // Clean orders from now on: the failures leave the 5-minute window after 5 minutes.
    for (int i = 0; i < 80; i++) {
      sources.ordersDecided += 10;
      round();
    }
    assertThat(noticesOf(AlertRule.FAILED_ORDERS))
        .extracting(AlertNotice::state)
        .containsExactly(State.FIRING, State.RESOLVED);
    assertThat(noticesOf(AlertRule.FAILED_ORDERS).get(1).value()).isZero();
  }

  @Test
  void breakerOpenFires() {
    round();
    assertThat(notices).isEmpty();
    sources.breakerOpen = true;
    round();
    assertThat(notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.rule()).isEqualTo(AlertRule.BREAKER_OPEN);
              assertThat(n.value()).isEqualTo(1);
              assertThat(n.threshold()).isZero();
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = TradingState.class,
      names = {"REDUCING", "HALTED"})
  void tradingLeavingActiveFires(TradingState state) {
    round();
    assertThat(notices).isEmpty();
    sources.tradingState = state;
    round();
    assertThat(notices)
        .singleElement()
        .satisfies(n -> assertThat(n.rule()).isEqualTo(AlertRule.TRADING_NOT_ACTIVE));
  }

  @Test
  void aConditionThatLastsFiresOnceAndCountsOnce() {
    sources.breakerOpen = true;
    for (int i = 0; i < 20; i++) {
      round();
    }
    assertThat(notices).hasSize(1);
    assertThat(firedCount(AlertRule.BREAKER_OPEN)).isEqualTo(1);
    assertThat(firedCount(AlertRule.GATEWAY_DOWN)).isZero();
    assertThat(evaluator.firing()).containsExactly(AlertRule.BREAKER_OPEN);
  }

  @Test
  void resolvesOnceWhenClearForTheHold() {
    sources.tradingState = TradingState.HALTED;
    round();
    sources.tradingState = TradingState.ACTIVE;
    round(); // clear since now
    for (int i = 0; i < 5; i++) {
      round(); // 5 .. 25 s clear
    }
    assertThat(notices).extracting(AlertNotice::state).containsExactly(State.FIRING);
    round(); // 30 s clear
    for (int i = 0; i < 10; i++) {
      round();
    }
    assertThat(notices)
        .extracting(AlertNotice::state)
        .containsExactly(State.FIRING, State.RESOLVED);
    assertThat(notices.get(1).value()).isZero();
    assertThat(notices.get(1).time()).isEqualTo(notices.get(0).time().plusSeconds(35));
    assertThat(evaluator.firing()).isEmpty();
  }

  @Test
  void aConditionFlappingAtEveryEvaluationSendsNoStorm() {
    for (int i = 0; i < 50; i++) {
      sources.breakerOpen = i % 2 == 0;
      round();
    }
    assertThat(notices).as("fired once, still firing").hasSize(1);
    sources.breakerOpen = false;
    for (int i = 0; i < 20; i++) {
      round();
    }
    assertThat(notices)
        .extracting(AlertNotice::state)
        .containsExactly(State.FIRING, State.RESOLVED);
    assertThat(firedCount(AlertRule.BREAKER_OPEN)).isEqualTo(1);
  }

  @Test
  void withoutAHoldAnAlertResolvesAtTheFirstClearEvaluation() {
    AlertSettings d = AlertSettings.defaults();
    evaluator =
        evaluator(
            new AlertSettings(
                d.evaluateEvery(),
                d.downSeconds(),
                d.tickToOrderP95Millis(),
                d.errorRatePercent(),
                d.errorRateMinRequests(),
                d.failedOrdersPercent(),
                d.failedOrdersMinOrders(),
                d.rateWindow(),
                Duration.ZERO,
                Optional.empty()));
    sources.breakerOpen = true;
    round();
    sources.breakerOpen = false;
    round();
    assertThat(notices)
        .extracting(AlertNotice::state)
        .containsExactly(State.FIRING, State.RESOLVED);
  }

  @Test
  void theWebhookBodyIsTheNoticeAsJson() {
    AlertNotice notice =
        new AlertNotice(
            AlertRule.TICK_TO_ORDER_P95,
            State.FIRING,
            100.5,
            100,
            Instant.parse("2026-12-01T09:00:05.123Z"));
    assertThat(notice.toJson())
        .isEqualTo(
            "{\"alert\":\"tick_to_order_p95\",\"state\":\"firing\",\"value\":100.5,"
                + "\"threshold\":100,\"time\":\"2026-12-01T09:00:05.123Z\"}");
    assertThat(
            new AlertNotice(AlertRule.ERROR_RATE, State.RESOLVED, Double.NaN, 5, Instant.EPOCH)
                .toJson())
        .contains("\"value\":null")
        .contains("\"state\":\"resolved\"")
        .contains("\"time\":\"1970-01-01T00:00:00Z\"");
  }
}
