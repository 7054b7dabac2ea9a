package org.aftm.app.wiring;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * A broker whose order and query calls can be made to hang or throw, as a broker's DLL does when
 * its connection is lost: {@link Mode#HANG} blocks each call (deaf to interrupts, as native code
 * is) until the mode changes, then fails it as a reset connection, so a hung order never reaches
 * the broker; {@link Mode#THROW} fails each call at once. Start-up calls always pass.
 */
public final class FaultyExchange extends ForwardingExchangeApi {

  /** What the order and query calls do. */
  public enum Mode {
    PASS,
    HANG,
    THROW
  }

  private volatile Mode mode = Mode.PASS;
  private final Object modeChanged = new Object();
  private final AtomicInteger hung = new AtomicInteger();
  private final AtomicInteger thrown = new AtomicInteger();
  private final AtomicInteger hangingNow = new AtomicInteger();

  public FaultyExchange(ExchangeApi delegate) {
    super(delegate);
  }

  public void mode(Mode newMode) {
    synchronized (modeChanged) {
      mode = newMode;
      modeChanged.notifyAll();
    }
  }

  /** Calls that hung so far. */
  public int hungCalls() {
    return hung.get();
  }

  /** Calls hanging right now. */
  public int hangingNow() {
    return hangingNow.get();
  }

  /** Calls failed at once so far. */
  public int thrownCalls() {
    return thrown.get();
  }

  private <T> T call(String what, Supplier<T> body) {
    Mode now = mode;
    if (now == Mode.HANG) {
      hung.incrementAndGet();
      hangingNow.incrementAndGet();
      try {
        synchronized (modeChanged) {
          while (mode == Mode.HANG) {
            try {
              modeChanged.wait();
            } catch (InterruptedException e) {
              // deaf to interrupts, as a call stuck in a DLL is
            }
          }
        }
      } finally {
        hangingNow.decrementAndGet();
      }
      throw new ExchangeException("connection reset after a hang in " + what);
    }
    if (now == Mode.THROW) {
      thrown.incrementAndGet();
      throw new ExchangeException("broker down: " + what);
    }
    return body.get();
  }

  @Override
  public OrderResult placeOrder(OrderRequest request) {
    return call("placeOrder", () -> delegate.placeOrder(request));
  }

  @Override
  public Optional<OrderUpdate> orderState(String clientOrderId) {
    return call("orderState", () -> delegate.orderState(clientOrderId));
  }

  @Override
  public List<OrderUpdate> workingOrders(String account) {
    return call("workingOrders", () -> delegate.workingOrders(account));
  }

  @Override
  public List<Position> positions(String account) {
    return call("positions", () -> delegate.positions(account));
  }
}
