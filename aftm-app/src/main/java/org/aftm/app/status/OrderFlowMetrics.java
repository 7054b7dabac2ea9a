package org.aftm.app.status;

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
