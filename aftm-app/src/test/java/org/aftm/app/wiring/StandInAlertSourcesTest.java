package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.app.alert.AlertSources.Component;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.Test;

/**
 * The stand-in sources: seconds down counted from the last time seen up, and the order counters.
 */
class StandInAlertSourcesTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-01T09:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final AtomicBoolean executorUp = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<String> breaker = new AtomicReference<>("CLOSED");
  private final StandInAlertSources sources =
      new StandInAlertSources(
          () -> true,
          () -> false,
          executorUp::get,
          sent::get,
          refused::get,
          breaker::get,
          () -> TradingState.REDUCING,
          clock);

  private void advanceMillis(long millis) {
    now.set(now.get().plusMillis(millis));
  }

  @Test
  void secondsDownCountFromTheLastTimeSeenUp() {
    assertThat(sources.secondsDown(Component.EXECUTOR)).isZero();
    advanceMillis(2_000);
    executorUp.set(false);
    advanceMillis(1_500);
    // Last seen up at the previous call, 3.5 s ago (evaluated every few seconds, it may have been
    // up a little longer than that).
    assertThat(sources.secondsDown(Component.EXECUTOR)).isEqualTo(3.5);
    advanceMillis(10_000);
    assertThat(sources.secondsDown(Component.EXECUTOR)).isEqualTo(13.5);
    executorUp.set(true);
    assertThat(sources.secondsDown(Component.EXECUTOR)).isZero();
    // Never up: down since the sources were made.
    assertThat(sources.secondsDown(Component.STRATEGY)).isEqualTo(13.5);
    assertThat(sources.secondsDown(Component.GATEWAY)).isZero();
  }

  @Test
  void ordersRefusedAreFailedOfDecidedAndTheRestIsPassedOn() {
    sent.set(97);
    refused.set(3);
    assertThat(sources.ordersDecided()).isEqualTo(100);
    assertThat(sources.ordersFailed()).isEqualTo(3);
    assertThat(sources.gatewayErrors()).isZero();
    assertThat(sources.tickToOrderP95Seconds()).isNaN();
    assertThat(sources.tradingState()).isEqualTo(TradingState.REDUCING);
    assertThat(sources.breakerOpen()).isFalse();
    for (String open : new String[] {"OPEN", "HALF_OPEN", "FORCED_OPEN"}) {
      breaker.set(open);
      assertThat(sources.breakerOpen()).as(open).isTrue();
    }
  }
}
