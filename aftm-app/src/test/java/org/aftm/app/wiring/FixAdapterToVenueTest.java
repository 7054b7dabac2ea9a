package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.adapter.out.fix.FixExchangeApi;
import org.aftm.adapter.out.fix.FixSettings;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.adapter.out.fix.venue.FixVenue;
import org.aftm.adapter.out.fix.venue.FixVenueSettings;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimSettings;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two halves of issue #12 together, in one JVM over loopback: {@link FixExchangeApi} → {@link
 * FixVenue} → {@link SimExchangeApi}. Covers the seams between them: cancel, status by ClOrdID
 * alone, the order account, and a FIX 4.2 session.
 */
class FixAdapterToVenueTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final long PRICE = Price.parse("22000").units();

  @TempDir Path temp;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<OrderEvent> events = new CopyOnWriteArrayList<>();
  private SimExchangeApi broker;
  private FixVenue venue;

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private void startVenue(FixVersion version) {
    broker = new SimExchangeApi(SimSettings.defaults());
    toClose.add(broker);
    broker.feed(new MarketTick("TXF", PRICE, 1, System.currentTimeMillis()));
    venue =
        FixVenue.start(
            broker,
            new FixVenueSettings(
                "127.0.0.1", 0, temp.resolve("venue"), "AFTM-VENUE", "AFTM", version, false));
    toClose.add(venue);
  }

  /** An adapter logged on as the demo user, with no AFTM_FIX_ACCOUNT. */
  private FixExchangeApi adapter(FixVersion version) {
    FixExchangeApi fix =
        new FixExchangeApi(
            FixSettings.of(
                    "127.0.0.1",
                    venue.address().getPort(),
                    "AFTM",
                    "AFTM-VENUE",
                    version,
                    30,
                    temp.resolve("store"))
                .withTimeouts(List.of(1), Duration.ofSeconds(10), Duration.ofSeconds(4)));
    toClose.add(fix);
    fix.addListener(
        new ExchangeListener() {
          @Override
          public void onOrderEvent(OrderEvent event) {
            events.add(event);
          }
        });
    assertThat(fix.login("demo", "demo".toCharArray()).success()).isTrue();
    return fix;
  }

  private static OrderRequest order(
      String account, String id, OrderType type, long priceUnits, int lots) {
    return new OrderRequest(
        account,
        "TXF",
        Side.BUY,
        type,
        type == OrderType.LIMIT ? Price.ofUnits(priceUnits) : Price.ZERO,
        lots,
        OpenClose.AUTO,
        "",
        DayTrade.NO,
        TimeInForce.ROD,
        id);
  }

  private <T extends OrderEvent> T awaitEvent(Class<T> type, String clientOrderId) {
    await("a " + type.getSimpleName() + " for " + clientOrderId)
        .atMost(DEADLINE)
        .until(() -> events.stream().anyMatch(e -> matches(e, type, clientOrderId)));
    return type.cast(
        events.stream().filter(e -> matches(e, type, clientOrderId)).findFirst().get());
  }

  private static boolean matches(OrderEvent event, Class<?> type, String clientOrderId) {
    return type.isInstance(event) && event.clientOrderId().equals(clientOrderId);
  }

  @Test
  void theLoginAccountTradesTheBrokersOrderAccountWithoutConfiguringIt() {
    startVenue(FixVersion.FIX44);
    FixExchangeApi fix = adapter(FixVersion.FIX44);
    assertThat(fix.orderAccounts()).containsExactly("demo");

    assertThat(fix.placeOrder(order("demo", "acct-1", OrderType.MARKET, 0, 2)).sent()).isTrue();

    assertThat(awaitEvent(OrderEvent.Filled.class, "acct-1").quantity()).isEqualTo(2);
    // The venue placed it on the simulator's own account, and answers for it under the login.
    assertThat(broker.positions(SimSettings.DEFAULT_ORDER_ACCOUNT))
        .extracting(Position::quantity)
        .containsExactly(2);
    assertThat(fix.positions("demo")).extracting(Position::quantity).containsExactly(2);
  }

  @Test
  void aRestingLimitIsCancelledThroughTheVenue() {
    startVenue(FixVersion.FIX44);
    FixExchangeApi fix = adapter(FixVersion.FIX44);
    long below = PRICE - Price.parse("100").units();
    assertThat(fix.placeOrder(order("demo", "rest-1", OrderType.LIMIT, below, 1)).sent()).isTrue();
    awaitEvent(OrderEvent.Accepted.class, "rest-1");
    assertThat(fix.workingOrders("demo"))
        .extracting(OrderUpdate::clientOrderId)
        .containsExactly("rest-1");

    assertThat(fix.cancelOrder("rest-1")).isTrue();

    awaitEvent(OrderEvent.Cancelled.class, "rest-1");
    assertThat(broker.orderState("rest-1").orElseThrow().state()).isEqualTo(OrderState.CANCELLED);
    // Off the book: a trade through its limit fills nothing.
    broker.feed(new MarketTick("TXF", below - Price.parse("10").units(), 1, 0));
    assertThat(broker.positions(SimSettings.DEFAULT_ORDER_ACCOUNT)).isEmpty();
    assertThat(events).noneMatch(e -> e instanceof OrderEvent.Filled);
    assertThat(fix.workingOrders("demo")).isEmpty();
  }

  @Test
  void aFilledOrderCannotBeCancelledAndItsFillStands() {
    startVenue(FixVersion.FIX44);
    FixExchangeApi fix = adapter(FixVersion.FIX44);
    fix.placeOrder(order("demo", "done-1", OrderType.MARKET, 0, 1));
    awaitEvent(OrderEvent.Filled.class, "done-1");

    // The venue answers OrderCancelReject (too late), which is no event.
    assertThat(fix.cancelOrder("done-1")).isTrue();
    fix.placeOrder(order("demo", "after-1", OrderType.MARKET, 0, 1));
    awaitEvent(OrderEvent.Filled.class, "after-1");
    assertThat(events).noneMatch(e -> e instanceof OrderEvent.Cancelled);
    assertThat(broker.orderState("done-1").orElseThrow().state()).isEqualTo(OrderState.FILLED);
  }

  @Test
  void anAdapterThatForgotAnOrderAsksByClOrdIdAloneAndGetsItsState() {
    startVenue(FixVersion.FIX44);
    FixExchangeApi first = adapter(FixVersion.FIX44);
    first.placeOrder(order("demo", "kept-1", OrderType.MARKET, 0, 3));
    awaitEvent(OrderEvent.Filled.class, "kept-1");
    first.close();
    toClose.remove(first);

    // A new adapter on the same store, as after a restart: it sends Symbol NONE and Side 1.
    FixExchangeApi second = adapter(FixVersion.FIX44);
    OrderUpdate state = second.orderState("kept-1").orElseThrow();

    assertThat(state.state()).isEqualTo(OrderState.FILLED);
    assertThat(state.filledQuantity()).isEqualTo(3);
    assertThat(second.orderState("never-placed")).isEmpty();
  }

  @Test
  void aFix42VenueAcceptsTheAdaptersLogonWithUsernameAndPassword() {
    startVenue(FixVersion.FIX42);
    FixExchangeApi fix = adapter(FixVersion.FIX42);
    assertThat(fix.isLoggedIn()).isTrue();

    fix.placeOrder(order("demo", "v42-1", OrderType.MARKET, 0, 1));

    assertThat(awaitEvent(OrderEvent.Filled.class, "v42-1").quantity()).isEqualTo(1);
    assertThat(fix.orderState("v42-1").orElseThrow().state()).isEqualTo(OrderState.FILLED);
  }
}
