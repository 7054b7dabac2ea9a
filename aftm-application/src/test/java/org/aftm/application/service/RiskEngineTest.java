package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.junit.jupiter.api.Test;

/** The pre-trade checks, on a portfolio and a lifecycle moved by hand. */
class RiskEngineTest {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";
  private static final long MAX_AGE_NANOS = 1_000_000_000L;

  private final Portfolio portfolio = new Portfolio(item -> 200);
  private final OrderLifecycle lifecycle =
      new OrderLifecycle(
          portfolio, new FakeOrderJournal(), new RecordingOrderUpdates(), OrderPath.CLOCK);
  private final AtomicBoolean loggedIn = new AtomicBoolean(true);
  private final AtomicLong nanos = new AtomicLong(10 * MAX_AGE_NANOS);
  private final RiskEngine risk =
      new RiskEngine(
          new RiskLimits(3, 4, MAX_AGE_NANOS), portfolio, lifecycle, loggedIn::get, nanos::get);
  private int executions;

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

  /** An order that went to the broker and filled {@code filled} of its lots. */
  private void placed(OrderRequest request, String closes, int filled) {
    lifecycle.submit(request, closes);
    lifecycle.onOrderEvent(new OrderEvent.Accepted(request.clientOrderId(), "S", 0));
    if (filled > 0) {
      lifecycle.onOrderEvent(
          new OrderEvent.Filled(
              request.clientOrderId(), "S", "E" + ++executions, filled, Price.ofPoints(100), 0));
    }
  }

  /** An order that filled {@code filled} lots and had its rest cancelled. */
  private void done(OrderRequest request, String closes, int filled) {
    placed(request, closes, filled);
    if (filled < request.quantity()) {
      lifecycle.onOrderEvent(new OrderEvent.Cancelled(request.clientOrderId(), "S", "IOC", 0));
    }
  }

  private RiskEngine.Decision check(OrderRequest request, long originNanos, String closes) {
    return risk.check(new PlaceOrderCommand(request, originNanos, closes));
  }

  @Test
  void aStaleEntryIsRefusedButAStaleExitPasses() {
    done(order(Side.BUY, 1, OpenClose.AUTO, "aftm-1-entry"), null, 1);
    long old = nanos.get() - MAX_AGE_NANOS - 1;

    RiskEngine.Decision entry =
        check(order(Side.BUY, 1, OpenClose.AUTO, "aftm-2-entry"), old, null);
    RiskEngine.Decision exit =
        check(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit"), old, "aftm-1-entry");
    RiskEngine.Decision fresh =
        check(
            order(Side.BUY, 1, OpenClose.AUTO, "aftm-3-entry"), nanos.get() - MAX_AGE_NANOS, null);

    assertThat(entry.refused()).isTrue();
    assertThat(entry.refusal()).isEqualTo(ErrorCode.STALE_ORDER);
    assertThat(entry.message()).contains("ms old").contains("not placed late");
    assertThat(exit.refused()).as("late beats never for an exit").isFalse();
    assertThat(fresh.refused()).as("exactly at the age limit").isFalse();
    assertThat(check(order(Side.BUY, 1, OpenClose.AUTO, "manual"), 0, null).refused())
        .as("no origin, no age")
        .isFalse();
  }

  @Test
  void notLoggedInRefusesEverything() {
    loggedIn.set(false);

    RiskEngine.Decision decision = check(order(Side.BUY, 1, OpenClose.AUTO, "a"), 0, null);

    assertThat(decision.refusal()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
  }

  @Test
  void tooManyLotsInOneOrderIsARiskLimitNamingTheSetting() {
    RiskEngine.Decision decision = check(order(Side.BUY, 4, OpenClose.AUTO, "a"), 0, null);

    assertThat(decision.refusal()).isEqualTo(ErrorCode.RISK_LIMIT);
    assertThat(decision.message()).contains("AFTM_MAX_ORDER_QTY").contains("4").contains("3");
    assertThat(check(order(Side.BUY, 3, OpenClose.AUTO, "b"), 0, null).refused()).isFalse();
  }

  @Test
  void thePositionLimitCountsOrdersInFlight() {
    placed(order(Side.BUY, 3, OpenClose.AUTO, "aftm-1-entry"), null, 1); // 1 held, 2 working

    RiskEngine.Decision over = check(order(Side.BUY, 2, OpenClose.AUTO, "aftm-2-entry"), 0, null);
    RiskEngine.Decision atLimit =
        check(order(Side.BUY, 1, OpenClose.AUTO, "aftm-3-entry"), 0, null);

    assertThat(over.refusal()).isEqualTo(ErrorCode.RISK_LIMIT);
    assertThat(over.message())
        .contains("AFTM_MAX_POSITION_QTY")
        .contains("would be 5")
        .contains("in flight");
    assertThat(atLimit.refused()).isFalse();
    assertThat(check(order(Side.SELL, 3, OpenClose.AUTO, "reduce"), 0, null).refused())
        .as("reducing is never refused")
        .isFalse();
  }

  @Test
  void anExitIsCappedAtWhatItsOwnEntryFilled() {
    portfolio.adopt(
        java.util.List.of(
            new org.aftm.domain.order.Position(
                ACC, TXF, 3, Price.ofPoints(100), Price.ZERO, Price.ZERO, Price.ZERO, 200)));
    done(order(Side.BUY, 3, OpenClose.AUTO, "aftm-1-entry"), null, 2); // net 5, this entry 2

    RiskEngine.Decision exit =
        check(order(Side.SELL, 3, OpenClose.CLOSE, "aftm-1-exit"), 0, "aftm-1-entry");

    assertThat(exit.refused()).isFalse();
    assertThat(exit.request().quantity()).isEqualTo(2);
    assertThat(exit.request().openClose())
        .as("the account's net absorbs it: a plain close")
        .isEqualTo(OpenClose.CLOSE);
    assertThat(exit.request().clientOrderId()).isEqualTo("aftm-1-exit");
  }

  @Test
  void exitsInFlightOrFilledLeaveLessToClose() {
    done(order(Side.BUY, 3, OpenClose.AUTO, "aftm-1-entry"), null, 3);
    done(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit"), "aftm-1-entry", 1);
    placed(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit-2"), "aftm-1-entry", 0);

    RiskEngine.Decision third =
        check(order(Side.SELL, 3, OpenClose.CLOSE, "aftm-1-exit-3"), 0, "aftm-1-entry");
    assertThat(third.request().quantity()).isEqualTo(1);

    lifecycle.onOrderEvent(
        new OrderEvent.Filled("aftm-1-exit-2", "S", "E-x2", 1, Price.ofPoints(101), 0));
    done(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit-3"), "aftm-1-entry", 1);
    RiskEngine.Decision fourth =
        check(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit-4"), 0, "aftm-1-entry");
    assertThat(fourth.refusal()).isEqualTo(ErrorCode.NO_POSITION_TO_CLOSE);
    assertThat(fourth.message()).contains("aftm-1-entry");
  }

  @Test
  void anExitOfAnEntryThatNeverFilledIsRefused() {
    done(order(Side.BUY, 1, OpenClose.AUTO, "aftm-1-entry"), null, 0);

    assertThat(
            check(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit"), 0, "aftm-1-entry").refusal())
        .isEqualTo(ErrorCode.NO_POSITION_TO_CLOSE);
    assertThat(
            check(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-2-exit"), 0, "aftm-2-entry").refusal())
        .as("an entry nobody knows")
        .isEqualTo(ErrorCode.NO_POSITION_TO_CLOSE);
  }

  @Test
  void aBuyConditionAndASellConditionNettingToZeroCanBothExitAsAuto() {
    done(order(Side.BUY, 2, OpenClose.AUTO, "aftm-1-entry"), null, 2);
    done(order(Side.SELL, 2, OpenClose.AUTO, "aftm-2-entry"), null, 2);
    assertThat(portfolio.netQuantity(ACC, TXF)).isZero();

    RiskEngine.Decision buyExit =
        check(order(Side.SELL, 2, OpenClose.CLOSE, "aftm-1-exit"), 0, "aftm-1-entry");
    RiskEngine.Decision sellExit =
        check(order(Side.BUY, 2, OpenClose.CLOSE, "aftm-2-exit"), 0, "aftm-2-entry");

    assertThat(buyExit.refused()).isFalse();
    assertThat(buyExit.request().quantity()).isEqualTo(2);
    assertThat(buyExit.request().openClose())
        .as("a close of the account's net 0 would be refused by the broker")
        .isEqualTo(OpenClose.AUTO);
    assertThat(sellExit.refused()).isFalse();
    assertThat(sellExit.request().quantity()).isEqualTo(2);
    assertThat(sellExit.request().openClose()).isEqualTo(OpenClose.AUTO);
  }

  @Test
  void anExitGoesAsAutoWhenExitsAlreadyInFlightWillTakeTheNet() {
    done(order(Side.BUY, 1, OpenClose.AUTO, "aftm-1-entry"), null, 1);
    done(order(Side.BUY, 1, OpenClose.AUTO, "aftm-2-entry"), null, 1);
    done(order(Side.SELL, 1, OpenClose.AUTO, "aftm-3-entry"), null, 1); // net +1
    placed(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-1-exit"), "aftm-1-entry", 0); // working

    RiskEngine.Decision exit =
        check(order(Side.SELL, 1, OpenClose.CLOSE, "aftm-2-exit"), 0, "aftm-2-entry");

    assertThat(exit.refused()).isFalse();
    assertThat(exit.request().openClose())
        .as("the working exit takes the net to 0: a close of one more would be refused")
        .isEqualTo(OpenClose.AUTO);
  }

  @Test
  void anExitLargerThanTheNetGoesAsAutoForTheWholeOfItsOwnLots() {
    done(order(Side.BUY, 3, OpenClose.AUTO, "aftm-1-entry"), null, 3);
    done(order(Side.SELL, 2, OpenClose.AUTO, "aftm-2-entry"), null, 2); // net +1

    RiskEngine.Decision exit =
        check(order(Side.SELL, 3, OpenClose.CLOSE, "aftm-1-exit"), 0, "aftm-1-entry");

    assertThat(exit.request().quantity()).isEqualTo(3);
    assertThat(exit.request().openClose()).isEqualTo(OpenClose.AUTO);
  }

  @Test
  void aCloseThatNamesNoEntryIsJudgedAgainstTheAccountsNet() {
    assertThat(check(order(Side.SELL, 1, OpenClose.CLOSE, null), 0, null).refusal())
        .isEqualTo(ErrorCode.NO_POSITION_TO_CLOSE);
    done(order(Side.BUY, 2, OpenClose.AUTO, "manual-1"), null, 2);

    RiskEngine.Decision clamped = check(order(Side.SELL, 3, OpenClose.CLOSE, null), 0, null);

    assertThat(clamped.request().quantity()).isEqualTo(2);
    assertThat(clamped.request().openClose()).isEqualTo(OpenClose.CLOSE);
  }
}
