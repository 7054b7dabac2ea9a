package org.aftm.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.app.process.ChildReport;
import org.aftm.app.process.ChildRole;
import org.aftm.app.status.HopHistograms;
import org.aftm.application.port.out.HopLatencyPort.Hop;
import org.junit.jupiter.api.Test;

class ChildTotalsTest {

  private final ChildTotals totals = new ChildTotals();

  private static ChildReport executor(long pid, long stale) {
    return new ChildReport("order-executor", pid, Map.of("entries_stale", stale), Map.of());
  }

  @Test
  void aRestartedChildsCountersAddToThoseOfItsPredecessors() {
    totals.accept(executor(100, 10));
    totals.accept(executor(100, 15)); // the same life: the latest value counts
    totals.accept(executor(200, 0)); // restarted: counts from 0 again
    totals.accept(executor(200, 121));

    assertThat(totals.counter(ChildRole.ORDER_EXECUTOR, "entries_stale")).isEqualTo(136);
    assertThat(totals.report(ChildRole.ORDER_EXECUTOR))
        .get()
        .satisfies(
            r -> {
              assertThat(r.pid()).isEqualTo(200);
              assertThat(r.counter("entries_stale")).isEqualTo(136);
            });
  }

  @Test
  void aLateHeartbeatOfAReplacedPidChangesNothing() {
    totals.accept(executor(100, 15));
    totals.accept(executor(200, 3));
    totals.accept(executor(100, 16)); // sent before the kill, arrived after the replacement's

    assertThat(totals.counter(ChildRole.ORDER_EXECUTOR, "entries_stale")).isEqualTo(18);
    assertThat(totals.report(ChildRole.ORDER_EXECUTOR))
        .get()
        .extracting(ChildReport::pid)
        .isEqualTo(200L);
  }

  @Test
  void aReusedPidCountsAgainOnceItIsTheRunningProcess() {
    AtomicLong runningPid = new AtomicLong(100);
    ChildTotals reused =
        new ChildTotals((role, pid) -> role == ChildRole.ORDER_EXECUTOR && pid == runningPid.get());
    reused.accept(executor(100, 15));
    runningPid.set(200);
    reused.accept(executor(200, 3));
    reused.accept(executor(100, 99)); // late: 100 no longer runs
    assertThat(reused.counter(ChildRole.ORDER_EXECUTOR, "entries_stale")).isEqualTo(18);

    runningPid.set(100); // the system gave the next life pid 100 again
    reused.accept(executor(100, 2));

    assertThat(reused.counter(ChildRole.ORDER_EXECUTOR, "entries_stale")).isEqualTo(20);
    assertThat(reused.report(ChildRole.ORDER_EXECUTOR))
        .get()
        .extracting(ChildReport::pid)
        .isEqualTo(100L);
  }

  @Test
  void histogramsAddUpAcrossRestartsBucketByBucket() {
    HopHistograms first = new HopHistograms();
    first.record(Hop.TICK_TO_ORDER, 1_500_000);
    HopHistograms second = new HopHistograms();
    second.record(Hop.TICK_TO_ORDER, 1_500_000);
    second.record(Hop.TICK_TO_ORDER, 40_000_000);
    totals.accept(new ChildReport("order-executor", 1, Map.of(), Map.of(), first.snapshot()));
    totals.accept(new ChildReport("order-executor", 2, Map.of(), Map.of(), second.snapshot()));

    var sum = totals.histogram(ChildRole.ORDER_EXECUTOR, "tick_to_order");
    assertThat(sum.count()).isEqualTo(3);
    assertThat(sum.sumNanos()).isEqualTo(43_000_000);
    assertThat(sum.cumulativeAt(7)).as("≤ 2 ms").isEqualTo(2);
  }

  @Test
  void nothingBeforeTheFirstReport() {
    assertThat(totals.counter(ChildRole.STRATEGY, "ticks")).isZero();
    assertThat(totals.report(ChildRole.STRATEGY)).isEmpty();
    assertThat(totals.histogram(ChildRole.STRATEGY, "tick_to_strategy").count()).isZero();
  }
}
