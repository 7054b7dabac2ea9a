package org.aftm.app.status;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.aftm.application.port.out.TradingMetrics;

/**
 * The main process's order counters and tick-to-order latency (tick published → order accepted by
 * the broker), recorded by the gateway thread into an HdrHistogram {@link Recorder} so the status
 * thread can read intervals without stopping the writer.
 */
public final class OrderFlowMetrics implements TradingMetrics {

  private static final long MAX_TRACKED_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Recorder recorder = new Recorder(MAX_TRACKED_NANOS, 3);
  private final Histogram total = new Histogram(MAX_TRACKED_NANOS, 3);

  /**
   * Tick published → request received by the gateway: the transport and the two children, no
   * broker, no audit.
   */
  private final Recorder received = new Recorder(MAX_TRACKED_NANOS, 3);

  private Histogram receivedInterval;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private Histogram interval;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  /** Refusals by a check, by code; a code's counter is created on its first refusal only. */
  private final Map<String, AtomicLong> refusedByCode = new ConcurrentHashMap<>();

  /** Rejections by the broker, by code. */
  private final Map<String, AtomicLong> rejectedByCode = new ConcurrentHashMap<>();

  @Override
  public void orderAnswered(OrderOutcome outcome, String errorCode, long tickToOrderNanos) {
    orderAnswered(outcome == OrderOutcome.ACCEPTED, errorCode, tickToOrderNanos);
    switch (outcome) {
      case ACCEPTED -> accepted.incrementAndGet();
      case ERROR -> errors.incrementAndGet();
      case REFUSED -> countByCode(refusedByCode, errorCode);
      case REJECTED -> countByCode(rejectedByCode, errorCode);
    }
  }

  private static void countByCode(Map<String, AtomicLong> byCode, String errorCode) {
    String code = errorCode == null ? "" : errorCode;
    AtomicLong counter = byCode.get(code);
    if (counter == null) {
      // Once per code: the codes are a short fixed list.
      counter = byCode.computeIfAbsent(code, c -> new AtomicLong());
    }
    counter.incrementAndGet();
  }

  /** Orders the broker accepted. */
  public long accepted() {
    return accepted.get();
  }

  /** Order requests answered without a decision (broker failed or unavailable, audit failed). */
  public long errors() {
    return errors.get();
  }

  /** Refusals by a check so far, by code; a copy. */
  public Map<String, Long> refusedByCode() {
    return copy(refusedByCode);
  }

  /** Rejections by the broker so far, by code; a copy. */
  public Map<String, Long> rejectedByCode() {
    return copy(rejectedByCode);
  }

  /** One code's refusals (0 if none). */
  public long refused(String code) {
    AtomicLong counter = refusedByCode.get(code);
    return counter == null ? 0 : counter.get();
  }

  /** One code's rejections (0 if none). */
  public long rejected(String code) {
    AtomicLong counter = rejectedByCode.get(code);
    return counter == null ? 0 : counter.get();
  }

  private static Map<String, Long> copy(Map<String, AtomicLong> byCode) {
    Map<String, Long> copy = new TreeMap<>();
    byCode.forEach((code, counter) -> copy.put(code, counter.get()));
    return copy;
  }

  @Override
  public void orderAnswered(boolean wasSent, String errorCode, long tickToOrderNanos) {
    (wasSent ? sent : refused).incrementAndGet();
    if (tickToOrderNanos > 0) {
      recorder.recordValue(Math.min(tickToOrderNanos, MAX_TRACKED_NANOS));
    }
  }

  @Override
  public void orderReceived(long tickToGatewayNanos) {
    if (tickToGatewayNanos > 0) {
      received.recordValue(Math.min(tickToGatewayNanos, MAX_TRACKED_NANOS));
    }
  }

  /** Tick → gateway receipt recorded since the last call; call from one thread. */
  public synchronized Histogram sampleReceivedInterval() {
    receivedInterval = received.getIntervalHistogram(receivedInterval);
    return receivedInterval;
  }

  @Override
  public void duplicateOrderAnswered() {
    duplicates.incrementAndGet();
  }

  /** Moves what was recorded since the last call into the running total; call from one thread. */
  public synchronized Histogram sampleInterval() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  /** Everything recorded up to the last {@link #sampleInterval()}; call from the same thread. */
  public synchronized Histogram total() {
    return total.copy();
  }

  public long sent() {
    return sent.get();
  }

  public long refused() {
    return refused.get();
  }

  public long duplicates() {
    return duplicates.get();
  }
}
