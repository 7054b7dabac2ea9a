package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;

/** Shared pieces of the simulated broker's tests: settings, orders, ticks and a recorder. */
final class SimTrading {

  static final Clock MONDAY_0900_TAIPEI =
      Clock.fixed(Instant.parse("2026-11-23T01:00:00Z"), ZoneOffset.UTC);
  static final long TIME = 1_763_859_600_000L;
  static final String ACCOUNT = SimSettings.DEFAULT_ORDER_ACCOUNT;

  private static final AtomicLong CLIENT_ORDER_IDS = new AtomicLong();

  private SimTrading() {}

  static SimSettings settings() {
    return SimSettings.defaults().withClock(MONDAY_0900_TAIPEI);
  }

  static void login(SimExchangeApi sim) {
    assertThat(
            sim.login(
                    SimSettings.DEFAULT_DEMO_ACCOUNT,
                    SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray())
                .success())
        .isTrue();
  }

  static void tradeAt(SimExchangeApi sim, long points) {
    tradeAt(sim, points, TIME);
  }

  static void tradeAt(SimExchangeApi sim, long points, long timeMillis) {
    sim.feed(new MarketTick("TXF", Price.ofPoints(points).units(), 1, timeMillis));
  }

  static String nextClientOrderId() {
    return "t-" + CLIENT_ORDER_IDS.incrementAndGet();
  }

  static OrderRequest market(Side side, int quantity, TimeInForce timeInForce) {
    return order(side, OrderType.MARKET, 0, quantity, OpenClose.AUTO, timeInForce);
  }

  static OrderRequest limit(Side side, long points, int quantity, TimeInForce timeInForce) {
    return order(side, OrderType.LIMIT, points, quantity, OpenClose.AUTO, timeInForce);
  }

  static OrderRequest order(
      Side side,
      OrderType type,
      long pricePoints,
      int quantity,
      OpenClose openClose,
      TimeInForce timeInForce) {
    return new OrderRequest(
        ACCOUNT,
        "TXF",
        side,
        type,
        Price.ofPoints(pricePoints),
        quantity,
        openClose,
        "sim test",
        DayTrade.NO,
        timeInForce,
        nextClientOrderId());
  }

  /** The same order under another client order id. */
  static OrderRequest withId(OrderRequest request, String clientOrderId) {
    return new OrderRequest(
        request.orderAccount(),
        request.itemCode(),
        request.side(),
        request.orderType(),
        request.price(),
        request.quantity(),
        request.openClose(),
        request.note(),
        request.dayTrade(),
        request.timeInForce(),
        clientOrderId);
  }

  /** Records order events with the thread that delivered them. */
  static final class Recorder implements ExchangeListener {
    final List<OrderEvent> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onOrderEvent(OrderEvent event) {
      events.add(event);
      threads.add(Thread.currentThread().getName());
    }

    List<OrderEvent> of(String clientOrderId) {
      return events.stream().filter(e -> e.clientOrderId().equals(clientOrderId)).toList();
    }

    /** The event kinds of one order, e.g. {@code [accepted, filled 2, cancelled]}. */
    List<String> kindsOf(String clientOrderId) {
      return of(clientOrderId).stream().map(SimTrading::kind).toList();
    }

    /** The order as its events leave it; fails if the lifecycle refuses one. */
    Order replay(OrderRequest request) {
      Order order = new Order(request, null);
      for (OrderEvent event : of(request.clientOrderId())) {
        assertThat(order.apply(event))
            .as("%s: %s", event, order.lastRefusal())
            .isNotEqualTo(Order.Outcome.REFUSED);
      }
      return order;
    }
  }

  static String kind(OrderEvent event) {
    if (event instanceof OrderEvent.Filled fill) {
      return "filled " + fill.quantity();
    }
    return event.getClass().getSimpleName().toLowerCase();
  }
}
