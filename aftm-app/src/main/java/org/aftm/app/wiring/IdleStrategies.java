package org.aftm.app.wiring;

import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The agents' idle strategy, chosen by alias from configuration ({@code AFTM_IDLE_STRATEGY}). A new
 * instance per agent, since back-off keeps state. Unknown aliases fail; nothing is loaded by
 * reflection. {@code block} needs the agent's input socket, so it is built by the caller that has
 * it ({@link #forAgent}).
 */
public final class IdleStrategies {

  private IdleStrategies() {}

  /** How long a blocked agent sleeps at most before it looks at its other duties. */
  static final long MAX_BLOCK_MILLIS = 10;

  /**
   * The configured strategy for an agent whose input is {@code waitOnInput}'s socket.
   *
   * @param waitOnInput makes the {@code block} strategy from the agent's input socket
   */
  public static IdleStrategy forAgent(String alias, LongFunction<IdleStrategy> waitOnInput) {
    return "block".equals(alias) ? waitOnInput.apply(MAX_BLOCK_MILLIS) : fromAlias(alias);
  }

  public static IdleStrategy fromAlias(String alias) {
    switch (alias) {
      case "backoff":
        // Spin briefly, yield, then park from 1 µs up to 1 ms: low latency without burning a 2-core
        // box.
        return new BackoffIdleStrategy(
            100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
      case "sleeping":
        return new SleepingMillisIdleStrategy(1);
      case "yielding":
        return new YieldingIdleStrategy();
      case "busy-spin":
        return new BusySpinIdleStrategy();
      default:
        throw new IllegalArgumentException(
            "unknown idle strategy '"
                + alias
                + "'; expected block, backoff, sleeping, yielding or busy-spin");
    }
  }
}
