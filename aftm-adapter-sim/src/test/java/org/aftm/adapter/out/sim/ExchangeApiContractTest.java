package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.Contract;
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
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExchangeApi} adapter must do. A subclass supplies the adapter, its demo
 * credentials and a way to make the market trade at a price.
 */
abstract class ExchangeApiContractTest {

  protected static final Duration EVENT_DEADLINE = Duration.ofSeconds(5);

  private static final AtomicLong CLIENT_ORDER_IDS = new AtomicLong();

  protected ExchangeApi exchange;
  private final Events events = new Events();

  /** A fresh, connected, logged-out adapter. */
  protected abstract ExchangeApi newExchange();

  protected abstract String validAccount();

  protected abstract char[] validPassword();

  /** Makes a trade print at {@code price} for {@code itemCode}, so it becomes the last price. */
  protected abstract void tradeAt(String itemCode, Price price);

  /** Releases what {@link #newExchange()} created. */
  protected void release(ExchangeApi api) throws Exception {
    if (api instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @BeforeEach
  void createExchange() {
    exchange = newExchange();
    exchange.addListener(events);
  }

  @AfterEach
  void releaseExchange() throws Exception {
    release(exchange);
  }

  // ---- login

  @Test
  void loginWithTheDemoCredentialsSucceeds() {
    assertThat(exchange.isConnected()).isTrue();
    assertThat(exchange.isLoggedIn()).isFalse();

    LoginResult result = exchange.login(validAccount(), validPassword());

    assertThat(result.success()).isTrue();
    assertThat(exchange.isLoggedIn()).isTrue();
  }

  @Test
  void wrongPasswordIsRefusedAsAValueWithoutEchoingIt() {
    LoginResult result = exchange.login(validAccount(), "not-the-password".toCharArray());

    assertThat(result.success()).isFalse();
    assertThat(result.message()).isNotBlank().doesNotContain("not-the-password");
    assertThat(exchange.isLoggedIn()).isFalse();
  }

  @Test
  void unknownAccountIsRefusedAsAValue() {
    LoginResult result = exchange.login("nobody-" + validAccount(), validPassword());

    assertThat(result.success()).isFalse();
    assertThat(exchange.isLoggedIn()).isFalse();
  }

  @Test
  void logoutEndsTheSession() {
    exchange.login(validAccount(), validPassword());

    exchange.logout();

    assertThat(exchange.isLoggedIn()).isFalse();
  }

  // ---- contracts and accounts

  @Test
  void listsTaiexAndMiniTaiexFrontAndNextMonths() {
    List<Contract> txf = contractsOf("TXF");
    List<Contract> mxf = contractsOf("MXF");

    assertThat(txf)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.pointValue()).isEqualTo(200);
              assertThat(c.tickSize()).isEqualTo(Price.ofPoints(1));
            });
    assertThat(mxf)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.pointValue()).isEqualTo(50);
              assertThat(c.tickSize()).isEqualTo(Price.ofPoints(1));
            });
    assertThat(txf.get(0).deliveryMonth()).isLessThan(txf.get(1).deliveryMonth());
    assertThat(txf)
        .extracting(Contract::deliveryMonth)
        .isEqualTo(mxf.stream().map(Contract::deliveryMonth).toList());
    for (Contract contract : exchange.contracts()) {
      assertThat(contract.code()).startsWith(contract.product()).hasSize(5);
      assertThat(contract.limitDown()).isLessThan(contract.limitUp());
    }
  }

  @Test
  void theLoggedInUserHasOrderAccounts() {
    exchange.login(validAccount(), validPassword());

    assertThat(exchange.orderAccounts()).isNotEmpty().doesNotContainNull();
  }

  // ---- orders

  @Test
  void marketOrderIsAcknowledgedAtOnceThenAcceptedAndFilledAtTheLastPrice() {
    loginAndTradeAt(22_000);
    OrderRequest request = order(Side.BUY, OrderType.MARKET, 0, 2, OpenClose.AUTO, TimeInForce.IOC);

    OrderResult result = exchange.placeOrder(request);

    assertThat(result.sent()).isTrue();
    assertThat(result.status()).isIn(OrderState.SUBMITTED, OrderState.ACCEPTED);
    assertThat(result.filledQuantity()).isZero();
    assertThat(result.orderSerial()).isNotBlank();
    assertThat(result.clientOrderId()).isEqualTo(request.clientOrderId());
    Order order = awaitFinal(request);
    assertThat(order.state()).isEqualTo(OrderState.FILLED);
    assertThat(order.orderSerial()).isEqualTo(result.orderSerial());
    assertThat(events.of(request.clientOrderId()).get(0)).isInstanceOf(OrderEvent.Accepted.class);
    assertThat(events.fillsOf(request.clientOrderId()))
        .allSatisfy(fill -> assertThat(fill.price()).isEqualTo(Price.ofPoints(22_000)))
        .extracting(OrderEvent.Filled::executionId)
        .doesNotHaveDuplicates();
    await().atMost(EVENT_DEADLINE).until(() -> position(front("TXF")).quantity() == 2);
    assertThat(position(front("TXF")).averagePrice()).isEqualTo(Price.ofPoints(22_000));

    tradeAt(front("TXF"), Price.ofPoints(22_010));

    Position valued = position(front("TXF"));
    assertThat(valued.lastPrice()).isEqualTo(Price.ofPoints(22_010));
    assertThat(valued.unrealizedPnlPoints()).isEqualTo(Price.ofPoints(20));
    assertThat(valued.unrealizedPnl()).isEqualTo(Price.ofPoints(4_000));
  }

  @Test
  void serialsAreDistinct() {
    loginAndTradeAt(22_000);

    OrderResult first =
        exchange.placeOrder(
            order(Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC));
    OrderResult second =
        exchange.placeOrder(
            order(Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC));

    assertThat(first.orderSerial()).isNotEqualTo(second.orderSerial());
  }

  @Test
  void marketableLimitFillsAtTheLastPrice() {
    loginAndTradeAt(22_000);
    OrderRequest request =
        order(Side.SELL, OrderType.LIMIT, 21_990, 1, OpenClose.AUTO, TimeInForce.ROD);

    exchange.placeOrder(request);

    assertThat(awaitFinal(request).state()).isEqualTo(OrderState.FILLED);
    assertThat(events.fillsOf(request.clientOrderId()))
        .singleElement()
        .satisfies(fill -> assertThat(fill.price()).isEqualTo(Price.ofPoints(22_000)));
    await().atMost(EVENT_DEADLINE).until(() -> position(front("TXF")).quantity() == -1);
    assertThat(position(front("TXF")).averagePrice()).isEqualTo(Price.ofPoints(22_000));
  }

  @Test
  void limitOrderRestsThenFillsAtItsPriceWhenTheMarketCrossesIt() {
    loginAndTradeAt(22_000);
    OrderRequest request =
        order(Side.BUY, OrderType.LIMIT, 21_990, 1, OpenClose.AUTO, TimeInForce.ROD);

    OrderResult result = exchange.placeOrder(request);

    assertThat(result.sent()).isTrue();
    assertThat(result.filledQuantity()).isZero();
    await().atMost(EVENT_DEADLINE).until(() -> replay(request).state() == OrderState.ACCEPTED);
    assertThat(exchange.orderState(request.clientOrderId()))
        .hasValueSatisfying(update -> assertThat(update.state()).isEqualTo(OrderState.ACCEPTED));
    tradeAt(front("TXF"), Price.ofPoints(21_995));
    assertThat(position(front("TXF")).quantity()).isZero();

    tradeAt(front("TXF"), Price.ofPoints(21_985));

    assertThat(awaitFinal(request).state()).isEqualTo(OrderState.FILLED);
    assertThat(events.fillsOf(request.clientOrderId()))
        .singleElement()
        .satisfies(
            fill -> {
              assertThat(fill.orderSerial()).isEqualTo(result.orderSerial());
              assertThat(fill.price()).isEqualTo(Price.ofPoints(21_990));
              assertThat(fill.quantity()).isEqualTo(1);
            });
    await().atMost(EVENT_DEADLINE).until(() -> position(front("TXF")).quantity() == 1);
    assertThat(position(front("TXF")).averagePrice()).isEqualTo(Price.ofPoints(21_990));
    assertThat(exchange.orderState(request.clientOrderId()))
        .hasValueSatisfying(
            update -> {
              assertThat(update.state()).isEqualTo(OrderState.FILLED);
              assertThat(update.filledQuantity()).isEqualTo(1);
              assertThat(update.averageFillPriceUnits()).isEqualTo(Price.ofPoints(21_990).units());
            });
  }

  @Test
  void immediateOrCancelLimitThatCannotTradeIsAcceptedThenCancelled() {
    loginAndTradeAt(22_000);
    OrderRequest request =
        order(Side.BUY, OrderType.LIMIT, 21_990, 1, OpenClose.AUTO, TimeInForce.IOC);

    OrderResult result = exchange.placeOrder(request);

    assertThat(result.sent()).isTrue();
    Order order = awaitFinal(request);
    assertThat(order.state()).isEqualTo(OrderState.CANCELLED);
    assertThat(order.filledQuantity()).isZero();
    assertThat(order.reason()).isNotBlank();
    tradeAt(front("TXF"), Price.ofPoints(21_980));
    assertThat(events.fillsOf(request.clientOrderId())).isEmpty();
    assertThat(position(front("TXF")).quantity()).isZero();
  }

  @Test
  void closingReducesThePositionAndRealizesPnl() {
    loginAndTradeAt(22_000);
    OrderRequest open = order(Side.BUY, OrderType.MARKET, 0, 3, OpenClose.AUTO, TimeInForce.IOC);
    exchange.placeOrder(open);
    assertThat(awaitFinal(open).state()).isEqualTo(OrderState.FILLED);
    tradeAt(front("TXF"), Price.ofPoints(22_050));
    OrderRequest close = order(Side.SELL, OrderType.MARKET, 0, 2, OpenClose.CLOSE, TimeInForce.IOC);

    assertThat(exchange.placeOrder(close).sent()).isTrue();

    assertThat(awaitFinal(close).state()).isEqualTo(OrderState.FILLED);
    await().atMost(EVENT_DEADLINE).until(() -> position(front("TXF")).quantity() == 1);
    Position position = position(front("TXF"));
    assertThat(position.averagePrice()).isEqualTo(Price.ofPoints(22_000));
    assertThat(position.realizedPnlPoints()).isEqualTo(Price.ofPoints(100));
    assertThat(position.realizedPnl()).isEqualTo(Price.ofPoints(20_000));
    assertThat(position.unrealizedPnlPoints()).isEqualTo(Price.ofPoints(50));
  }

  @Test
  void ordersWhileLoggedOutAreRefusedAsValues() {
    loginAndTradeAt(22_000);
    OrderRequest request = order(Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC);
    exchange.logout();

    OrderResult result = exchange.placeOrder(request);

    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isEqualTo("NOT_LOGGED_IN");
    assertThat(result.status()).isEqualTo(OrderState.REJECTED);
    assertThat(exchange.orderState(request.clientOrderId())).isEmpty();
  }

  @Test
  void anOrderWithoutAClientOrderIdIsRefused() {
    loginAndTradeAt(22_000);
    OrderRequest request = order(Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC);

    OrderResult result = exchange.placeOrder(withClientOrderId(request, null));

    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isEqualTo("INVALID_ORDER");
    assertThat(result.errorMessage()).contains("client_order_id");
    assertThat(events.orderEvents).isEmpty();
  }

  @Test
  void unknownInstrumentIsRefusedAsAValue() {
    loginAndTradeAt(22_000);

    OrderResult result =
        exchange.placeOrder(
            new OrderRequest(
                orderAccount(),
                "XYZ99",
                Side.BUY,
                OrderType.MARKET,
                Price.ZERO,
                1,
                OpenClose.AUTO,
                "t",
                DayTrade.NO,
                TimeInForce.IOC,
                nextClientOrderId()));

    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isEqualTo("UNKNOWN_INSTRUMENT");
    assertThat(result.errorMessage()).contains("XYZ99");
  }

  @Test
  void unknownOrderAccountIsRefusedAsAValue() {
    loginAndTradeAt(22_000);

    OrderResult result =
        exchange.placeOrder(
            new OrderRequest(
                "NO-SUCH-ACCOUNT",
                front("TXF"),
                Side.BUY,
                OrderType.MARKET,
                Price.ZERO,
                1,
                OpenClose.AUTO,
                "t",
                DayTrade.NO,
                TimeInForce.IOC,
                nextClientOrderId()));

    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isNotBlank();
    assertThat(result.errorMessage()).contains("NO-SUCH-ACCOUNT");
  }

  @Test
  void limitPricesOffTheTickGridOrOutsideTheLimitsAreRefused() {
    loginAndTradeAt(22_000);
    Contract contract = contractsOf("TXF").get(0);

    OrderResult offGrid =
        exchange.placeOrder(
            new OrderRequest(
                orderAccount(),
                contract.code(),
                Side.BUY,
                OrderType.LIMIT,
                Price.parse("21999.5"),
                1,
                OpenClose.AUTO,
                "t",
                DayTrade.NO,
                TimeInForce.ROD,
                nextClientOrderId()));
    OrderResult aboveLimit =
        exchange.placeOrder(
            new OrderRequest(
                orderAccount(),
                contract.code(),
                Side.BUY,
                OrderType.LIMIT,
                contract.limitUp().plus(Price.ofPoints(1)),
                1,
                OpenClose.AUTO,
                "t",
                DayTrade.NO,
                TimeInForce.ROD,
                nextClientOrderId()));

    assertThat(offGrid.sent()).isFalse();
    assertThat(offGrid.errorCode()).isEqualTo("BROKER_REJECTED");
    assertThat(offGrid.errorMessage()).contains("21999.5").contains("tick");
    assertThat(aboveLimit.sent()).isFalse();
    assertThat(aboveLimit.errorCode()).isEqualTo("BROKER_REJECTED");
    assertThat(aboveLimit.errorMessage()).contains("limits");
  }

  @Test
  void everyEventFollowsTheOrderLifecycleAndOrderStateAgreesWithIt() {
    loginAndTradeAt(22_000);
    List<OrderRequest> requests =
        List.of(
            order(Side.BUY, OrderType.MARKET, 0, 2, OpenClose.AUTO, TimeInForce.IOC),
            order(Side.BUY, OrderType.LIMIT, 22_000, 1, OpenClose.AUTO, TimeInForce.FOK),
            order(Side.SELL, OrderType.LIMIT, 22_100, 1, OpenClose.AUTO, TimeInForce.IOC),
            order(Side.SELL, OrderType.MARKET_PRICE, 0, 1, OpenClose.CLOSE, TimeInForce.IOC));

    for (OrderRequest request : requests) {
      assertThat(exchange.placeOrder(request).sent()).isTrue();
      Order order = awaitFinal(request);
      assertThat(exchange.orderState(request.clientOrderId()))
          .hasValueSatisfying(
              update -> {
                assertThat(update.state()).isEqualTo(order.state());
                assertThat(update.quantity()).isEqualTo(request.quantity());
                assertThat(update.filledQuantity()).isEqualTo(order.filledQuantity());
                assertThat(update.filledCostUnits()).isEqualTo(order.filledCostUnits());
              });
    }
    assertThat(exchange.orderState("never-sent")).isEmpty();
  }

  @Test
  void eventsReachListenersKeyedByTheClientOrderId() {
    loginAndTradeAt(22_000);
    OrderRequest request = order(Side.BUY, OrderType.MARKET, 0, 2, OpenClose.AUTO, TimeInForce.IOC);

    OrderResult result = exchange.placeOrder(request);

    awaitFinal(request);
    List<OrderEvent.Filled> fills = events.fillsOf(request.clientOrderId());
    assertThat(fills).isNotEmpty();
    assertThat(fills)
        .allSatisfy(fill -> assertThat(fill.orderSerial()).isEqualTo(result.orderSerial()));
    assertThat(fills.stream().mapToInt(OrderEvent.Filled::quantity).sum()).isEqualTo(2);
  }

  @Test
  void ticksOfTheMarketReachListeners() {
    tradeAt(front("TXF"), Price.ofPoints(22_003));

    await().atMost(EVENT_DEADLINE).until(() -> !events.ticks.isEmpty());
    assertThat(events.ticks)
        .anySatisfy(
            tick -> assertThat(tick.priceUnits()).isEqualTo(Price.ofPoints(22_003).units()));
  }

  @Test
  void workingOrdersListsTheRestingOrderUntilItFills() {
    loginAndTradeAt(22_000);
    OrderRequest resting =
        order(Side.BUY, OrderType.LIMIT, 21_990, 1, OpenClose.AUTO, TimeInForce.ROD);
    OrderRequest filled = order(Side.BUY, OrderType.MARKET, 0, 1, OpenClose.AUTO, TimeInForce.IOC);
    assertThat(exchange.placeOrder(resting).sent()).isTrue();
    assertThat(exchange.placeOrder(filled).sent()).isTrue();
    assertThat(awaitFinal(filled).state()).isEqualTo(OrderState.FILLED);
    await().atMost(EVENT_DEADLINE).until(() -> replay(resting).state() == OrderState.ACCEPTED);

    assertThat(exchange.workingOrders(orderAccount()))
        .singleElement()
        .satisfies(
            update -> {
              assertThat(update.clientOrderId()).isEqualTo(resting.clientOrderId());
              assertThat(update.state()).isEqualTo(OrderState.ACCEPTED);
              assertThat(update.quantity()).isEqualTo(1);
            });
    assertThat(exchange.workingOrders("some-other-account")).isEmpty();

    tradeAt(front("TXF"), Price.ofPoints(21_985));

    assertThat(awaitFinal(resting).state()).isEqualTo(OrderState.FILLED);
    assertThat(exchange.workingOrders(orderAccount())).isEmpty();
  }

  @Test
  void anAccountThatNeverTradedHasNoPositions() {
    exchange.login(validAccount(), validPassword());

    assertThat(exchange.positions(orderAccount())).isEmpty();
  }

  // ---- helpers

  protected final void loginAndTradeAt(long points) {
    assertThat(exchange.login(validAccount(), validPassword()).success()).isTrue();
    tradeAt(front("TXF"), Price.ofPoints(points));
  }

  protected final String orderAccount() {
    List<String> accounts = exchange.orderAccounts();
    assertThat(accounts).isNotEmpty();
    return accounts.get(0);
  }

  /** A client order id no other order of this run has. */
  protected final String nextClientOrderId() {
    return "contract-" + CLIENT_ORDER_IDS.incrementAndGet();
  }

  protected static OrderRequest withClientOrderId(OrderRequest request, String clientOrderId) {
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

  /** The order as its events so far leave it; fails the test if the lifecycle refuses one. */
  protected final Order replay(OrderRequest request) {
    Order order = new Order(request, null);
    for (OrderEvent event : events.of(request.clientOrderId())) {
      assertThat(order.apply(event))
          .as("%s: %s", event, order.lastRefusal())
          .isNotEqualTo(Order.Outcome.REFUSED);
    }
    return order;
  }

  /** Waits until the order's events bring it to a final state. */
  protected final Order awaitFinal(OrderRequest request) {
    await().atMost(EVENT_DEADLINE).until(() -> replay(request).state().isFinal());
    return replay(request);
  }

  protected final OrderRequest order(
      Side side,
      OrderType type,
      long pricePoints,
      int quantity,
      OpenClose openClose,
      TimeInForce timeInForce) {
    return new OrderRequest(
        orderAccount(),
        front("TXF"),
        side,
        type,
        Price.ofPoints(pricePoints),
        quantity,
        openClose,
        "contract test",
        DayTrade.NO,
        timeInForce,
        nextClientOrderId());
  }

  protected final List<Contract> contractsOf(String product) {
    return exchange.contracts().stream().filter(c -> c.product().equals(product)).toList();
  }

  /**
   * The front month's code: the listed contract of the product with the earliest delivery month.
   */
  protected final String front(String product) {
    return contractsOf(product).stream()
        .min((a, b) -> a.deliveryMonth().compareTo(b.deliveryMonth()))
        .orElseThrow()
        .code();
  }

  protected final Position position(String itemCode) {
    return exchange.positions(orderAccount()).stream()
        .filter(p -> p.itemCode().equals(itemCode))
        .findFirst()
        .orElse(
            new Position(
                orderAccount(), itemCode, 0, Price.ZERO, Price.ZERO, Price.ZERO, Price.ZERO, 1));
  }

  protected final Events events() {
    return events;
  }

  /** Records every event it is given. */
  static final class Events implements ExchangeListener {
    final List<MarketTick> ticks = new CopyOnWriteArrayList<>();
    final List<OrderEvent> orderEvents = new CopyOnWriteArrayList<>();

    @Override
    public void onTick(MarketTick tick) {
      ticks.add(tick);
    }

    @Override
    public void onOrderEvent(OrderEvent event) {
      orderEvents.add(event);
    }

    /** The events of one order, in the order they arrived. */
    List<OrderEvent> of(String clientOrderId) {
      return orderEvents.stream().filter(e -> e.clientOrderId().equals(clientOrderId)).toList();
    }

    List<OrderEvent.Filled> fillsOf(String clientOrderId) {
      return of(clientOrderId).stream()
          .filter(OrderEvent.Filled.class::isInstance)
          .map(OrderEvent.Filled.class::cast)
          .toList();
    }
  }
}
