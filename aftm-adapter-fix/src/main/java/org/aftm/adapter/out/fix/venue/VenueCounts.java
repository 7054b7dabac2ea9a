package org.aftm.adapter.out.fix.venue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link FixVenue} did since it started, for the operator's stop summary.
 *
 * @param logons logons accepted
 * @param refusedLogons logons refused (wrong account or password)
 * @param orders NewOrderSingle messages received
 * @param fills executions reported
 * @param executionReports ExecutionReports sent, status reports included
 * @param marketDataMessages snapshots and incremental refreshes sent
 */
public record VenueCounts(
    long logons,
    long refusedLogons,
    long orders,
    long fills,
    long executionReports,
    long marketDataMessages) {

  /** The live counters behind the record, bumped by the venue's threads. */
  static final class Counters {
    final AtomicLong logons = new AtomicLong();
    final AtomicLong refusedLogons = new AtomicLong();
    final AtomicLong orders = new AtomicLong();
    final AtomicLong fills = new AtomicLong();
    final AtomicLong executionReports = new AtomicLong();
    final AtomicLong marketDataMessages = new AtomicLong();

    VenueCounts snapshot() {
      return new VenueCounts(
          logons.get(),
          refusedLogons.get(),
          orders.get(),
          fills.get(),
          executionReports.get(),
          marketDataMessages.get());
    }
  }
}
