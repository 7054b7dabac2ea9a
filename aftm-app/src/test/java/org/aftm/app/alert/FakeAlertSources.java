package org.aftm.app.alert;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.aftm.domain.risk.TradingState;

/** Alert sources a test sets by hand; read on the test's thread. */
final class FakeAlertSources implements AlertSources {

  final Map<Component, Double> secondsDown = new EnumMap<>(Component.class);
  double p95Seconds = Double.NaN;
  long gatewayRequests;
  long gatewayErrors;
  long ordersDecided;
  long ordersFailed;
  boolean breakerOpen;
  TradingState tradingState = TradingState.ACTIVE;

  FakeAlertSources() {
    for (Component component : Component.values()) {
      secondsDown.put(component, 0.0);
    }
  }

  @Override
  public double secondsDown(Component component) {
    return secondsDown.get(component);
  }

  @Override
  public double tickToOrderP95Seconds() {
    return p95Seconds;
  }

  @Override
  public long gatewayRequests() {
    return gatewayRequests;
  }

  @Override
  public long gatewayErrors() {
    return gatewayErrors;
  }

  @Override
  public long ordersDecided() {
    return ordersDecided;
  }

  @Override
  public long ordersFailed() {
    return ordersFailed;
  }

  @Override
  public boolean breakerOpen() {
    return breakerOpen;
  }

  @Override
  public Optional<TradingState> tradingState() {
    return Optional.ofNullable(tradingState);
  }
}
