package org.aftm.app.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.aftm.app.alert.AlertSources.Component;
import org.aftm.domain.risk.TradingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every {@link AlertRule} against the {@link AlertSources} and says when an alert fires
 * or resolves: one WARN line (firing) or INFO line (resolved) and one {@link AlertNotice} to the
 * notifier each time, and {@code aftm.alerts.fired{alert}} counted up per firing.
 *
 * <p>An alert fires at the first evaluation that finds its value above its threshold (each rule's
 * value already carries its own duration: seconds down, a one-minute P95, five-minute rates). It
 * resolves only once the value has stayed at or below the threshold for the hold ({@code
 * AFTM_ALERT_HOLD_S}), so a condition flapping at every evaluation fires once and stays firing
 * instead of sending a notice per evaluation. Not thread-safe: one thread ({@code alerts}) calls
 * {@link #evaluate()}.
 */
public final class AlertEvaluator {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

  private final AlertSources sources;
  private final AlertSettings settings;
  private final Clock clock;
  private final Consumer<AlertNotice> notifier;
  private final Map<AlertRule, Counter> fired = new EnumMap<>(AlertRule.class);
  private final Set<AlertRule> firing = EnumSet.noneOf(AlertRule.class);

  /** Since when a firing alert's value has been clear; absent while it is above the threshold. */
  private final Map<AlertRule, Instant> clearSince = new EnumMap<>(AlertRule.class);

  private final CounterWindow errors;
  private final CounterWindow failedOrders;

  /**
   * @param notifier receives each firing and resolved notice on the evaluating thread; must not
   *     block (the webhook queues them)
   * @param registry where {@code aftm.alerts.fired{alert}} is counted
   */
  public AlertEvaluator(
      AlertSources sources,
      AlertSettings settings,
      Clock clock,
      Consumer<AlertNotice> notifier,
      MeterRegistry registry) {
    this.sources = sources;
    this.settings = settings;
    this.clock = clock;
    this.notifier = notifier;
    this.errors = new CounterWindow(settings.rateWindow());
    this.failedOrders = new CounterWindow(settings.rateWindow());
    for (AlertRule rule : AlertRule.values()) {
      fired.put(
          rule,
          Counter.builder("aftm.alerts.fired")
              .description("Alerts that fired, by alert")
              // The main process evaluates the alerts; every AFTM series names its process.
              .tag("process", "main")
              .tag("alert", rule.alertName())
              .register(registry));
    }
  }

  /** One round: reads every value once and moves each alert on. */
  public void evaluate() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Map<AlertRule, Double> values = values(now);
    for (AlertRule rule : AlertRule.values()) {
      double value = values.get(rule);
      double threshold = threshold(rule);
      boolean above = value > threshold; // NaN is never above
      if (!firing.contains(rule)) {
        if (above) {
          firing.add(rule);
          clearSince.remove(rule);
          fired.get(rule).increment();
          LOG.warn(
              "Alert {} firing: {}{} is above {}{}",
              rule.alertName(),
              AlertNotice.number(value),
              rule.unit(),
              AlertNotice.number(threshold),
              rule.unit());
          notifier.accept(new AlertNotice(rule, AlertNotice.State.FIRING, value, threshold, now));
        }
      } else if (above) {
        clearSince.remove(rule);
      } else {
        Instant clear = clearSince.computeIfAbsent(rule, r -> now);
        if (Duration.between(clear, now).compareTo(settings.hold()) >= 0) {
          firing.remove(rule);
          clearSince.remove(rule);
          LOG.info(
              "Alert {} resolved: {}{} has been at or below {}{} for {} s",
              rule.alertName(),
              AlertNotice.number(value),
              rule.unit(),
              AlertNotice.number(threshold),
              rule.unit(),
              Duration.between(clear, now).toSeconds());
          notifier.accept(new AlertNotice(rule, AlertNotice.State.RESOLVED, value, threshold, now));
        }
      }
    }
  }

  /** The alerts firing now; on the evaluating thread. */
  public Set<AlertRule> firing() {
    return EnumSet.copyOf(firing);
  }

  /** The rule's threshold, in its unit. */
  public double threshold(AlertRule rule) {
    return switch (rule) {
      case GATEWAY_DOWN, STRATEGY_DOWN, EXECUTOR_DOWN -> settings.downSeconds();
      case TICK_TO_ORDER_P95 -> settings.tickToOrderP95Millis();
      case ERROR_RATE -> settings.errorRatePercent();
      case FAILED_ORDERS -> settings.failedOrdersPercent();
      case BREAKER_OPEN, TRADING_NOT_ACTIVE -> 0;
    };
  }

  private static double stateValue(TradingState state) {
    return switch (state) {
      case ACTIVE -> 0.0;
      case REDUCING -> 1.0;
      case HALTED -> 2.0;
    };
  }

  private Map<AlertRule, Double> values(Instant now) {
    Map<AlertRule, Double> values = new EnumMap<>(AlertRule.class);
    values.put(AlertRule.GATEWAY_DOWN, sources.secondsDown(Component.GATEWAY));
    values.put(AlertRule.STRATEGY_DOWN, sources.secondsDown(Component.STRATEGY));
    values.put(AlertRule.EXECUTOR_DOWN, sources.secondsDown(Component.EXECUTOR));
    values.put(AlertRule.TICK_TO_ORDER_P95, sources.tickToOrderP95Seconds() * 1000);
    values.put(
        AlertRule.ERROR_RATE,
        errors.addAndRate(
            now,
            sources.gatewayRequests(),
            sources.gatewayErrors(),
            settings.errorRateMinRequests()));
    values.put(
        AlertRule.FAILED_ORDERS,
        failedOrders.addAndRate(
            now,
            sources.ordersDecided(),
            sources.ordersFailed(),
            settings.failedOrdersMinOrders()));
    values.put(AlertRule.BREAKER_OPEN, sources.breakerOpen() ? 1.0 : 0.0);
    values.put(
        AlertRule.TRADING_NOT_ACTIVE,
        sources.tradingState().map(AlertEvaluator::stateValue).orElse(Double.NaN));
    return values;
  }
}
