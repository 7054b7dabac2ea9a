package org.aftm.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.order.PositionBook;

/**
 * A broker in memory. {@link #placeOrder} acknowledges at once and, before it returns, reports what
 * became of the order as {@link OrderEvent}s to its listeners on the calling thread: by default
 * accepted, then filled in full at the instrument's last fed price. Keeps its own positions in a
 * {@link PositionBook} and each order's state for {@link #orderState}. Thread-safe enough for the
 * tests: one lock.
 */
final class FakeExchange implements ExchangeApi, FeedMarketPort {

  static final long POINT_VALUE = 200;

  /** What the broker does with an order it takes. */
  enum Mode {
    /** Accepted, then filled in full. */
    FILL,
    /** Accepted and left working: no fill, no end. */
    ACCEPT_ONLY,
    /** Accepted, {@link #partialLots} filled, the rest cancelled (an IOC). */
    PARTIAL_THEN_CANCEL,
    /** Accepted and cancelled with nothing filled (an IOC with no liquidity). */
    CANCEL
  }

  private final PositionBook book = new PositionBook();
  private final Map<String, Long> lastPrices = new HashMap<>();
  private final Map<String, Order> orders = new LinkedHashMap<>();
  private final List<ExchangeListener> listeners = new CopyOnWriteArrayList<>();
  final List<OrderRequest> placed = new CopyOnWriteArrayList<>();
  final List<OrderEvent> events = new CopyOnWriteArrayList<>();
  final AtomicInteger placeCalls = new AtomicInteger();
  volatile boolean loggedIn = true;
  volatile ExchangeException failure;

  /** Thrown after the order was placed (and its events kept back): a lost reply. */
  volatile ExchangeException failAfterPlacing;

  volatile Mode mode = Mode.FILL;
  volatile int partialLots = 1;

  /** When set, the broker refuses every order with this answer (its code and message). */
  volatile OrderResult refusal;

  /**
   * When set, placeOrder waits here after counting the call, so a test can line up a racing call.
   */
  volatile CountDownLatch holdPlacement;

  private int serial;

  /** Gives the account a position without an order, as if held from yesterday. */
  synchronized void hold(String account, String itemCode, int signedQuantity, String price) {
    serial++;
    book.apply(
        new Fill(
            "yesterday-" + serial,
            "Y" + serial,
            "Y" + serial,
            account,
            itemCode,
            signedQuantity > 0 ? Side.BUY : Side.SELL,
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

  /** TXF's front month: every instrument of the tests is worth {@link #POINT_VALUE} a point. */
  @Override
  public List<Contract> contracts() {
    return List.of(
        new Contract(
            "TXFF6",
            "TXF",
            "TAIEX futures",
            "202606",
            Price.ofPoints(1),
            POINT_VALUE,
            Price.ofPoints(1),
            Price.ofPoints(100_000)));
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
    OrderResult refused = refusal;
    if (refused != null) {
      return OrderResult.rejected(
          request.note(), refused.errorCode(), refused.errorMessage(), request.clientOrderId());
    }
    placed.add(request);
    List<OrderEvent> happened = new ArrayList<>(3);
    String orderSerial;
    synchronized (this) {
      orderSerial = "S" + ++serial;
      String id = request.clientOrderId();
      Order order = new Order(request, null);
      orders.put(id, order);
      happened.add(new OrderEvent.Accepted(id, orderSerial, 0));
      long price = lastPrices.getOrDefault(request.itemCode(), Price.ofPoints(20_000).units());
      int lots =
          switch (mode) {
            case FILL -> request.quantity();
            case PARTIAL_THEN_CANCEL -> Math.min(partialLots, request.quantity());
            case ACCEPT_ONLY, CANCEL -> 0;
          };
      if (lots > 0) {
        happened.add(
            new OrderEvent.Filled(
                id, orderSerial, "X" + serial, lots, Price.ofUnits(price), serial));
        book.apply(
            new Fill(
                id,
                "X" + serial,
                orderSerial,
                request.orderAccount(),
                request.itemCode(),
                request.side(),
                lots,
                Price.ofUnits(price),
                0));
      }
      if (mode == Mode.PARTIAL_THEN_CANCEL || mode == Mode.CANCEL) {
        happened.add(new OrderEvent.Cancelled(id, orderSerial, "IOC rest cancelled", 0));
      }
      happened.forEach(order::apply);
    }
    ExchangeException lostReply = failAfterPlacing;
    if (lostReply != null) {
      // The broker took and filled it, but neither the answer nor the events reached us.
      throw lostReply;
    }
    for (OrderEvent event : happened) {
      events.add(event);
      for (ExchangeListener listener : listeners) {
        listener.onOrderEvent(event);
      }
    }
    return OrderResult.accepted(
        request.note(), orderSerial, request.clientOrderId(), OrderState.ACCEPTED, 0);
  }

  /** Sends an event of an order to the listeners, as a late broker report would. */
  void report(OrderEvent event) {
    synchronized (this) {
      Order order = orders.get(event.clientOrderId());
      if (order != null) {
        order.apply(event);
      }
    }
    events.add(event);
    for (ExchangeListener listener : listeners) {
      listener.onOrderEvent(event);
    }
  }

  @Override
  public synchronized Optional<OrderUpdate> orderState(String clientOrderId) {
    return Optional.ofNullable(orders.get(clientOrderId)).map(Order::toUpdate);
  }

  @Override
  public synchronized List<OrderUpdate> workingOrders(String account) {
    List<OrderUpdate> working = new ArrayList<>();
    for (Order order : orders.values()) {
      if (order.request().orderAccount().equals(account) && !order.state().isFinal()) {
        working.add(order.toUpdate());
      }
    }
    return working;
  }

  @Override
  public synchronized List<Position> positions(String account) {
    return new ArrayList<>(
        book.positions(account, item -> lastPrices.getOrDefault(item, 0L), item -> POINT_VALUE));
  }
}
