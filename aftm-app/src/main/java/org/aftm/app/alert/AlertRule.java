package org.aftm.app.alert;

import java.util.Locale;

/**
 * The alert rules. Each has a value in its own unit and fires while the value is strictly above its
 * threshold; a value of {@code NaN} (no data, or too few events for a rate) never fires.
 */
public enum AlertRule {
  /** Seconds the order gateway has been down. */
  GATEWAY_DOWN("s"),
  /** Seconds the strategy child has been down (not running, not ready or silent). */
  STRATEGY_DOWN("s"),
  /** Seconds the order-executor child has been down. */
  EXECUTOR_DOWN("s"),
  /** P95 of tick → order accepted over about the last minute, in milliseconds. */
  TICK_TO_ORDER_P95("ms"),
  /** Gateway errors per gateway request in the rate window, in percent. */
  ERROR_RATE("%"),
  /** Failed orders per decided order in the rate window, in percent. */
  FAILED_ORDERS("%"),
  /** 1 while the broker's circuit breaker is open or half-open, 0 while closed. */
  BREAKER_OPEN(""),
  /** 0 while trading is ACTIVE, 1 in REDUCING, 2 in HALTED. */
  TRADING_NOT_ACTIVE("");

  private final String unit;

  AlertRule(String unit) {
    this.unit = unit;
  }

  /** The alert's name in log lines, webhook bodies, the metric's label and the Prometheus rules. */
  public String alertName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The unit of the value and the threshold: {@code s}, {@code ms}, {@code %} or none. */
  public String unit() {
    return unit;
  }
}
