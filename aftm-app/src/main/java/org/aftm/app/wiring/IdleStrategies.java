package org.aftm.app.wiring;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The agents' idle strategy, chosen by alias from configuration ({@code AFTM_IDLE_STRATEGY}). A
 * new instance per agent, since back-off keeps state. Unknown aliases fail; nothing is loaded by
 * reflection.
 */
public final class IdleStrategies {

  private IdleStrategies() {}

  public static IdleStrategy fromAlias(String alias) {
    switch (alias) {
      case "backoff":
        // Spin briefly, yield, then park from 1 µs up to 1 ms: low latency without burning a 2-core box.
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
      case "sleeping":
        return new SleepingMillisIdleStrategy(1);
      case "yielding":
        return new YieldingIdleStrategy();
      case "busy-spin":
        return new BusySpinIdleStrategy();
      default:
        throw new IllegalArgumentException("unknown idle strategy '" + alias + "'; expected backoff, sleeping, yielding or busy-spin");
    }
  }
}
