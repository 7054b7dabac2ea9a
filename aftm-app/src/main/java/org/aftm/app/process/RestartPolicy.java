package org.aftm.app.process;

import java.time.Duration;

/**
 * When to restart a child that died: exponential back-off from {@code initialDelay} to {@code
 * maxDelay}, giving up after more than {@code maxRestarts} deaths within {@code window}. A child
 * that ran healthy (reported ready) for {@code healthyAfter} has earned a clean slate: its next
 * death counts as the first, restarted after {@code initialDelay} again.
 *
 * @param initialDelay the delay before the first restart
 * @param maxDelay the cap of the doubling delay
 * @param maxRestarts restarts allowed within {@code window} since the last reset; one more death
 *     and the supervisor gives up
 * @param window how far back deaths count against {@code maxRestarts}
 * @param healthyAfter how long a child must have run since it reported ready for its earlier deaths
 *     to be forgotten
 */
public record RestartPolicy(
    Duration initialDelay,
    Duration maxDelay,
    int maxRestarts,
    Duration window,
    Duration healthyAfter) {

  /** A minute of healthy running resets the back-off, unless a policy says otherwise. */
  public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(60);

  /** A policy with the default {@link #DEFAULT_HEALTHY_AFTER}. */
  public RestartPolicy(Duration initialDelay, Duration maxDelay, int maxRestarts, Duration window) {
    this(initialDelay, maxDelay, maxRestarts, window, DEFAULT_HEALTHY_AFTER);
  }

  public static RestartPolicy standard() {
    return new RestartPolicy(
        Duration.ofMillis(500), Duration.ofSeconds(30), 10, Duration.ofMinutes(5));
  }

  /** The delay before restart number {@code attempt} (1-based) since the last reset. */
  public Duration delayFor(int attempt) {
    long millis = initialDelay.toMillis() << Math.min(attempt - 1, 16);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }
}
