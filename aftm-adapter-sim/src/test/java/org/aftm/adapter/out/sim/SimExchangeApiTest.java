package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the simulated broker does beyond the port's contract. */
class SimExchangeApiTest {

  private static final Clock MONDAY_0900_TAIPEI =
      Clock.fixed(Instant.parse("2026-11-23T01:00:00Z"), ZoneOffset.UTC);
  private static final long TIME = 1_763_859_600_000L;

  private final SimExchangeApi sim =
      new SimExchangeApi(SimSettings.defaults().withClock(MONDAY_0900_TAIPEI));

  @AfterEach
  void close() {
    sim.close();
  }

  @Test
  void listsTheFrontAndNextMonthCodesOfTheClockDate() {
    assertThat(sim.contracts())
        .extracting(Contract::code)
        .containsExactly("TXFL6", "TXFA7", "MXFL6", "MXFA7");
    Contract txf = sim.contracts().get(0);
    assertThat(txf.deliveryMonth()).isEqualTo("202612");
    assertThat(txf.name()).contains("臺股期貨").contains("TAIEX");
    assertThat(txf.limitDown()).isEqualTo(Price.ofPoints(19_800));
    assertThat(txf.limitUp()).isEqualTo(Price.ofPoints(24_200));
  }

  @Test
  void theBareProductCodeTradesTheFrontMonthAndKeepsItsName() {
    login();
    sim.feed(new MarketTick("TXFL6", Price.ofPoints(22_000).units(), 1, TIME));

    OrderResult result =
        sim.placeOrder(
            order("TXF", Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC));
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_005).units(), 1, TIME));

    assertThat(result.status()).isEqualTo(OrderState.SUBMITTED);
    List<Position> positions = sim.positions(SimSettings.DEFAULT_ORDER_ACCOUNT);
    assertThat(positions)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.itemCode()).isEqualTo("TXF");
              assertThat(p.lastPrice()).isEqualTo(Price.ofPoints(22_005));
              assertThat(p.pointValue()).isEqualTo(200);
            });
  }

  @Test
  void positionsListEveryInstrumentTraded() {
    login();
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));
    sim.feed(new MarketTick("MXF", Price.ofPoints(22_000).units(), 1, TIME));
    sim.placeOrder(order("TXF", Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC));
    sim.placeOrder(
        order("MXF", Side.SELL, OrderType.MARKET, 0, 4, OpenClose.AUTO, TimeInForce.IOC));
    sim.placeOrder(
        order("TXF", Side.SELL, OrderType.MARKET, 0, 1, OpenClose.CLOSE, TimeInForce.IOC));

    assertThat(sim.positions(SimSettings.DEFAULT_ORDER_ACCOUNT))
        .extracting(Position::itemCode, Position::quantity, Position::pointValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("MXF", -4, 50L),
            org.assertj.core.groups.Tuple.tuple("TXF", 0, 200L));
  }

  @Test
  void anOrderBeforeAnyPriceIsRefusedWithAClearMessage() {
    login();

    OrderResult result =
        sim.placeOrder(
            order("TXF", Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC));

    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isEqualTo("BROKER_REJECTED");
    assertThat(result.errorMessage()).contains("no market price yet for TXF");
  }

  @Test
  void aCloseOrderNeverOpensAPosition() {
    login();
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));

    OrderResult nothingHeld =
        sim.placeOrder(
            order("TXF", Side.SELL, OrderType.MARKET, 0, 1, OpenClose.CLOSE, TimeInForce.IOC));
    sim.placeOrder(order("TXF", Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC));
    OrderResult tooMany =
        sim.placeOrder(
            order("TXF", Side.SELL, OrderType.MARKET, 0, 2, OpenClose.CLOSE, TimeInForce.IOC));

    assertThat(nothingHeld.sent()).isFalse();
    assertThat(nothingHeld.errorCode()).isEqualTo("BROKER_REJECTED");
    assertThat(tooMany.sent()).isFalse();
    assertThat(tooMany.errorMessage()).contains("position is 1");
    assertThat(sim.positions(SimSettings.DEFAULT_ORDER_ACCOUNT))
        .singleElement()
        .satisfies(p -> assertThat(p.quantity()).isEqualTo(1));
  }

  @Test
  void acceptThenFillArriveOnTheCallersThreadBeforePlaceOrderReturns() {
    login();
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));
    List<String> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    sim.addListener(
        new ExchangeListener() {
          @Override
          public void onOrderEvent(OrderEvent event) {
            String where = Thread.currentThread() == caller ? "" : " elsewhere";
            if (event instanceof OrderEvent.Filled fill) {
              seen.add("filled " + fill.quantity() + "@" + fill.price() + where);
            } else {
              seen.add(event.getClass().getSimpleName().toLowerCase() + where);
            }
          }
        });

    OrderResult result =
        sim.placeOrder(
            order("TXF", Side.BUY, OrderType.MARKET, 0, 2, OpenClose.AUTO, TimeInForce.IOC));

    assertThat(seen).containsExactly("accepted", "filled 2@22000");
    assertThat(result.status()).isEqualTo(OrderState.SUBMITTED);
    assertThat(result.filledQuantity()).isZero();
  }

  @Test
  void feedFillsRestingOrdersBeforeItReturnsStampedWithTheTickTime() {
    login();
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));
    sim.placeOrder(
        order("TXF", Side.SELL, OrderType.LIMIT, 22_010, 1, OpenClose.AUTO, TimeInForce.ROD));
    sim.placeOrder(
        order("TXF", Side.SELL, OrderType.LIMIT, 22_020, 1, OpenClose.AUTO, TimeInForce.ROD));
    List<OrderEvent.Filled> fills = new ArrayList<>();
    sim.addListener(
        new ExchangeListener() {
          @Override
          public void onOrderEvent(OrderEvent event) {
            if (event instanceof OrderEvent.Filled fill) {
              fills.add(fill);
            }
          }
        });

    sim.feed(new MarketTick("TXFL6", Price.ofPoints(22_015).units(), 1, TIME + 500));

    assertThat(fills)
        .singleElement()
        .satisfies(
            fill -> {
              assertThat(fill.price()).isEqualTo(Price.ofPoints(22_010));
              assertThat(fill.timeMillis()).isEqualTo(TIME + 500);
              assertThat(fill.executionId()).isEqualTo(fill.orderSerial() + "-1");
            });
    assertThat(sim.positions(SimSettings.DEFAULT_ORDER_ACCOUNT))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.itemCode()).isEqualTo("TXF");
              assertThat(p.quantity()).isEqualTo(-1);
            });
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    List<MarketTick> ticks = new ArrayList<>();
    sim.addListener(
        new ExchangeListener() {
          @Override
          public void onTick(MarketTick tick) {
            throw new IllegalStateException("listener bug (expected by the test)");
          }
        });
    sim.addListener(
        new ExchangeListener() {
          @Override
          public void onTick(MarketTick tick) {
            ticks.add(tick);
          }
        });

    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));

    assertThat(ticks).hasSize(1);
  }

  @Test
  void aRemovedListenerHearsNothingMore() {
    List<MarketTick> ticks = new ArrayList<>();
    ExchangeListener listener =
        new ExchangeListener() {
          @Override
          public void onTick(MarketTick tick) {
            ticks.add(tick);
          }
        };
    sim.addListener(listener);
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));

    sim.removeListener(listener);
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_001).units(), 1, TIME));

    assertThat(ticks).hasSize(1);
  }

  @Test
  void ticksOfAnUnlistedInstrumentStillReachListenersButTradeNothing() {
    login();
    List<MarketTick> ticks = new ArrayList<>();
    sim.addListener(
        new ExchangeListener() {
          @Override
          public void onTick(MarketTick tick) {
            ticks.add(tick);
          }
        });

    sim.feed(new MarketTick("TXFA5", Price.ofPoints(18_000).units(), 1, TIME));

    assertThat(ticks).hasSize(1);
    assertThat(
            sim.placeOrder(
                    order(
                        "TXFA5", Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC))
                .errorCode())
        .isEqualTo("UNKNOWN_INSTRUMENT");
  }

  @Test
  void concurrentOrdersAllLandInThePosition() throws Exception {
    login();
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));
    List<String> serials = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    serials.add(
                        sim.placeOrder(
                                order(
                                    "TXF",
                                    Side.BUY,
                                    OrderType.MARKET,
                                    0,
                                    1,
                                    OpenClose.AUTO,
                                    TimeInForce.IOC))
                            .orderSerial());
                    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(serials).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(sim.positions(SimSettings.DEFAULT_ORDER_ACCOUNT).get(0).quantity()).isEqualTo(1_000);
  }

  @Test
  void closingDisconnectsRefusesLoginAndTellsListeners() {
    List<Boolean> connection = new ArrayList<>();
    sim.addListener(
        new ExchangeListener() {
          @Override
          public void onConnectionChanged(boolean connected) {
            connection.add(connected);
          }
        });
    login();

    sim.close();
    sim.close();

    assertThat(sim.isConnected()).isFalse();
    assertThat(sim.isLoggedIn()).isFalse();
    assertThat(connection).containsExactly(false);
    assertThat(
            sim.login(
                    SimSettings.DEFAULT_DEMO_ACCOUNT,
                    SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray())
                .success())
        .isFalse();
    assertThatThrownBy(() -> sim.subscribeQuotes("TXF")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void subscribingToAnUnlistedInstrumentFailsNamingIt() {
    assertThatThrownBy(() -> sim.subscribeQuotes("NOPE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOPE")
        .hasMessageContaining("TXFL6");
  }

  @Test
  void configuredCredentialsAndAccountsAreUsedAndThePasswordIsCopied() {
    char[] password = "s3cret".toCharArray();
    SimSettings settings =
        SimSettings.defaults()
            .withDemoCredentials("trader", password)
            .withOrderAccounts(List.of("F000-1", "F000-2"))
            .withClock(MONDAY_0900_TAIPEI);
    java.util.Arrays.fill(password, 'x');

    try (SimExchangeApi configured = new SimExchangeApi(settings)) {
      assertThat(configured.login("demo", "demo".toCharArray()).success()).isFalse();
      assertThat(configured.login("trader", "s3cre".toCharArray()).success()).isFalse();
      assertThat(configured.login("trader", "s3cret!".toCharArray()).success()).isFalse();
      assertThat(configured.login("trader", "s3cret".toCharArray()).success()).isTrue();
      assertThat(configured.orderAccounts()).containsExactly("F000-1", "F000-2");
    }
    assertThat(settings.toString()).doesNotContain("s3cret").contains("trader");
  }

  @Test
  void settingsNameTheBadValue() {
    assertThatThrownBy(() -> SimSettings.defaults().withStartingPrice("ZZZ", Price.ofPoints(100)))
        .hasMessageContaining("ZZZ");
    assertThatThrownBy(() -> SimSettings.defaults().withTicksPerSecond(0))
        .hasMessageContaining("ticks per second");
    assertThatThrownBy(() -> SimSettings.defaults().withOrderAccounts(List.of()))
        .hasMessageContaining("order account");
    assertThatThrownBy(() -> SimSettings.defaults().withRejectRate(1.5))
        .hasMessageContaining("rejectRate")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> SimSettings.defaults().withRejectRate(Double.NaN))
        .hasMessageContaining("rejectRate");
    assertThatThrownBy(() -> SimSettings.defaults().withPartialFillRate(-0.1))
        .hasMessageContaining("partialFillRate");
    assertThatThrownBy(() -> SimSettings.defaults().withAckDelayMillis(-1))
        .hasMessageContaining("ackDelayMillis");
    assertThatThrownBy(() -> SimSettings.defaults().withFillDelayMillis(-5))
        .hasMessageContaining("fillDelayMillis");
  }

  @Test
  void newSettingsDefaultToAnImmediateFaultlessBrokerInMemory() {
    SimSettings defaults = SimSettings.defaults();

    assertThat(defaults.rejectRate()).isZero();
    assertThat(defaults.partialFillRate()).isZero();
    assertThat(defaults.ackDelayMillis()).isZero();
    assertThat(defaults.fillDelayMillis()).isZero();
    assertThat(defaults.stateDirectory()).isNull();
    assertThat(defaults.delaysEvents()).isFalse();
    SimSettings tuned =
        defaults
            .withRejectRate(0.25)
            .withPartialFillRate(0.5)
            .withAckDelayMillis(3)
            .withFillDelayMillis(4)
            .withStateDirectory(java.nio.file.Path.of("state"))
            .withSeed(7);
    assertThat(tuned.rejectRate()).isEqualTo(0.25);
    assertThat(tuned.partialFillRate()).isEqualTo(0.5);
    assertThat(tuned.ackDelayMillis()).isEqualTo(3);
    assertThat(tuned.fillDelayMillis()).isEqualTo(4);
    assertThat(tuned.stateDirectory()).isEqualTo(java.nio.file.Path.of("state"));
    assertThat(tuned.delaysEvents()).isTrue();
    assertThat(tuned).isEqualTo(tuned.withSeed(7)).isNotEqualTo(tuned.withRejectRate(0.3));
    assertThat(tuned.toString()).contains("rejectRate=0.25").contains("stateDirectory=state");
  }

  @Test
  void theStartingPriceSetsTheLimits() {
    try (SimExchangeApi configured =
        new SimExchangeApi(
            SimSettings.defaults()
                .withStartingPrice("MXF", Price.ofPoints(18_000))
                .withClock(MONDAY_0900_TAIPEI))) {
      Contract mxf = configured.contracts().get(2);
      assertThat(mxf.code()).isEqualTo("MXFL6");
      assertThat(mxf.limitUp()).isEqualTo(Price.ofPoints(19_800));
      assertThat(mxf.limitDown()).isEqualTo(Price.ofPoints(16_200));
    }
  }

  private void login() {
    assertThat(
            sim.login(
                    SimSettings.DEFAULT_DEMO_ACCOUNT,
                    SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray())
                .success())
        .isTrue();
  }

  private static final AtomicLong CLIENT_ORDER_IDS = new AtomicLong();

  @Test
  void forgetsTheOldestFinishedOrdersBeyondItsBoundAndKeepsTheRecentOnes() {
    login();
    sim.feed(new MarketTick("TXF", Price.ofPoints(22_000).units(), 1, TIME));
    String first = null;
    String last = null;
    for (int i = 0; i <= SimExchangeApi.MAX_ORDERS_KEPT; i++) {
      Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
      OrderRequest request =
          order("TXF", side, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC);
      assertThat(sim.placeOrder(request).sent()).isTrue();
      first = first == null ? request.clientOrderId() : first;
      last = request.clientOrderId();
    }

    assertThat(sim.orderState(first)).as("the oldest finished order").isEmpty();
    assertThat(sim.orderState(last)).as("the newest").isPresent();
    assertThat(sim.positions(SimSettings.DEFAULT_ORDER_ACCOUNT))
        .allSatisfy(p -> assertThat(Math.abs(p.quantity())).isLessThanOrEqualTo(1));
  }

  private static OrderRequest order(
      String item,
      Side side,
      OrderType type,
      long pricePoints,
      int quantity,
      OpenClose openClose,
      TimeInForce timeInForce) {
    return new OrderRequest(
        SimSettings.DEFAULT_ORDER_ACCOUNT,
        item,
        side,
        type,
        Price.ofPoints(pricePoints),
        quantity,
        openClose,
        "sim test",
        DayTrade.NO,
        timeInForce,
        "sim-" + CLIENT_ORDER_IDS.incrementAndGet());
  }
}
