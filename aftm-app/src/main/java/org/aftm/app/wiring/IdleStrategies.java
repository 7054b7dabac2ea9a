package org.aftm.app.wiring;

import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.aftm.app.config.IdleStrategyName;
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
  public static IdleStrategy forAgent(
      IdleStrategyName name, LongFunction<IdleStrategy> waitOnInput) {
    return name == IdleStrategyName.BLOCK ? waitOnInput.apply(MAX_BLOCK_MILLIS) : of(name);
  }

  /** A strategy that needs no input socket; {@code block} needs one ({@link #forAgent}). */
  public static IdleStrategy of(IdleStrategyName name) {
    switch (name) {
      case BACKOFF:
        // Spin briefly, yield, then park from 1 µs up to 1 ms: low latency without burning a 2-core
        // box.
        return new BackoffIdleStrategy(
            100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
      case SLEEPING:
        return new SleepingMillisIdleStrategy(1);
      case YIELDING:
        return new YieldingIdleStrategy();
      case BUSY_SPIN:
        return new BusySpinIdleStrategy();
      default:
        throw new IllegalArgumentException(
            "idle strategy " + name.text() + " needs the agent's input socket; use forAgent");
    }
  }
}
