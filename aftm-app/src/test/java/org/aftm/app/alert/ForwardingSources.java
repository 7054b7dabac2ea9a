package org.aftm.app.alert;

import java.util.Optional;
import org.aftm.domain.risk.TradingState;

/** Alert sources that pass every call on, for a test to override one. */
class ForwardingSources implements AlertSources {

  private final AlertSources delegate;

  ForwardingSources(AlertSources delegate) {
    this.delegate = delegate;
  }

  @Override
  public double secondsDown(Component component) {
    return delegate.secondsDown(component);
  }

  @Override
  public double tickToOrderP95Seconds() {
    return delegate.tickToOrderP95Seconds();
  }

  @Override
  public long gatewayRequests() {
    return delegate.gatewayRequests();
  }

  @Override
  public long gatewayErrors() {
    return delegate.gatewayErrors();
  }

  @Override
  public long ordersDecided() {
    return delegate.ordersDecided();
  }

  @Override
  public long ordersFailed() {
    return delegate.ordersFailed();
  }

  @Override
  public boolean breakerOpen() {
    return delegate.breakerOpen();
  }

  @Override
  public Optional<TradingState> tradingState() {
    return delegate.tradingState();
  }
}
