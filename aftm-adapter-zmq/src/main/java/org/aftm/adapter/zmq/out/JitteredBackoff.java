package org.aftm.adapter.zmq.out;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter: before retry {@code n} it sleeps a uniformly random time
 * in {@code [0, min(cap, base * 2^(n-1))]}, so clients that lost the gateway together do not come
 * back together.
 */
public final class JitteredBackoff implements RetryPause {

  /** A sensible default for the order gateway: 50 ms base, 1 s cap. */
  public static final JitteredBackoff DEFAULT =
      new JitteredBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));

  private final long baseNanos;
  private final long capNanos;
  private final RandomGenerator random;

  public JitteredBackoff(Duration base, Duration cap) {
    this(base, cap, RandomGenerator.getDefault());
  }

  /**
   * @param random the jitter source; a seeded one makes delays reproducible
   */
  public JitteredBackoff(Duration base, Duration cap, RandomGenerator random) {
    if (base.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= base <= cap but base was " + base + " and cap " + cap);
    }
    this.baseNanos = base.toNanos();
    this.capNanos = cap.toNanos();
    this.random = random;
  }

  /** The delay before retry {@code retry} (1-based), in nanoseconds. */
  public long delayNanos(int retry) {
    int doublings = Math.max(0, Math.min(retry - 1, 62));
    long ceiling =
        baseNanos > (capNanos >> doublings) ? capNanos : Math.min(capNanos, baseNanos << doublings);
    return ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
  }

  @Override
  public void pauseBefore(int retry) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(delayNanos(retry));
  }
}
