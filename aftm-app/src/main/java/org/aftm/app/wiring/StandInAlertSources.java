package org.aftm.app.wiring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aftm.app.alert.AlertSources;
import org.aftm.domain.risk.TradingState;

/**
 * The alert rules' sources from what the main process knows without the metrics registry: whether
 * the gateway serves and each child is up, the order counters, the breaker and the trading state. A
 * stand-in until the metrics' implementation of {@link AlertSources} is wired instead: it knows no
 * gateway errors (0) and no tick → order P95 ({@code NaN}), so those two rules stay quiet. Called
 * on the {@code alerts} thread only, which owns the last-up times.
 */
final class StandInAlertSources implements AlertSources {

  private final Map<Component, BooleanSupplier> up = new EnumMap<>(Component.class);
  private final Map<Component, Instant> lastUp = new EnumMap<>(Component.class);
  private final LongSupplier ordersSent;
  private final LongSupplier ordersRefused;
  private final Supplier<String> breakerState;
  private final Supplier<TradingState> tradingState;
  private final Clock clock;

  StandInAlertSources(
      BooleanSupplier gatewayUp,
      BooleanSupplier strategyUp,
      BooleanSupplier executorUp,
      LongSupplier ordersSent,
      LongSupplier ordersRefused,
      Supplier<String> breakerState,
      Supplier<TradingState> tradingState,
      Clock clock) {
    up.put(Component.GATEWAY, gatewayUp);
    up.put(Component.STRATEGY, strategyUp);
    up.put(Component.EXECUTOR, executorUp);
    this.ordersSent = ordersSent;
    this.ordersRefused = ordersRefused;
    this.breakerState = breakerState;
    this.tradingState = tradingState;
    this.clock = clock;
    // Never seen up: down since now (the start of the alerts, after the children's start).
    Instant now = clock.instant();
    for (Component component : Component.values()) {
      lastUp.put(component, now);
    }
  }

  @Override
  public double secondsDown(Component component) {
    Instant now = clock.instant();
    if (up.get(component).getAsBoolean()) {
      lastUp.put(component, now);
      return 0;
    }
    return Duration.between(lastUp.get(component), now).toMillis() / 1000.0;
  }

  @Override
  public double tickToOrderP95Seconds() {
    return Double.NaN;
  }

  @Override
  public long gatewayRequests() {
    return ordersDecided();
  }

  @Override
  public long gatewayErrors() {
    return 0;
  }

  @Override
  public long ordersDecided() {
    return ordersSent.getAsLong() + ordersRefused.getAsLong();
  }

  @Override
  public long ordersFailed() {
    return ordersRefused.getAsLong();
  }

  @Override
  public boolean breakerOpen() {
    String state = breakerState.get();
    return state.equals("OPEN") || state.equals("HALF_OPEN") || state.equals("FORCED_OPEN");
  }

  @Override
  public TradingState tradingState() {
    return tradingState.get();
  }
}
