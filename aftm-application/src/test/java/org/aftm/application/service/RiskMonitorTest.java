package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.domain.calendar.AlwaysOpenCalendar;
import org.aftm.domain.calendar.TaifexCalendar;
import org.aftm.domain.calendar.TradingCalendar;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.Test;

/** The risk monitor driven by hand: no thread, no sleeping. */
class RiskMonitorTest {

  private static final String TXF = "TXFF6";
  private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

  private final AtomicReference<Instant> now =
      new AtomicReference<>(LocalDateTime.parse("2026-01-06T10:00:00").atZone(TAIPEI).toInstant());
  private final InstantSource clock = () -> now.get();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final AtomicReference<String> breaker = new AtomicReference<>("CLOSED");
  private final InMemoryTradingStatePort store = new InMemoryTradingStatePort();
  private final TradingControl control = new TradingControl(store, clock);
  private final Portfolio portfolio = new Portfolio(item -> 200);
  private int fills;

  private RiskMonitor monitor(long maxLossTwd, TradingCalendar calendar, int flattenMin) {
    return new RiskMonitor(
        control,
        new DailyPnl(portfolio, store, calendar, clock),
        maxLossTwd,
        breaker::get,
        30_000_000_000L,
        calendar,
        flattenMin,
        clock,
        nanos::get);
  }

  private void fill(Side side, int lots, long points) {
    portfolio.onFill(
        new Fill(
            "o" + ++fills, "E" + fills, "S", "ACC-1", TXF, side, lots, Price.ofPoints(points), 0));
  }

  @Test
  void theLossLimitTripsOnUnrealizedLossAloneAndStaysUntilResumed() {
    RiskMonitor monitor = monitor(10_000, AlwaysOpenCalendar.INSTANCE, 0);
    fill(Side.BUY, 1, 20_000);
    portfolio.onPrice(TXF, Price.ofPoints(19_951).units());
    monitor.runOnce();
    assertThat(control.state()).as("-9,800 TWD").isEqualTo(TradingState.ACTIVE);

    portfolio.onPrice(TXF, Price.ofPoints(19_950).units());
    monitor.runOnce();

    assertThat(control.state())
        .as("-10,000 TWD, nothing realized")
        .isEqualTo(TradingState.REDUCING);
    assertThat(control.tradingStatus().reason())
        .contains("AFTM_MAX_DAILY_LOSS_TWD")
        .contains("-10000");
    portfolio.onPrice(TXF, Price.ofPoints(20_100).units());
    monitor.runOnce();
    assertThat(control.state()).as("sticky").isEqualTo(TradingState.REDUCING);
  }

  @Test
  void theDaysRealizedPnlIsSavedAndCountedAgainAfterARestart() {
    LocalDate day = LocalDate.of(2026, 1, 6);
    RiskMonitor monitor = monitor(10_000, AlwaysOpenCalendar.INSTANCE, 0);
    monitor.runOnce(); // at start: the day counts from here
    fill(Side.BUY, 1, 20_000);
    fill(Side.SELL, 1, 19_970); // -30 points, -6,000 TWD realized
    monitor.runOnce();
    assertThat(store.dailyRealized).containsEntry(day, Price.ofPoints(-6_000).units());

    // A restart: a new portfolio knows nothing of today's trades; the store does.
    Portfolio fresh = new Portfolio(item -> 200);
    DailyPnl restarted = new DailyPnl(fresh, store, AlwaysOpenCalendar.INSTANCE, clock);
    assertThat(restarted.evaluate()).isEqualTo(Price.ofPoints(-6_000).units());

    now.set(now.get().plusSeconds(86_400));
    assertThat(restarted.evaluate()).as("a new trading day starts at 0").isZero();
  }

  @Test
  void theBreakerOpenTooLongReducesUntilItCloses() {
    RiskMonitor monitor = monitor(0, AlwaysOpenCalendar.INSTANCE, 0);
    breaker.set("OPEN");
    monitor.runOnce();
    nanos.addAndGet(29_000_000_000L);
    monitor.runOnce();
    assertThat(control.state()).isEqualTo(TradingState.ACTIVE);

    nanos.addAndGet(1_000_000_000L);
    monitor.runOnce();
    assertThat(control.state()).isEqualTo(TradingState.REDUCING);
    assertThat(control.tradingStatus().reason()).contains("BREAKER_OPEN");

    breaker.set("CLOSED");
    monitor.runOnce();
    assertThat(control.state()).isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void flattensOncePerSessionThatManyMinutesBeforeItsClose() {
    AtomicLong flattens = new AtomicLong();
    OrderLifecycle lifecycle =
        new OrderLifecycle(
            portfolio, new FakeOrderJournal(), new RecordingOrderUpdates(), OrderPath.CLOCK);
    control.useFlattener(
        new PositionFlattener(
            command -> {
              flattens.incrementAndGet();
              return org.aftm.domain.order.OrderResult.rejected("", "X", "test", "id");
            },
            portfolio,
            lifecycle,
            "ACC-1",
            10,
            clock));
    fill(Side.BUY, 1, 20_000);
    RiskMonitor monitor = monitor(0, new TaifexCalendar(Set.of()), 5);

    now.set(LocalDateTime.parse("2026-01-06T13:39:59").atZone(TAIPEI).toInstant());
    monitor.runOnce();
    assertThat(flattens).hasValue(0);
    now.set(LocalDateTime.parse("2026-01-06T13:40:00").atZone(TAIPEI).toInstant());
    monitor.runOnce();
    now.set(LocalDateTime.parse("2026-01-06T13:41:00").atZone(TAIPEI).toInstant());
    monitor.runOnce();
    assertThat(flattens).hasValue(1);

    now.set(LocalDateTime.parse("2026-01-07T04:55:00").atZone(TAIPEI).toInstant());
    monitor.runOnce();
    assertThat(flattens).as("the night session's close").hasValue(2);
  }

  @Test
  void flattenReportOfNothingHeldIsEmpty() {
    control.useFlattener(
        new PositionFlattener(
            command -> {
              throw new AssertionError("nothing to place");
            },
            portfolio,
            new OrderLifecycle(
                portfolio, new FakeOrderJournal(), new RecordingOrderUpdates(), OrderPath.CLOCK),
            "ACC-1",
            10,
            clock));
    FlattenReport report = control.flatten(Optional.of(TXF));
    assertThat(report.orders()).isEmpty();
  }
}
