package org.aftm.app.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The running alerts on their own thread, with a webhook receiver that hangs. */
@Timeout(60)
class AlertScheduleTest {

  /** Counts the rounds: each reads the trading state once. */
  private static final class CountingSources extends ForwardingSources {
    final AtomicInteger rounds = new AtomicInteger();
    volatile String thread;

    CountingSources(FakeAlertSources delegate) {
      super(delegate);
    }

    @Override
    public Optional<TradingState> tradingState() {
      thread = Thread.currentThread().getName();
      rounds.incrementAndGet();
      return super.tradingState();
    }
  }

  @Test
  void roundsGoOnOnTheAlertsThreadWhileTheWebhookHangs() throws Exception {
    FakeAlertSources fake = new FakeAlertSources();
    fake.breakerOpen = true;
    fake.tradingState = TradingState.HALTED;
    CountingSources sources = new CountingSources(fake);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.hang = true;
      AlertSettings settings =
          new AlertSettings(
                  Duration.ofSeconds(1),
                  10,
                  100,
                  5,
                  20,
                  1,
                  100,
                  Duration.ofMinutes(5),
                  Duration.ZERO,
                  Optional.empty())
              .withWebhook(Optional.of(receiver.url()));
      try (AlertSchedule schedule =
          AlertSchedule.start(settings, sources, registry, Clock.systemUTC())) {
        receiver.awaitHungRequest();
        int roundsWhenHung = sources.rounds.get();
        await("three more rounds while the receiver holds the first POST")
            .atMost(Duration.ofSeconds(20))
            .until(() -> sources.rounds.get() >= roundsWhenHung + 3);
        assertThat(receiver.bodies).isEmpty();
        assertThat(sources.thread).isEqualTo("alerts");
        assertThat(registry.get("aftm.alerts.fired").tag("alert", "breaker_open").counter().count())
            .isEqualTo(1);
        assertThat(schedule.webhook()).isPresent();
        receiver.release();
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.bodies.size() == 2);
      }
    }
  }
}
