package org.aftm.application.service;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aftm.application.port.in.CheckHealthUseCase;
import org.aftm.application.port.out.ExchangeApi;

/** "Healthy" means the broker is really usable: connected, logged in, breaker not open. */
public final class CheckHealthService implements CheckHealthUseCase {

  private final ExchangeApi exchange;
  private final Supplier<String> breakerState;
  private final LongSupplier nanoClock;
  private final long startNanos;

  /**
   * @param breakerState the broker circuit breaker's state name ("CLOSED", "OPEN", "HALF_OPEN",
   *     ...)
   */
  public CheckHealthService(
      ExchangeApi exchange, Supplier<String> breakerState, LongSupplier nanoClock) {
    this.exchange = exchange;
    this.breakerState = breakerState;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  @Override
  public HealthReport checkHealth() {
    boolean connected = exchange.isConnected();
    boolean loggedIn = exchange.isLoggedIn();
    String breaker = breakerState.get();
    boolean healthy =
        connected && loggedIn && !"OPEN".equals(breaker) && !"FORCED_OPEN".equals(breaker);
    long uptime = (nanoClock.getAsLong() - startNanos) / 1_000_000_000L;
    return new HealthReport(healthy, connected, loggedIn, breaker, uptime);
  }
}
