package org.aftm.app.alert;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The alert rules' thresholds and timing (docs/architecture.md, alerts), from the {@code
 * AFTM_ALERT_*} configuration keys.
 *
 * @param evaluateEvery how often the rules are evaluated (at most 10 s)
 * @param downSeconds the gateway or a child down for longer than this fires
 * @param tickToOrderP95Millis P95 tick → order accepted above this fires
 * @param errorRatePercent gateway errors / gateway requests in the rate window above this fires
 * @param errorRateMinRequests fewer gateway requests than this in the window: no error-rate verdict
 * @param failedOrdersPercent failed / decided orders in the rate window above this fires
 * @param failedOrdersMinOrders fewer decided orders than this in the window: no failed-order
 *     verdict
 * @param rateWindow the sliding window of the two rates
 * @param hold a firing alert resolves only once its condition has been clear this long
 * @param webhook where firing and resolved notices are POSTed; empty = none
 */
public record AlertSettings(
    Duration evaluateEvery,
    double downSeconds,
    double tickToOrderP95Millis,
    double errorRatePercent,
    long errorRateMinRequests,
    double failedOrdersPercent,
    long failedOrdersMinOrders,
    Duration rateWindow,
    Duration hold,
    Optional<URI> webhook) {

  /** Most time between two evaluations the issue allows. */
  public static final Duration LONGEST_EVALUATION_PERIOD = Duration.ofSeconds(10);

  public AlertSettings {
    if (evaluateEvery.isNegative()
        || evaluateEvery.isZero()
        || evaluateEvery.compareTo(LONGEST_EVALUATION_PERIOD) > 0) {
      throw new IllegalArgumentException(
          "evaluation period must be in (0, 10 s]: " + evaluateEvery);
    }
    if (hold.isNegative() || rateWindow.isNegative() || rateWindow.isZero()) {
      throw new IllegalArgumentException("hold must be >= 0 and the rate window > 0");
    }
  }

  /** ADR-004's thresholds, as issue #9 states them; no webhook. */
  public static AlertSettings defaults() {
    return new AlertSettings(
        Duration.ofSeconds(5),
        10,
        100,
        5,
        20,
        1,
        100,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Optional.empty());
  }

  /** The settings without the webhook's path and query, which may carry its token. */
  @Override
  public String toString() {
    return "AlertSettings[evaluateEvery="
        + evaluateEvery
        + ", downSeconds="
        + downSeconds
        + ", tickToOrderP95Millis="
        + tickToOrderP95Millis
        + ", errorRatePercent="
        + errorRatePercent
        + ", errorRateMinRequests="
        + errorRateMinRequests
        + ", failedOrdersPercent="
        + failedOrdersPercent
        + ", failedOrdersMinOrders="
        + failedOrdersMinOrders
        + ", rateWindow="
        + rateWindow
        + ", hold="
        + hold
        + ", webhook="
        + webhook.map(AlertWebhook::shown).orElse("none")
        + "]";
  }

  /** A copy with another webhook. */
  public AlertSettings withWebhook(Optional<URI> url) {
    return new AlertSettings(
        evaluateEvery,
        downSeconds,
        tickToOrderP95Millis,
        errorRatePercent,
        errorRateMinRequests,
        failedOrdersPercent,
        failedOrdersMinOrders,
        rateWindow,
        hold,
        url);
  }
}
