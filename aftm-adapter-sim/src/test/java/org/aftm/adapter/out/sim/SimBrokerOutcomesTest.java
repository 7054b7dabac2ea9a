package org.aftm.adapter.out.sim;

import static org.aftm.adapter.out.sim.SimTrading.ACCOUNT;
import static org.aftm.adapter.out.sim.SimTrading.limit;
import static org.aftm.adapter.out.sim.SimTrading.login;
import static org.aftm.adapter.out.sim.SimTrading.market;
import static org.aftm.adapter.out.sim.SimTrading.order;
import static org.aftm.adapter.out.sim.SimTrading.settings;
import static org.aftm.adapter.out.sim.SimTrading.tradeAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aftm.adapter.out.sim.SimTrading.Recorder;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated broker's order outcomes: rejections, partial fills, delays, determinism. */
class SimBrokerOutcomesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final List<SimExchangeApi> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(SimExchangeApi::close);
  }

  private SimExchangeApi open(SimSettings settings, Recorder recorder) {
    SimExchangeApi sim = new SimExchangeApi(settings);
    opened.add(sim);
    sim.addListener(recorder);
    login(sim);
    tradeAt(sim, 22_000);
    return sim;
  }

  // ---- event sequences

  @Test
  void aMarketOrderIsAcceptedThenFilledInOneExecution() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings(), events);
    OrderRequest request = market(Side.BUY, 3, TimeInForce.IOC);

    OrderResult result = sim.placeOrder(request);

    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "filled 3");
    OrderEvent.Filled fill = (OrderEvent.Filled) events.of(request.clientOrderId()).get(1);
    assertThat(fill.executionId()).isEqualTo(result.orderSerial() + "-1");
    assertThat(fill.price()).isEqualTo(Price.ofPoints(22_000));
    assertThat(sim.orderState(request.clientOrderId()))
        .contains(
            new OrderUpdate(
                request.clientOrderId(),
                OrderState.FILLED,
                3,
                3,
                Price.ofPoints(66_000).units(),
                "",
                ""));
  }

  @Test
  void anIocLimitThatCannotTradeIsAcceptedThenCancelledWithNothingFilled() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings(), events);
    OrderRequest request = limit(Side.BUY, 21_990, 2, TimeInForce.IOC);

    sim.placeOrder(request);

    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "cancelled");
    assertThat(((OrderEvent.Cancelled) events.of(request.clientOrderId()).get(1)).reason())
        .contains("IOC limit 21990 not reached by the last price 22000");
    assertThat(sim.positions(ACCOUNT)).isEmpty();
  }

  @Test
  void aRestingRodLimitIsAcceptedNowAndFilledWhenALaterTradeReachesIt() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings(), events);
    OrderRequest request = limit(Side.SELL, 22_020, 2, TimeInForce.ROD);

    sim.placeOrder(request);
    tradeAt(sim, 22_010);

    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted");
    assertThat(sim.orderState(request.clientOrderId()).orElseThrow().state())
        .isEqualTo(OrderState.ACCEPTED);

    tradeAt(sim, 22_030);

    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "filled 2");
    assertThat(events.replay(request).state()).isEqualTo(OrderState.FILLED);
    assertThat(sim.positions(ACCOUNT).get(0).averagePrice()).isEqualTo(Price.ofPoints(22_020));
  }

  @Test
  void aRestingCloseOrderWhosePositionWentAwayIsCancelledNotFilled() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings(), events);
    sim.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
    OrderRequest restingClose =
        order(Side.SELL, OrderType.LIMIT, 22_050, 1, OpenClose.CLOSE, TimeInForce.ROD);
    sim.placeOrder(restingClose);
    sim.placeOrder(order(Side.SELL, OrderType.MARKET, 0, 1, OpenClose.CLOSE, TimeInForce.IOC));

    tradeAt(sim, 22_060);

    assertThat(events.kindsOf(restingClose.clientOrderId()))
        .containsExactly("accepted", "cancelled");
    assertThat(sim.positions(ACCOUNT).get(0).quantity()).isZero();
  }

  @Test
  void aRepeatedClientOrderIdIsAcknowledgedAgainButPlacedOnce() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings(), events);
    OrderRequest request = market(Side.BUY, 1, TimeInForce.IOC);

    OrderResult first = sim.placeOrder(request);
    OrderResult again = sim.placeOrder(request);

    assertThat(again.sent()).isTrue();
    assertThat(again.orderSerial()).isEqualTo(first.orderSerial());
    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "filled 1");
    assertThat(sim.positions(ACCOUNT).get(0).quantity()).isEqualTo(1);
  }

  // ---- rejections

  @Test
  void rejectRateOneRejectsEveryAcknowledgedOrderAndNothingTrades() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withRejectRate(1), events);
    List<OrderRequest> requests = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      OrderRequest request = market(Side.BUY, 1 + i % 3, TimeInForce.IOC);
      requests.add(request);
      OrderResult result = sim.placeOrder(request);
      assertThat(result.sent()).isTrue();
      assertThat(result.status()).isEqualTo(OrderState.SUBMITTED);
    }

    for (OrderRequest request : requests) {
      assertThat(events.of(request.clientOrderId()))
          .singleElement()
          .isInstanceOfSatisfying(
              OrderEvent.Rejected.class,
              rejected -> {
                assertThat(rejected.errorCode()).isEqualTo("BROKER_REJECTED");
                assertThat(rejected.reason()).isEqualTo("simulated broker rejection");
              });
      OrderUpdate update = sim.orderState(request.clientOrderId()).orElseThrow();
      assertThat(update.state()).isEqualTo(OrderState.REJECTED);
      assertThat(update.errorCode()).isEqualTo("BROKER_REJECTED");
    }
    assertThat(sim.positions(ACCOUNT)).isEmpty();
  }

  @Test
  void rejectRateZeroRejectsNoneAndAHalfRateRejectsSome() {
    Recorder none = new Recorder();
    Recorder half = new Recorder();
    SimExchangeApi faultless = open(settings(), none);
    SimExchangeApi flaky = open(settings().withRejectRate(0.5), half);

    for (int i = 0; i < 100; i++) {
      faultless.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
      flaky.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
    }

    assertThat(none.events).noneMatch(OrderEvent.Rejected.class::isInstance);
    long rejected = half.events.stream().filter(OrderEvent.Rejected.class::isInstance).count();
    assertThat(rejected).isBetween(25L, 75L);
    assertThat(flaky.positions(ACCOUNT).get(0).quantity()).isEqualTo(100 - (int) rejected);
  }

  // ---- partial fills

  @Test
  void partialFillRateOneFillsPartOfAnIocAndCancelsTheRest() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withPartialFillRate(1), events);
    int filledTotal = 0;
    boolean someFilled = false;

    for (int i = 0; i < 20; i++) {
      OrderRequest request =
          i % 2 == 0
              ? market(Side.BUY, 10, TimeInForce.ROD)
              : limit(Side.BUY, 22_000, 10, TimeInForce.IOC);
      sim.placeOrder(request);
      Order order = events.replay(request);
      assertThat(order.state()).isEqualTo(OrderState.CANCELLED);
      assertThat(order.filledQuantity()).isBetween(0, 9);
      List<String> kinds = events.kindsOf(request.clientOrderId());
      assertThat(kinds.get(0)).isEqualTo("accepted");
      assertThat(kinds.get(kinds.size() - 1)).isEqualTo("cancelled");
      assertThat(kinds).hasSize(order.filledQuantity() > 0 ? 3 : 2);
      assertThat(
              ((OrderEvent.Cancelled) events.of(request.clientOrderId()).get(kinds.size() - 1))
                  .reason())
          .contains("only " + order.filledQuantity() + " of 10 lots");
      filledTotal += order.filledQuantity();
      someFilled |= order.filledQuantity() > 0;
    }

    assertThat(someFilled).isTrue();
    assertThat(sim.positions(ACCOUNT).get(0).quantity()).isEqualTo(filledTotal);
  }

  @Test
  void aOneLotIocOnAPartialRollFillsNothing() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withPartialFillRate(1), events);
    OrderRequest request = market(Side.SELL, 1, TimeInForce.IOC);

    sim.placeOrder(request);

    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "cancelled");
    assertThat(sim.positions(ACCOUNT)).isEmpty();
  }

  @Test
  void aFokIsAllOrNothing() {
    Recorder partial = new Recorder();
    Recorder full = new Recorder();
    SimExchangeApi starved = open(settings().withPartialFillRate(1), partial);
    SimExchangeApi liquid = open(settings(), full);
    OrderRequest fokLimit = limit(Side.BUY, 22_000, 5, TimeInForce.FOK);
    OrderRequest fokMarket = market(Side.BUY, 5, TimeInForce.FOK);

    starved.placeOrder(fokLimit);
    starved.placeOrder(fokMarket);
    liquid.placeOrder(fokLimit);

    assertThat(partial.kindsOf(fokLimit.clientOrderId())).containsExactly("accepted", "cancelled");
    assertThat(partial.kindsOf(fokMarket.clientOrderId())).containsExactly("accepted", "cancelled");
    assertThat(((OrderEvent.Cancelled) partial.of(fokLimit.clientOrderId()).get(1)).reason())
        .contains("FOK")
        .contains("nothing filled");
    assertThat(starved.positions(ACCOUNT)).isEmpty();
    assertThat(full.kindsOf(fokLimit.clientOrderId())).containsExactly("accepted", "filled 5");
  }

  @Test
  void aMarketableRodLimitFillsInFullWhateverThePartialRate() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withPartialFillRate(1), events);
    OrderRequest request = limit(Side.BUY, 22_005, 4, TimeInForce.ROD);

    sim.placeOrder(request);

    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "filled 4");
  }

  // ---- determinism and the lifecycle

  @Test
  void theSameSeedAndOrdersGiveTheSameOutcomes() {
    assertThat(outcomesOf(11)).isEqualTo(outcomesOf(11));
    assertThat(outcomesOf(11)).isNotEqualTo(outcomesOf(12));
  }

  /** Event kinds of a fixed sequence of orders, per order, with the given seed. */
  private List<List<String>> outcomesOf(long seed) {
    Recorder events = new Recorder();
    SimExchangeApi sim =
        open(settings().withSeed(seed).withRejectRate(0.3).withPartialFillRate(0.5), events);
    List<List<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      OrderRequest request = market(i % 3 == 0 ? Side.SELL : Side.BUY, 1 + i % 7, TimeInForce.IOC);
      sim.placeOrder(request);
      outcomes.add(events.kindsOf(request.clientOrderId()));
    }
    return outcomes;
  }

  @Test
  void everyEventOfARandomizedRunIsAcceptedByTheOrderLifecycle() {
    Random random = new Random(20_261_123L);
    Recorder events = new Recorder();
    SimExchangeApi sim =
        open(settings().withSeed(5).withRejectRate(0.2).withPartialFillRate(0.4), events);
    List<OrderRequest> placed = new ArrayList<>();
    long price = 22_000;
    OrderType[] types = OrderType.values();
    TimeInForce[] tifs = TimeInForce.values();

    for (int i = 0; i < 400; i++) {
      price += random.nextInt(21) - 10;
      tradeAt(sim, price, SimTrading.TIME + i);
      OrderType type = types[random.nextInt(types.length)];
      OrderRequest request =
          order(
              random.nextBoolean() ? Side.BUY : Side.SELL,
              type,
              type == OrderType.LIMIT ? price + random.nextInt(21) - 10 : 0,
              1 + random.nextInt(6),
              random.nextInt(4) == 0 ? OpenClose.CLOSE : OpenClose.AUTO,
              tifs[random.nextInt(tifs.length)]);
      if (sim.placeOrder(request).sent()) {
        placed.add(request);
      }
    }

    assertThat(placed).hasSizeGreaterThan(200);
    int netFilled = 0;
    for (OrderRequest request : placed) {
      Order order = events.replay(request);
      OrderUpdate update = sim.orderState(request.clientOrderId()).orElseThrow();
      assertThat(update).isEqualTo(order.toUpdate());
      boolean resting =
          order.state() == OrderState.ACCEPTED && request.timeInForce() == TimeInForce.ROD;
      assertThat(order.state().isFinal() || resting).as(request.clientOrderId()).isTrue();
      netFilled += request.side().sign() * order.filledQuantity();
    }
    assertThat(
            sim.positions(ACCOUNT).stream()
                .filter(p -> p.itemCode().equals("TXF"))
                .mapToInt(Position::quantity)
                .sum())
        .isEqualTo(netFilled);
    assertThat(events.events.stream().map(SimTrading::kind).distinct())
        .contains("accepted", "rejected", "cancelled");
  }

  // ---- delays

  @Test
  void delayedEventsArriveOnTheBrokerThreadAfterPlaceOrderReturned() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withAckDelayMillis(150).withFillDelayMillis(50), events);
    OrderRequest request = market(Side.BUY, 2, TimeInForce.IOC);

    OrderResult result = sim.placeOrder(request);

    assertThat(result.sent()).isTrue();
    assertThat(result.status()).isEqualTo(OrderState.SUBMITTED);
    assertThat(events.events).isEmpty();
    await().atMost(DEADLINE).until(() -> events.kindsOf(request.clientOrderId()).size() == 2);
    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "filled 2");
    assertThat(events.threads).containsOnly(SimExchangeApi.EVENT_THREAD_NAME);
    assertThat(sim.positions(ACCOUNT).get(0).quantity()).isEqualTo(2);
  }

  @Test
  void aDelayedFillIsPricedAtTheLastPriceWhenItExecutes() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withFillDelayMillis(400), events);
    OrderRequest request = market(Side.BUY, 1, TimeInForce.IOC);

    sim.placeOrder(request);
    await().atMost(DEADLINE).until(() -> !events.of(request.clientOrderId()).isEmpty());
    tradeAt(sim, 22_040);

    await().atMost(DEADLINE).until(() -> events.of(request.clientOrderId()).size() == 2);
    assertThat(events.of(request.clientOrderId()).get(1))
        .isInstanceOfSatisfying(
            OrderEvent.Filled.class,
            fill -> assertThat(fill.price()).isEqualTo(Price.ofPoints(22_040)));
  }

  @Test
  void delayedFillsOfRestingOrdersAlsoComeOnTheBrokerThreadInOrder() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withAckDelayMillis(1), events);
    OrderRequest request = limit(Side.BUY, 21_990, 1, TimeInForce.ROD);

    sim.placeOrder(request);
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                sim.orderState(request.clientOrderId()).orElseThrow().state()
                    == OrderState.ACCEPTED);
    tradeAt(sim, 21_980);

    await().atMost(DEADLINE).until(() -> events.of(request.clientOrderId()).size() == 2);
    assertThat(events.kindsOf(request.clientOrderId())).containsExactly("accepted", "filled 1");
    assertThat(events.threads).containsOnly(SimExchangeApi.EVENT_THREAD_NAME);
  }

  @Test
  void closeStopsTheBrokerThread() {
    Recorder events = new Recorder();
    SimExchangeApi sim = open(settings().withAckDelayMillis(1), events);
    OrderRequest request = market(Side.BUY, 1, TimeInForce.IOC);
    sim.placeOrder(request);
    await().atMost(DEADLINE).until(() -> events.of(request.clientOrderId()).size() == 2);
    assertThat(brokerThreadAlive()).isTrue();

    sim.close();

    await().atMost(DEADLINE).until(() -> !brokerThreadAlive());
  }

  private boolean brokerThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(SimExchangeApi.EVENT_THREAD_NAME) && t.isAlive());
  }
}
