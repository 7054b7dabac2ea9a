package org.aftm.adapter.zmq.in;

import java.util.ArrayDeque;
import org.aftm.domain.order.ErrorCode;

/**
 * What the gateway remembers of one client (one routing identity): its token bucket, its requests
 * waiting to be served and when its refusals were last logged. Owned by the {@code order-gateway}
 * thread.
 */
final class GatewayClient implements RefusalListener {

  private final ClientIdentity identity;
  private final RefusalLog refusalLog;
  private final ArrayDeque<QueuedRequest> waiting = new ArrayDeque<>(4);

  /**
   * The token bucket in its GCRA form: when the bucket would be full again. A request is let in
   * while that is at most the burst ahead of now, and moves it one interval on.
   */
  private long bucketFullAt;

  long refusalsSinceLog;
  long lastRefusalLogNanos;
  boolean refusalLogged;

  GatewayClient(ClientIdentity identity, RefusalLog refusalLog, long nowNanos) {
    this.identity = identity;
    this.refusalLog = refusalLog;
    this.bucketFullAt = nowNanos;
  }

  ClientIdentity identity() {
    return identity;
  }

  /**
   * Takes a token if there is one.
   *
   * @param intervalNanos nanoseconds per token (one second over the rate)
   * @param burstNanos how far ahead of now the bucket may be emptied: (burst - 1) intervals
   */
  boolean takeToken(long nowNanos, long intervalNanos, long burstNanos) {
    long start = bucketFullAt - nowNanos < 0 ? nowNanos : bucketFullAt;
    if (start - nowNanos > burstNanos) {
      return false;
    }
    bucketFullAt = start + intervalNanos;
    return true;
  }

  int waitingCount() {
    return waiting.size();
  }

  boolean hasWaiting() {
    return !waiting.isEmpty();
  }

  void add(QueuedRequest request) {
    waiting.addLast(request);
  }

  QueuedRequest poll() {
    return waiting.pollFirst();
  }

  @Override
  public void refused(ErrorCode code, String message) {
    refusalLog.refused(this, code, message, System.nanoTime());
  }

  @Override
  public String toString() {
    return identity.toString();
  }
}
