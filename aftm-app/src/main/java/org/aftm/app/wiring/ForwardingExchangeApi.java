package org.aftm.app.wiring;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.Contract;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * A broker decorator's base: every call goes to the broker it wraps, so a decorator (the circuit
 * breaker, the time limit, a test's faults) overrides only the calls it guards.
 */
abstract class ForwardingExchangeApi implements ExchangeApi {

  /** The broker this one wraps. */
  protected final ExchangeApi delegate;

  protected ForwardingExchangeApi(ExchangeApi delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public LoginResult login(String account, char[] password) {
    return delegate.login(account, password);
  }

  @Override
  public void logout() {
    delegate.logout();
  }

  @Override
  public boolean isConnected() {
    return delegate.isConnected();
  }

  @Override
  public boolean isLoggedIn() {
    return delegate.isLoggedIn();
  }

  @Override
  public List<Contract> contracts() {
    return delegate.contracts();
  }

  @Override
  public List<String> orderAccounts() {
    return delegate.orderAccounts();
  }

  @Override
  public void subscribeQuotes(String itemCode) {
    delegate.subscribeQuotes(itemCode);
  }

  @Override
  public void unsubscribeQuotes(String itemCode) {
    delegate.unsubscribeQuotes(itemCode);
  }

  @Override
  public void addListener(ExchangeListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void removeListener(ExchangeListener listener) {
    delegate.removeListener(listener);
  }

  @Override
  public OrderResult placeOrder(OrderRequest request) {
    return delegate.placeOrder(request);
  }

  @Override
  public boolean cancelOrder(String clientOrderId) {
    return delegate.cancelOrder(clientOrderId);
  }

  @Override
  public Optional<OrderUpdate> orderState(String clientOrderId) {
    return delegate.orderState(clientOrderId);
  }

  @Override
  public List<OrderUpdate> workingOrders(String account) {
    return delegate.workingOrders(account);
  }

  @Override
  public List<Position> positions(String account) {
    return delegate.positions(account);
  }
}
