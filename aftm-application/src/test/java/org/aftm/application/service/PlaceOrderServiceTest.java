package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlaceOrderServiceTest {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";

  private final FakeExchange exchange = new FakeExchange();
  private final FakeOrderAudit audit = new FakeOrderAudit();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final AtomicInteger nanos = new AtomicInteger(5_000);
  private final OrderPath path =
      new OrderPath(exchange, audit, new RiskLimits(10, 5), metrics, nanos::get);
  private final PlaceOrderService service = path.service;
  private ExecutorService threads;

  /** Counts what the service reports. */
  static final class RecordingMetrics implements TradingMetrics {
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicReference<String> lastErrorCode = new AtomicReference<>();
    final List<TradingMetrics.OrderOutcome> outcomes = new CopyOnWriteArrayList<>();
    volatile long lastLatency = -1;

    @Override
    public void orderAnswered(
        TradingMetrics.OrderOutcome outcome, String errorCode, long tickToOrderNanos) {
      outcomes.add(outcome);
      orderAnswered(outcome == TradingMetrics.OrderOutcome.ACCEPTED, errorCode, tickToOrderNanos);
    }

    @Override
    public void orderAnswered(boolean sent, String errorCode, long tickToOrderNanos) {
      answered.incrementAndGet();
      lastErrorCode.set(errorCode);
      lastLatency = tickToOrderNanos;
    }

    @Override
    public void duplicateOrderAnswered() {
      duplicates.incrementAndGet();
    }
  }

  /** A main process started again over the same audit trail, with nothing in memory. */
  private PlaceOrderService restartedService() {
    return new OrderPath(exchange, audit, new RiskLimits(10, 5), metrics, nanos::get).service;
  }

  @AfterEach
  void stopThreads() {
    if (threads != null) {
      threads.shutdownNow();
    }
  }

  private static OrderRequest order(
      Side side, int quantity, OpenClose openClose, String clientOrderId) {
    return new OrderRequest(
        ACC,
        TXF,
        side,
        OrderType.MARKET,
        Price.ZERO,
        quantity,
        openClose,
        "test",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }

  private OrderResult place(OrderRequest request) {
    return service.placeOrder(new PlaceOrderCommand(request, 0));
  }

  @Test
  void placesAnOrderAndAuditsRequestAndResult() {
    exchange.feed(new org.aftm.domain.model.MarketTick(TXF, Price.ofPoints(22000).units(), 1, 0));
    nanos.set(9_000);

    OrderResult result =
        service.placeOrder(new PlaceOrderCommand(order(Side.BUY, 2, OpenClose.AUTO, "c-1"), 4_000));

    assertThat(result.sent()).isTrue();
    assertThat(result.status())
        .as("the broker acknowledges at once; the fill arrives as an event")
        .isEqualTo(OrderState.ACCEPTED);
    assertThat(path.lifecycle.stateOf("c-1")).contains(OrderState.FILLED);
    assertThat(path.portfolio.netQuantity(ACC, TXF)).isEqualTo(2);
    assertThat(path.updates.of("c-1"))
        .extracting(OrderUpdate::state)
        .containsExactly(OrderState.SUBMITTED, OrderState.ACCEPTED, OrderState.FILLED);
    assertThat(result.clientOrderId())
        .as("the id is echoed even if the broker drops it")
        .isEqualTo("c-1");
    assertThat(exchange.placed).singleElement().extracting(OrderRequest::quantity).isEqualTo(2);
    assertThat(audit.snapshot())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.request.clientOrderId()).isEqualTo("c-1");
              assertThat(e.result).isEqualTo(result);
            });
    assertThat(metrics.answered).hasValue(1);
    assertThat(metrics.lastLatency).isEqualTo(5_000);
  }

  @Test
  void theAuditRecordsWhoSentTheOrderAndAGeneratedIdKeepsTheSender() {
    OrderSender executor = new OrderSender("order-executor", "rq:A+executor-key");

    service.placeOrder(
        new PlaceOrderCommand(
            order(Side.BUY, 1, OpenClose.AUTO, null), 0, null, OrderOrigin.STRATEGY, executor));
    place(order(Side.BUY, 1, OpenClose.AUTO, "c-2"));

    assertThat(audit.snapshot())
        .extracting(e -> e.sender)
        .containsExactly(executor, OrderSender.UNRECORDED);
  }

  @Test
  void aRepeatedClientOrderIdGetsTheFirstAnswerAndPlacesNothing() {
    OrderResult first = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-7-entry"));
    OrderResult repeat = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-7-entry"));
    OrderResult changed = place(order(Side.BUY, 3, OpenClose.AUTO, "aftm-7-entry"));

    assertThat(repeat).isEqualTo(first);
    assertThat(changed).as("a repeat is answered by id, whatever it carries").isEqualTo(first);
    assertThat(exchange.placeCalls).hasValue(1);
    assertThat(audit.snapshot()).hasSize(1);
    assertThat(metrics.duplicates).hasValue(2);
  }

  @Test
  void aRestartedServiceAnswersARepeatFromTheAuditTrail() {
    OrderResult first = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-8-entry"));

    PlaceOrderService restarted = restartedService();
    OrderResult repeat =
        restarted.placeOrder(
            new PlaceOrderCommand(order(Side.BUY, 1, OpenClose.AUTO, "aftm-8-entry"), 0));

    assertThat(repeat).isEqualTo(first);
    assertThat(exchange.placeCalls).hasValue(1);
  }

  @Test
  void ordersWithoutClientOrderIdAreEachPlaced() {
    place(order(Side.BUY, 1, OpenClose.AUTO, null));
    place(order(Side.BUY, 1, OpenClose.AUTO, null));

    assertThat(exchange.placeCalls).hasValue(2);
    assertThat(audit.snapshot()).hasSize(2).allSatisfy(e -> assertThat(e.result).isNotNull());
  }

  @Test
  void notLoggedInIsRefusedAndAudited() {
    exchange.loggedIn = false;

    OrderResult result = place(order(Side.BUY, 1, OpenClose.AUTO, "c-2"));

    assertRefused(result, ErrorCode.NOT_LOGGED_IN);
    assertThat(result.clientOrderId()).isEqualTo("c-2");
    assertThat(result.note()).isEqualTo("test");
    assertThat(exchange.placeCalls).hasValue(0);
    assertThat(audit.snapshot())
        .singleElement()
        .satisfies(e -> assertThat(e.result).isEqualTo(result));
    assertThat(metrics.lastErrorCode).hasValue("NOT_LOGGED_IN");
  }

  @Test
  void quantityOverTheOrderLimitIsARiskRefusal() {
    OrderResult result = place(order(Side.BUY, 11, OpenClose.AUTO, null));

    assertRefused(result, ErrorCode.RISK_LIMIT);
    assertThat(result.errorMessage()).contains("11").contains("10");
    assertThat(exchange.placeCalls).hasValue(0);
    assertThat(audit.snapshot())
        .singleElement()
        .satisfies(e -> assertThat(e.result).isEqualTo(result));
  }

  @Test
  void closeWithNothingHeldIsRefused() {
    OrderResult result = place(order(Side.SELL, 1, OpenClose.CLOSE, null));

    assertRefused(result, ErrorCode.NO_POSITION_TO_CLOSE);
    assertThat(exchange.placeCalls).hasValue(0);
    assertThat(audit.snapshot())
        .singleElement()
        .satisfies(e -> assertThat(e.result).isEqualTo(result));
  }

  @Test
  void closeOnTheSameSideAsHeldIsRefused() {
    path.hold(ACC, TXF, 2, "22000");

    assertRefused(place(order(Side.BUY, 1, OpenClose.CLOSE, null)), ErrorCode.NO_POSITION_TO_CLOSE);

    path.hold(ACC, "MXFF6", -2, "22000");
    OrderRequest sellCloseOfShort =
        new OrderRequest(
            ACC,
            "MXFF6",
            Side.SELL,
            OrderType.MARKET,
            Price.ZERO,
            1,
            OpenClose.CLOSE,
            "",
            DayTrade.NO,
            TimeInForce.IOC,
            null);
    assertRefused(place(sellCloseOfShort), ErrorCode.NO_POSITION_TO_CLOSE);
    assertThat(exchange.placeCalls).hasValue(0);
  }

  @Test
  void closeLargerThanHeldIsClampedToWhatIsHeldAndNeverOpensAPosition() {
    path.hold(ACC, TXF, 2, "22000");

    OrderResult result = place(order(Side.SELL, 5, OpenClose.CLOSE, "c-close"));

    assertThat(result.sent()).isTrue();
    assertThat(exchange.placed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.quantity()).isEqualTo(2);
              assertThat(r.side()).isEqualTo(Side.SELL);
              assertThat(r.clientOrderId()).isEqualTo("c-close");
            });
    assertThat(exchange.positions(ACC))
        .singleElement()
        .satisfies(p -> assertThat(p.isFlat()).isTrue());
    assertThat(audit.snapshot())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.request.quantity())
                  .as("the audit keeps what went to the broker")
                  .isEqualTo(2);
              assertThat(e.result).isEqualTo(result);
            });
  }

  @Test
  void closeOfAShortBuysBack() {
    path.hold(ACC, TXF, -3, "22000");

    assertThat(place(order(Side.BUY, 1, OpenClose.CLOSE, null)).sent()).isTrue();

    assertThat(exchange.positions(ACC))
        .singleElement()
        .satisfies(p -> assertThat(p.quantity()).isEqualTo(-2));
    assertThat(path.portfolio.netQuantity(ACC, TXF)).isEqualTo(-2);
  }

  @Test
  void openingOverThePositionLimitIsRefusedButReducingIsNot() {
    path.hold(ACC, TXF, 4, "22000");

    OrderResult over = place(order(Side.BUY, 2, OpenClose.OPEN, null));
    assertRefused(over, ErrorCode.RISK_LIMIT);
    assertThat(over.errorMessage()).contains("6").contains("5");

    OrderResult flipOver = place(order(Side.SELL, 10, OpenClose.AUTO, null));
    assertRefused(flipOver, ErrorCode.RISK_LIMIT);

    assertThat(place(order(Side.BUY, 1, OpenClose.AUTO, null)).sent())
        .as("exactly at the limit")
        .isTrue();
    assertThat(place(order(Side.SELL, 3, OpenClose.AUTO, null)).sent()).as("reducing").isTrue();
    assertThat(exchange.placeCalls).hasValue(2);
    assertThat(audit.snapshot()).hasSize(4).allSatisfy(e -> assertThat(e.result).isNotNull());
  }

  @Test
  void aBrokerFailureIsAnOrderExecutionErrorAndAudited() {
    exchange.failure = new ExchangeException("connection reset");

    OrderResult result = place(order(Side.BUY, 1, OpenClose.AUTO, "c-err"));

    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isEqualTo(ErrorCode.ORDER_EXECUTION_ERROR.wire());
    assertThat(result.status())
        .as("nobody knows whether it was placed")
        .isEqualTo(OrderState.UNKNOWN);
    assertThat(result.errorMessage()).contains("connection reset");
    assertThat(result.clientOrderId()).isEqualTo("c-err");
    assertThat(audit.snapshot())
        .singleElement()
        .satisfies(e -> assertThat(e.result).isEqualTo(result));
    assertThat(path.lifecycle.stateOf("c-err"))
        .as("nobody knows whether the broker took it")
        .contains(OrderState.UNKNOWN);
    assertThat(path.updates.last())
        .satisfies(
            u -> {
              assertThat(u.clientOrderId()).isEqualTo("c-err");
              assertThat(u.state()).isEqualTo(OrderState.UNKNOWN);
            });
    assertThat(path.portfolio.workingQuantity(ACC, TXF))
        .as("an unknown order may still fill: its lot counts as in flight")
        .isEqualTo(1);

    exchange.failure = null;
    assertThat(place(order(Side.BUY, 1, OpenClose.AUTO, "c-err"))).isEqualTo(result);
    assertThat(exchange.placed).as("a repeat never places it a second time").isEmpty();
    assertThat(path.lifecycle.stateOf("c-err"))
        .as("the repeat asked the broker, which never received it: the sender may try anew")
        .contains(OrderState.REJECTED);
    assertThat(path.updates.last().errorCode()).isEqualTo("NOT_RECEIVED");
    assertThat(path.portfolio.workingQuantity(ACC, TXF)).isZero();
  }

  @Test
  void anUnknownOrderTheBrokerFilledIsSettledWithItsFillsOnARepeat() {
    exchange.failAfterPlacing = new ExchangeException("reply lost");
    OrderResult first = place(order(Side.BUY, 2, OpenClose.AUTO, "c-lost"));
    assertThat(first.status()).isEqualTo(OrderState.UNKNOWN);
    exchange.failAfterPlacing = null;

    place(order(Side.BUY, 2, OpenClose.AUTO, "c-lost"));

    assertThat(path.lifecycle.stateOf("c-lost")).contains(OrderState.FILLED);
    assertThat(path.portfolio.netQuantity(ACC, TXF))
        .as("the fills the broker reports reach the portfolio")
        .isEqualTo(2);
    assertThat(exchange.placed).hasSize(1);
  }

  @Test
  void twoThreadsWithTheSameClientOrderIdPlaceOnce() throws Exception {
    threads = Executors.newFixedThreadPool(2);
    CountDownLatch release = new CountDownLatch(1);
    exchange.holdPlacement = release;
    OrderRequest request = order(Side.BUY, 1, OpenClose.AUTO, "aftm-race-entry");
    AtomicReference<Thread> second = new AtomicReference<>();

    Future<OrderResult> a = threads.submit(() -> place(request));
    // The first call is inside the broker call; now start the retry and let it reach the service.
    await().atMost(Duration.ofSeconds(10)).until(() -> exchange.placeCalls.get() == 1);
    Future<OrderResult> b =
        threads.submit(
            () -> {
              second.set(Thread.currentThread());
              return place(request);
            });
    // Without the lock the retry would reach the broker too (a second call) instead of blocking.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                exchange.placeCalls.get() > 1
                    || b.isDone()
                    || (second.get() != null && second.get().getState() == Thread.State.BLOCKED));
    release.countDown();

    OrderResult first = a.get(10, TimeUnit.SECONDS);
    OrderResult retry = b.get(10, TimeUnit.SECONDS);

    assertThat(exchange.placeCalls).hasValue(1);
    assertThat(retry).isEqualTo(first);
    assertThat(first.sent()).isTrue();
    assertThat(audit.snapshot()).hasSize(1);
  }

  private static void assertRefused(OrderResult result, ErrorCode code) {
    assertThat(result.sent()).isFalse();
    assertThat(result.errorCode()).isEqualTo(code.wire());
    assertThat(result.errorMessage()).isNotBlank();
    assertThat(result.status()).isEqualTo(OrderState.REJECTED);
    assertThat(result.orderSerial()).isEmpty();
  }

  @Test
  void errorCodesAreTheirNames() {
    assertThat(List.of(ErrorCode.values()))
        .allSatisfy(c -> assertThat(c.wire()).isEqualTo(c.name()));
  }

  @Test
  void anExitLinkedToItsEntryClosesOnlyWhatThatEntryFilled() {
    path.hold(ACC, TXF, 3, "22000"); // another condition's lots
    OrderResult entry = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-7-entry"));
    assertThat(entry.sent()).isTrue();

    OrderResult exit =
        service.placeOrder(
            new PlaceOrderCommand(
                order(Side.SELL, 4, OpenClose.CLOSE, "aftm-7-exit"), 0, "aftm-7-entry"));

    assertThat(exit.sent()).isTrue();
    assertThat(exchange.placed)
        .last()
        .satisfies(
            r -> {
              assertThat(r.quantity()).as("what aftm-7-entry filled").isEqualTo(1);
              assertThat(r.openClose()).isEqualTo(OpenClose.CLOSE);
            });
    assertThat(audit.snapshot())
        .last()
        .satisfies(e -> assertThat(e.closes).isEqualTo("aftm-7-entry"));
  }

  @Test
  void anExitWhoseEntryNeverFilledClosesNothing() {
    path.hold(ACC, TXF, 2, "22000"); // another condition's lots

    OrderResult exit =
        service.placeOrder(
            new PlaceOrderCommand(
                order(Side.SELL, 1, OpenClose.CLOSE, "aftm-8-exit"), 0, "aftm-8-entry"));

    assertRefused(exit, ErrorCode.NO_POSITION_TO_CLOSE);
    assertThat(exit.errorMessage()).contains("aftm-8-entry");
    assertThat(exchange.placeCalls).hasValue(0);
  }

  @Test
  void anOrderWhoseTickIsTooOldIsRefusedNotPlacedLate() {
    PlaceOrderService strict =
        new OrderPath(
                exchange,
                audit,
                new RiskLimits(10, 10, 1_000_000_000L),
                TradingMetrics.NONE,
                () -> 5_000_000_000L)
            .service;

    OrderResult late =
        strict.placeOrder(
            new PlaceOrderCommand(order(Side.BUY, 1, OpenClose.AUTO, "c-late"), 3_000_000_000L));
    OrderResult fresh =
        strict.placeOrder(
            new PlaceOrderCommand(order(Side.BUY, 1, OpenClose.AUTO, "c-fresh"), 4_500_000_000L));

    assertRefused(late, ErrorCode.STALE_ORDER);
    assertThat(fresh.sent()).isTrue();
    assertThat(exchange.placeCalls).hasValue(1);
  }

  @Test
  void aFailedAuditOfTheAnswerStillReturnsTheBrokersAnswer() {
    audit.failResults = true;

    OrderResult result = place(order(Side.BUY, 1, OpenClose.AUTO, "c-audit"));
    OrderResult repeat = place(order(Side.BUY, 1, OpenClose.AUTO, "c-audit"));

    assertThat(result.sent()).isTrue();
    assertThat(repeat).isEqualTo(result);
    assertThat(exchange.placeCalls).hasValue(1);
  }

  @Test
  void aRepeatAnswersTheFirstAnswerRepublishesTheStateAndNeverPlacesTwice() {
    OrderResult first = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-9-entry"));
    int published = path.updates.updates.size();

    OrderResult repeat = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-9-entry"));

    assertThat(repeat).isEqualTo(first);
    assertThat(exchange.placeCalls).hasValue(1);
    assertThat(path.updates.updates)
        .as("the sender may have missed the outcome: the order's state is published again")
        .hasSize(published + 1);
    assertThat(path.updates.last())
        .isEqualTo(path.lifecycle.find("aftm-9-entry").orElseThrow().toUpdate())
        .extracting(OrderUpdate::state)
        .isEqualTo(OrderState.FILLED);
    assertThat(path.portfolio.netQuantity(ACC, TXF)).isEqualTo(1);
  }

  @Test
  void anAuditFailureRefusesWithAuditFailedAndPlacesNothing() {
    audit.failRequests = true;

    OrderResult result = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-3-entry"));

    assertRefused(result, ErrorCode.AUDIT_FAILED);
    assertThat(result.errorMessage()).contains("database is locked");
    assertThat(exchange.placeCalls).hasValue(0);
    assertThat(path.lifecycle.stateOf("aftm-3-entry")).contains(OrderState.REJECTED);
    assertThat(path.updates.last())
        .satisfies(
            u -> {
              assertThat(u.clientOrderId()).isEqualTo("aftm-3-entry");
              assertThat(u.state()).isEqualTo(OrderState.REJECTED);
              assertThat(u.errorCode())
                  .as("a transient refusal: the strategy tries again as a new attempt")
                  .isEqualTo("AUDIT_FAILED");
            });
    assertThat(path.portfolio.workingQuantity(ACC, TXF)).isZero();
  }

  @Test
  void aRiskRefusalReachesTheStrategyAsARejectedOrder() {
    OrderResult result = place(order(Side.BUY, 11, OpenClose.AUTO, "aftm-4-entry"));

    assertRefused(result, ErrorCode.RISK_LIMIT);
    assertThat(path.updates.of("aftm-4-entry"))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.state()).isEqualTo(OrderState.REJECTED);
              assertThat(u.errorCode()).isEqualTo("RISK_LIMIT");
              assertThat(u.reason()).contains("AFTM_MAX_ORDER_QTY");
            });
  }

  @Test
  void aBrokerRefusalIsTheAnswerAndRejectsTheOrder() {
    exchange.refusal = OrderResult.rejected("", "BROKER_REJECTED", "market closed", null);

    OrderResult result = place(order(Side.BUY, 1, OpenClose.AUTO, "aftm-5-entry"));

    assertRefused(result, ErrorCode.BROKER_REJECTED);
    assertThat(result.clientOrderId()).isEqualTo("aftm-5-entry");
    assertThat(path.lifecycle.stateOf("aftm-5-entry")).contains(OrderState.REJECTED);
    assertThat(path.updates.last().errorCode()).isEqualTo("BROKER_REJECTED");
    assertThat(path.portfolio.workingQuantity(ACC, TXF)).isZero();
  }

  @Test
  void fillsReportedAfterTheAnswerReachTheLifecycleAndThePortfolio() {
    exchange.mode = FakeExchange.Mode.ACCEPT_ONLY;
    exchange.feed(new org.aftm.domain.model.MarketTick(TXF, Price.ofPoints(22000).units(), 1, 0));

    OrderResult result = place(order(Side.BUY, 3, OpenClose.AUTO, "aftm-6-entry"));
    assertThat(result.sent()).isTrue();
    assertThat(path.lifecycle.stateOf("aftm-6-entry")).contains(OrderState.ACCEPTED);
    assertThat(path.portfolio.workingQuantity(ACC, TXF)).isEqualTo(3);

    exchange.report(
        new org.aftm.domain.order.OrderEvent.Filled(
            "aftm-6-entry", "S1", "late-1", 2, Price.ofPoints(22001), 0));
    exchange.report(
        new org.aftm.domain.order.OrderEvent.Filled(
            "aftm-6-entry", "S1", "late-1", 2, Price.ofPoints(22001), 0)); // a FIX resend

    assertThat(path.lifecycle.stateOf("aftm-6-entry")).contains(OrderState.PARTIALLY_FILLED);
    assertThat(path.portfolio.netQuantity(ACC, TXF)).isEqualTo(2);
    assertThat(path.portfolio.workingQuantity(ACC, TXF)).isEqualTo(1);
    assertThat(path.journal.fills).hasSize(1);
  }

  @Test
  void eachAnswerIsCountedWithWhoDecided() {
    exchange.feed(new org.aftm.domain.model.MarketTick(TXF, Price.ofPoints(22000).units(), 1, 0));
    place(order(Side.BUY, 1, OpenClose.AUTO, "o-accepted"));
    place(order(Side.BUY, 11, OpenClose.AUTO, "o-refused")); // over the 10 lots per order
    exchange.refusal = OrderResult.rejected("", "BROKER_REJECTED", "market closed", null);
    place(order(Side.BUY, 1, OpenClose.AUTO, "o-rejected"));
    exchange.refusal = null;
    exchange.failure = new ExchangeException("connection reset");
    place(order(Side.BUY, 1, OpenClose.AUTO, "o-error"));
    place(order(Side.BUY, 1, OpenClose.AUTO, "o-accepted")); // a repeat: no new outcome

    assertThat(metrics.outcomes)
        .containsExactly(
            TradingMetrics.OrderOutcome.ACCEPTED,
            TradingMetrics.OrderOutcome.REFUSED,
            TradingMetrics.OrderOutcome.REJECTED,
            TradingMetrics.OrderOutcome.ERROR);
    assertThat(metrics.duplicates).hasValue(1);
  }
}
