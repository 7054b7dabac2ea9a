package org.aftm.adapter.out.fix.venue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * A broker for the venue's tests: what becomes of an order is chosen by its ClOrdID's prefix
 * ({@code fill-}, {@code part-}, {@code refuse-}, {@code reject-}, {@code expire-}, {@code rest-}),
 * and its events are delivered on the calling thread before {@link #placeOrder} returns, as the
 * simulated broker does without delays.
 */
final class ScriptedBroker implements ExchangeApi {

  static final String ACCOUNT = "demo-account";
  static final String PASSWORD = "s3cret-Pw-554";
  static final String SYMBOL = "TXFL6";
  static final long FILL_UNITS = Price.parse("22000.5").units();

  private final List<ExchangeListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, OrderUpdate> orders = new LinkedHashMap<>();
  final AtomicInteger placed = new AtomicInteger();
  final Set<String> subscribed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger serials = new AtomicInteger(100);

  @Override
  public LoginResult login(String account, char[] password) {
    return ACCOUNT.equals(account) && Arrays.equals(PASSWORD.toCharArray(), password)
        ? LoginResult.ok("ok")
        : LoginResult.refused("wrong account or password");
  }

  @Override
  public void logout() {}

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public boolean isLoggedIn() {
    return true;
  }

  @Override
  public List<Contract> contracts() {
    return List.of(
        new Contract(
            SYMBOL,
            "TXF",
            "TAIEX futures Dec 2026",
            "202612",
            Price.ofPoints(1),
            200,
            Price.ofPoints(18000),
            Price.ofPoints(26000)),
        new Contract(
            "MXFL6",
            "MXF",
            "小型臺指 Mini TAIEX futures Dec 2026",
            "202612",
            Price.parse("0.5"),
            50,
            Price.ofPoints(18000),
            Price.ofPoints(26000)));
  }

  @Override
  public List<String> orderAccounts() {
    return List.of(ACCOUNT);
  }

  @Override
  public void subscribeQuotes(String itemCode) {
    if (contracts().stream().noneMatch(c -> c.code().equals(itemCode))) {
      throw new IllegalArgumentException("instrument '" + itemCode + "' is not listed");
    }
    subscribed.add(itemCode);
  }

  @Override
  public void unsubscribeQuotes(String itemCode) {
    subscribed.remove(itemCode);
  }

  @Override
  public void addListener(ExchangeListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(ExchangeListener listener) {
    listeners.remove(listener);
  }

  @Override
  public OrderResult placeOrder(OrderRequest request) {
    String id = request.clientOrderId();
    if (id.startsWith("refuse-")) {
      return OrderResult.rejected(
          "", "PRICE_OUT_OF_RANGE", "limit price outside today's limits", id);
    }
    placed.incrementAndGet();
    String serial = String.valueOf(serials.incrementAndGet());
    int lots = request.quantity();
    long now = System.currentTimeMillis();
    record(id, OrderState.SUBMITTED, lots, 0);
    if (id.startsWith("reject-")) {
      record(id, OrderState.REJECTED, lots, 0);
      emit(new OrderEvent.Rejected(id, "SIM_REJECT", "simulated broker rejection", now));
      return OrderResult.accepted("", serial, id, OrderState.SUBMITTED, 0);
    }
    record(id, OrderState.ACCEPTED, lots, 0);
    emit(new OrderEvent.Accepted(id, serial, now));
    if (id.startsWith("fill-")) {
      record(id, OrderState.FILLED, lots, lots);
      emit(fill(id, serial, 1, lots, now));
    } else if (id.startsWith("part-")) {
      record(id, OrderState.PARTIALLY_FILLED, lots, 1);
      emit(fill(id, serial, 1, 1, now));
      record(id, OrderState.CANCELLED, lots, 1);
      emit(new OrderEvent.Cancelled(id, serial, "IOC rest cancelled", now));
    } else if (id.startsWith("expire-")) {
      record(id, OrderState.EXPIRED, lots, 0);
      emit(new OrderEvent.Expired(id, serial, "day order expired", now));
    }
    return OrderResult.accepted("", serial, id, OrderState.SUBMITTED, 0);
  }

  private static OrderEvent fill(String id, String serial, int execution, int lots, long now) {
    return new OrderEvent.Filled(
        id, serial, serial + "-" + execution, lots, Price.ofUnits(FILL_UNITS), now);
  }

  private synchronized void record(String id, OrderState state, int lots, int filled) {
    orders.put(id, new OrderUpdate(id, state, lots, filled, filled * FILL_UNITS, "", ""));
  }

  private void emit(OrderEvent event) {
    listeners.forEach(listener -> listener.onOrderEvent(event));
  }

  /** Fills a resting order in full now, as a later trade reaching its limit would. */
  void fillResting(String clientOrderId, String serial) {
    int lots = orderState(clientOrderId).orElseThrow().quantity();
    record(clientOrderId, OrderState.FILLED, lots, lots);
    emit(fill(clientOrderId, serial, 1, lots, System.currentTimeMillis()));
  }

  /** Trades delivered together, as one feed message would bring them. */
  void emitTicks(List<MarketTick> ticks) {
    listeners.forEach(listener -> listener.onTicks(ticks));
  }

  void emitQuote(BestBidOffer quote) {
    listeners.forEach(listener -> listener.onBestBidOffer(quote));
  }

  @Override
  public synchronized Optional<OrderUpdate> orderState(String clientOrderId) {
    return Optional.ofNullable(orders.get(clientOrderId));
  }

  @Override
  public synchronized List<OrderUpdate> workingOrders(String account) {
    List<OrderUpdate> working = new ArrayList<>();
    for (OrderUpdate update : orders.values()) {
      if (!update.state().isFinal()) {
        working.add(update);
      }
    }
    return working;
  }

  @Override
  public List<Position> positions(String account) {
    return List.of(
        new Position(
            account,
            SYMBOL,
            -2,
            Price.parse("21990.25"),
            Price.parse("22000.5"),
            Price.ZERO,
            Price.parse("-20.5"),
            200));
  }
}
