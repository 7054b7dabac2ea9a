package org.aftm.app.process;

import java.time.Duration;

/**
 * When to restart a child that died: exponential back-off from {@code initialDelay} to {@code
 * maxDelay}, giving up after {@code maxRestarts} restarts within {@code window}.
 */
public record RestartPolicy(
    Duration initialDelay, Duration maxDelay, int maxRestarts, Duration window) {

  public static RestartPolicy standard() {
    return new RestartPolicy(
        Duration.ofMillis(500), Duration.ofSeconds(30), 10, Duration.ofMinutes(5));
  }

  /** The delay before restart number {@code attempt} (1-based) in the current window. */
  public Duration delayFor(int attempt) {
    long millis = initialDelay.toMillis() << Math.min(attempt - 1, 16);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }
}
