package org.aftm.app.alert;

import java.util.Map;
import org.aftm.app.status.OrderFlowMetrics;

/**
 * The main process's order and gateway counts the rate alerts read, all cumulative since the
 * process started, taken from the counters themselves rather than from registered meters: a meter
 * of a refusal code appears only once a scrape has registered it, a counter counts from the first
 * refusal.
 *
 * @param gatewayRequests order requests the gateway answered (decisions, duplicates and errors)
 * @param gatewayErrors of those, the ones answered with an error rather than a decision
 * @param ordersDecided orders the broker accepted or rejected, or a check refused
 * @param ordersFailed of those, the ones refused or rejected
 */
public record OrderCounts(
    long gatewayRequests, long gatewayErrors, long ordersDecided, long ordersFailed) {

  /** The counts now, from the gateway's order counters. */
  public static OrderCounts of(OrderFlowMetrics orders) {
    long failed = sum(orders.refusedByCode()) + sum(orders.rejectedByCode());
    long accepted = orders.accepted();
    long errors = orders.errors();
    return new OrderCounts(
        accepted + failed + orders.duplicates() + errors, errors, accepted + failed, failed);
  }

  private static long sum(Map<String, Long> byCode) {
    return byCode.values().stream().mapToLong(Long::longValue).sum();
  }
}
