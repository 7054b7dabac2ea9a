package org.aftm.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.FeedMarketPort;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.Position;
import org.aftm.domain.order.PositionBook;

/**
 * A broker in memory: fills every order in full at the instrument's last fed price, synchronously,
 * and keeps positions in a {@link PositionBook}. Thread-safe enough for the tests: one lock.
 */
final class FakeExchange implements ExchangeApi, FeedMarketPort {

  static final long POINT_VALUE = 200;

  private final PositionBook book = new PositionBook();
  private final Map<String, Long> lastPrices = new HashMap<>();
  private final List<ExchangeListener> listeners = new CopyOnWriteArrayList<>();
  final List<OrderRequest> placed = new CopyOnWriteArrayList<>();
  final AtomicInteger placeCalls = new AtomicInteger();
  volatile boolean loggedIn = true;
  volatile ExchangeException failure;

  /**
   * When set, placeOrder waits here after counting the call, so a test can line up a racing call.
   */
  volatile CountDownLatch holdPlacement;

  private int serial;

  /** Gives the account a position without an order, as if held from yesterday. */
  synchronized void hold(String account, String itemCode, int signedQuantity, String price) {
    book.apply(
        new Fill(
            "Y" + ++serial,
            account,
            itemCode,
            signedQuantity > 0 ? org.aftm.domain.model.Side.BUY : org.aftm.domain.model.Side.SELL,
            Math.abs(signedQuantity),
            Price.parse(price),
            0));
    lastPrices.put(itemCode, Price.parse(price).units());
  }

  @Override
  public synchronized void feed(MarketTick tick) {
    lastPrices.put(tick.itemCode(), tick.priceUnits());
  }

  @Override
  public LoginResult login(String account, char[] password) {
    loggedIn = true;
    return LoginResult.ok("welcome");
  }

  @Override
  public void logout() {
    loggedIn = false;
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public boolean isLoggedIn() {
    return loggedIn;
  }

  @Override
  public List<Contract> contracts() {
    return List.of();
  }

  @Override
  public List<String> orderAccounts() {
    return List.of("ACC-1");
  }

  @Override
  public void subscribeQuotes(String itemCode) {}

  @Override
  public void unsubscribeQuotes(String itemCode) {}

  @Override
  public void addListener(ExchangeListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(ExchangeListener listener) {
    listeners.remove(listener);
  }

  int listenerCount() {
    return listeners.size();
  }

  @Override
  public OrderResult placeOrder(OrderRequest request) {
    placeCalls.incrementAndGet();
    CountDownLatch hold = holdPlacement;
    if (hold != null) {
      try {
        if (!hold.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test never released the held placement");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    placed.add(request);
    Fill fill;
    synchronized (this) {
      long price = lastPrices.getOrDefault(request.itemCode(), Price.ofPoints(20_000).units());
      fill =
          new Fill(
              "S" + ++serial,
              request.orderAccount(),
              request.itemCode(),
              request.side(),
              request.quantity(),
              Price.ofUnits(price),
              0);
      book.apply(fill);
    }
    for (ExchangeListener listener : listeners) {
      listener.onFill(fill);
    }
    return OrderResult.accepted(
        request.note(), fill.orderSerial(), null, OrderState.FILLED, request.quantity());
  }

  @Override
  public synchronized List<Position> positions(String account) {
    return new ArrayList<>(
        book.positions(account, item -> lastPrices.getOrDefault(item, 0L), item -> POINT_VALUE));
  }
}
