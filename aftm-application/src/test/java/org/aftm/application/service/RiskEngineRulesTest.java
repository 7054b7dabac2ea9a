package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.domain.calendar.AlwaysOpenCalendar;
import org.aftm.domain.calendar.TaifexCalendar;
import org.aftm.domain.calendar.TradingCalendar;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.junit.jupiter.api.Test;

/** The risk engine's trading state, hours, order rate and price band. */
class RiskEngineRulesTest {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";
  private static final Instant TUESDAY_NOON =
      LocalDateTime.parse("2026-01-06T12:00:00").atZone(ZoneId.of("Asia/Taipei")).toInstant();
  private static final Instant TUESDAY_1400 =
      LocalDateTime.parse("2026-01-06T14:00:00").atZone(ZoneId.of("Asia/Taipei")).toInstant();

  private final Portfolio portfolio = new Portfolio(item -> 200);
  private final OrderLifecycle lifecycle =
      new OrderLifecycle(
          portfolio, new FakeOrderJournal(), new RecordingOrderUpdates(), OrderPath.CLOCK);
  private final AtomicReference<TradingStatus> status =
      new AtomicReference<>(TradingStatus.initial(0));
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final AtomicReference<Instant> now = new AtomicReference<>(TUESDAY_NOON);
  private final InstantSource clock = () -> now.get();
  private int fills;

  private RiskEngine engine(TradingCalendar calendar, OrderRateWindow rate, double bandPct) {
    return new RiskEngine(
        new RiskLimits(10, 10),
        portfolio,
        lifecycle,
        () -> true,
        nanos::get,
        status::get,
        calendar,
        clock,
        rate,
        bandPct);
  }

  private final RiskEngine risk = engine(AlwaysOpenCalendar.INSTANCE, null, 0);

  private static OrderRequest market(Side side, int quantity, OpenClose openClose) {
    return new OrderRequest(
        ACC,
        TXF,
        side,
        OrderType.MARKET,
        Price.ZERO,
        quantity,
        openClose,
        "t",
        DayTrade.NO,
        TimeInForce.IOC,
        "id");
  }

  private static OrderRequest limit(Side side, String price) {
    return new OrderRequest(
        ACC,
        TXF,
        side,
        OrderType.LIMIT,
        Price.parse(price),
        1,
        OpenClose.AUTO,
        "t",
        DayTrade.NO,
        TimeInForce.ROD,
        "id");
  }

  private void hold(int signed) {
    portfolio.onFill(
        new Fill(
            "f" + ++fills,
            "E" + fills,
            "S",
            ACC,
            TXF,
            signed > 0 ? Side.BUY : Side.SELL,
            Math.abs(signed),
            Price.ofPoints(20_000),
            0));
  }

  private static PlaceOrderCommand command(OrderRequest request, OrderOrigin origin) {
    return new PlaceOrderCommand(request, 0, null, origin);
  }

  private void state(TradingState state) {
    status.set(new TradingStatus(state, "test reason", false, 0));
  }

  @Test
  void reducingRefusesAnEntryButPassesAnExitAndAnOppositeOrderNoLargerThanTheNet() {
    hold(2);
    state(TradingState.REDUCING);

    RiskEngine.Decision entry =
        risk.check(command(market(Side.BUY, 1, OpenClose.AUTO), OrderOrigin.MANUAL));
    assertThat(entry.refusal()).isEqualTo(ErrorCode.TRADING_HALTED);
    assertThat(entry.message()).contains("REDUCING").contains("test reason");
    assertThat(
            risk.check(command(market(Side.SELL, 1, OpenClose.CLOSE), OrderOrigin.STRATEGY))
                .refused())
        .as("an exit")
        .isFalse();
    assertThat(
            risk.check(command(market(Side.SELL, 2, OpenClose.AUTO), OrderOrigin.MANUAL)).refused())
        .as("an opposite order no larger than the net reduces")
        .isFalse();
    assertThat(
            risk.check(command(market(Side.SELL, 3, OpenClose.AUTO), OrderOrigin.MANUAL)).refusal())
        .as("larger than the net: it would open the other way")
        .isEqualTo(ErrorCode.TRADING_HALTED);
  }

  @Test
  void haltedRefusesAnExitButPassesFlatten() {
    hold(2);
    state(TradingState.HALTED);

    RiskEngine.Decision exit =
        risk.check(command(market(Side.SELL, 2, OpenClose.CLOSE), OrderOrigin.STRATEGY));
    assertThat(exit.refusal()).isEqualTo(ErrorCode.TRADING_HALTED);
    assertThat(exit.message()).contains("HALTED").contains("flatten");
    assertThat(
            risk.check(command(market(Side.SELL, 2, OpenClose.CLOSE), OrderOrigin.FLATTEN))
                .refused())
        .isFalse();
  }

  @Test
  void anOpeningOrderOutsideASessionIsRefusedMarketClosedAnExitPasses() {
    RiskEngine taifex = engine(new TaifexCalendar(Set.of()), null, 0);
    hold(1);
    assertThat(
            taifex
                .check(command(market(Side.BUY, 1, OpenClose.AUTO), OrderOrigin.MANUAL))
                .refused())
        .as("in the day session")
        .isFalse();

    now.set(TUESDAY_1400);

    RiskEngine.Decision entry =
        taifex.check(command(market(Side.BUY, 1, OpenClose.AUTO), OrderOrigin.MANUAL));
    assertThat(entry.refusal()).isEqualTo(ErrorCode.MARKET_CLOSED);
    assertThat(
            taifex
                .check(command(market(Side.SELL, 1, OpenClose.CLOSE), OrderOrigin.STRATEGY))
                .refused())
        .isFalse();
    assertThat(
            taifex
                .check(command(market(Side.SELL, 1, OpenClose.CLOSE), OrderOrigin.FLATTEN))
                .refused())
        .isFalse();
  }

  @Test
  void theOrderRateIsLimitedPerSecondAndPerMinuteOverPlacedOrders() {
    RiskEngine limited = engine(AlwaysOpenCalendar.INSTANCE, new OrderRateWindow(2, 3), 0);
    PlaceOrderCommand entry = command(market(Side.BUY, 1, OpenClose.AUTO), OrderOrigin.MANUAL);

    assertThat(limited.check(entry).refused()).isFalse();
    nanos.addAndGet(100_000_000);
    assertThat(limited.check(entry).refused()).isFalse();
    nanos.addAndGet(100_000_000);
    RiskEngine.Decision third = limited.check(entry);
    assertThat(third.refusal()).isEqualTo(ErrorCode.RISK_LIMIT);
    assertThat(third.throttled()).isTrue();
    assertThat(third.message()).contains("AFTM_MAX_ORDERS_PER_SECOND").contains("2");
    assertThat(
            limited
                .check(command(market(Side.BUY, 1, OpenClose.AUTO), OrderOrigin.FLATTEN))
                .refused())
        .as("flatten is exempt")
        .isFalse();

    nanos.addAndGet(1_000_000_000);
    assertThat(limited.check(entry).refused()).as("a second later").isFalse();
    nanos.addAndGet(1_000_000_000);
    RiskEngine.Decision perMinute = limited.check(entry);
    assertThat(perMinute.refusal()).isEqualTo(ErrorCode.RISK_LIMIT);
    assertThat(perMinute.message()).contains("AFTM_MAX_ORDERS_PER_MINUTE").contains("3");
    nanos.addAndGet(60_000_000_000L);
    assertThat(limited.check(entry).refused()).as("a minute later").isFalse();
  }

  @Test
  void aLimitOrderOutsideThePriceBandIsRefusedAndPassesWhileNoPriceIsKnown() {
    RiskEngine banded = engine(AlwaysOpenCalendar.INSTANCE, null, 5);
    assertThat(banded.check(command(limit(Side.BUY, "30000"), OrderOrigin.MANUAL)).refused())
        .as("no last price yet")
        .isFalse();

    portfolio.onPrice(TXF, Price.ofPoints(20_000).units());

    assertThat(banded.check(command(limit(Side.BUY, "21000"), OrderOrigin.MANUAL)).refused())
        .as("exactly 5%")
        .isFalse();
    RiskEngine.Decision far = banded.check(command(limit(Side.BUY, "21001"), OrderOrigin.MANUAL));
    assertThat(far.refusal()).isEqualTo(ErrorCode.RISK_LIMIT);
    assertThat(far.message())
        .contains("AFTM_PRICE_BAND_PCT")
        .contains("21001")
        .contains("20000")
        .contains("5.01% from")
        .endsWith("over the band of 5%");
    assertThat(banded.check(command(limit(Side.SELL, "18999"), OrderOrigin.MANUAL)).refused())
        .isTrue();
    assertThat(
            banded
                .check(command(market(Side.BUY, 1, OpenClose.AUTO), OrderOrigin.MANUAL))
                .refused())
        .as("a market order has no price to band")
        .isFalse();
  }
}
