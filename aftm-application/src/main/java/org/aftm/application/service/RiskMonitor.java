package org.aftm.application.service;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aftm.domain.calendar.TradingCalendar;
import org.aftm.domain.model.Price;
import org.aftm.domain.risk.TradingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what no order arrival shows, four times a second (docs/architecture.md §12): the daily
 * loss limit on realized plus unrealized P&amp;L ({@code AFTM_MAX_DAILY_LOSS_TWD}, so a position
 * losing while nothing trades still trips it), the broker's breaker open for longer than {@code
 * AFTM_BREAKER_REDUCE_AFTER_S} (trading reduces until it closes), and the flatten before a
 * session's close ({@code AFTM_FLATTEN_BEFORE_CLOSE_MIN}, once per session).
 *
 * <p>Threading: one daemon thread, {@code risk-monitor}, started and stopped by the composition
 * root, runs {@link #runOnce}; tests call {@link #runOnce} themselves with their own clocks.
 */
public final class RiskMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RiskMonitor.class);
  static final long PERIOD_MILLIS = 250;

  private final TradingControl control;
  private final DailyPnl dailyPnl;
  private final long maxDailyLossUnits;
  private final Supplier<String> breakerState;
  private final long breakerReduceAfterNanos;
  private final TradingCalendar calendar;
  private final long flattenBeforeCloseMillis;
  private final InstantSource clock;
  private final LongSupplier nanoClock;
  private final Thread thread;

  /** Owned by the monitor's thread (or the test that drives it). */
  private boolean overLossLimit;

  private long breakerOpenSinceNanos;
  private Instant flattenedBeforeClose;
  private volatile boolean running;

  /**
   * @param maxDailyLossTwd the daily loss limit in TWD, 0 for none
   * @param breakerState the broker breaker's state name ({@code CLOSED}, {@code OPEN}, ...)
   * @param breakerReduceAfterNanos how long the breaker may stay open before trading reduces
   * @param flattenBeforeCloseMinutes flatten this long before a session closes, 0 for never
   */
  public RiskMonitor(
      TradingControl control,
      DailyPnl dailyPnl,
      long maxDailyLossTwd,
      Supplier<String> breakerState,
      long breakerReduceAfterNanos,
      TradingCalendar calendar,
      int flattenBeforeCloseMinutes,
      InstantSource clock,
      LongSupplier nanoClock) {
    this.control = control;
    this.dailyPnl = dailyPnl;
    this.maxDailyLossUnits = Math.multiplyExact(maxDailyLossTwd, Price.UNITS_PER_POINT);
    this.breakerState = breakerState;
    this.breakerReduceAfterNanos = breakerReduceAfterNanos;
    this.calendar = calendar;
    this.flattenBeforeCloseMillis = TimeUnit.MINUTES.toMillis(flattenBeforeCloseMinutes);
    this.clock = clock;
    this.nanoClock = nanoClock;
    this.thread = new Thread(this::loop, "risk-monitor");
    thread.setDaemon(true);
  }

  public void start() {
    running = true;
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        runOnce();
      } catch (RuntimeException e) {
        LOG.error("Risk monitor check failed; trying again", e);
      }
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One round of checks. */
  public void runOnce() {
    checkDailyLoss();
    checkBreaker();
    checkSessionClose();
  }

  private void checkDailyLoss() {
    long pnl = dailyPnl.evaluate();
    if (maxDailyLossUnits <= 0) {
      return;
    }
    boolean over = pnl <= -maxDailyLossUnits;
    // On reaching the limit only: an operator who resumes afterwards is not overruled four times a
    // second; a restart, or a recovery and a new fall, trips it again.
    if (over && !overLossLimit) {
      control.trip(
          TradingState.REDUCING,
          "AFTM_MAX_DAILY_LOSS_TWD: the P&L of trading day "
              + dailyPnl.tradingDay()
              + " is "
              + Price.format(pnl)
              + " TWD, at or beyond the limit of -"
              + Price.format(maxDailyLossUnits)
              + " TWD");
    }
    overLossLimit = over;
  }

  private void checkBreaker() {
    String state = breakerState.get();
    boolean open = "OPEN".equals(state) || "HALF_OPEN".equals(state) || "FORCED_OPEN".equals(state);
    long now = nanoClock.getAsLong();
    if (!open) {
      breakerOpenSinceNanos = 0;
      control.clear(TradingControl.Cause.BREAKER_OPEN);
      return;
    }
    if (breakerOpenSinceNanos == 0) {
      breakerOpenSinceNanos = now == 0 ? 1 : now;
      return;
    }
    long openNanos = now - breakerOpenSinceNanos;
    if (openNanos >= breakerReduceAfterNanos
        && !control.isRaised(TradingControl.Cause.BREAKER_OPEN)) {
      control.raise(
          TradingControl.Cause.BREAKER_OPEN,
          "the broker's breaker has been open for "
              + TimeUnit.NANOSECONDS.toSeconds(openNanos)
              + " s (AFTM_BREAKER_REDUCE_AFTER_S "
              + TimeUnit.NANOSECONDS.toSeconds(breakerReduceAfterNanos)
              + ")");
    }
  }

  private void checkSessionClose() {
    if (flattenBeforeCloseMillis <= 0) {
      return;
    }
    Instant now = clock.instant();
    Optional<Instant> close = calendar.sessionClose(now);
    if (close.isEmpty() || close.get().equals(flattenedBeforeClose)) {
      return;
    }
    if (now.toEpochMilli() >= close.get().toEpochMilli() - flattenBeforeCloseMillis) {
      flattenedBeforeClose = close.get();
      LOG.warn(
          "Flatten before the session closes at {} (AFTM_FLATTEN_BEFORE_CLOSE_MIN {})",
          close.get(),
          TimeUnit.MILLISECONDS.toMinutes(flattenBeforeCloseMillis));
      control.flatten(Optional.empty());
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
