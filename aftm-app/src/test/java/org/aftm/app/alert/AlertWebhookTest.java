package org.aftm.app.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.aftm.app.alert.AlertNotice.State;
import org.aftm.domain.risk.TradingState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The webhook against a real HTTP receiver on loopback. */
@Timeout(60)
class AlertWebhookTest {

  private static final Duration AWAIT = Duration.ofSeconds(20);

  private WebhookReceiver receiver;
  private AlertWebhook webhook;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger webhookLogger = (Logger) LoggerFactory.getLogger(AlertWebhook.class);

  @BeforeEach
  void start() throws Exception {
    receiver = new WebhookReceiver();
    log.start();
    webhookLogger.addAppender(log);
    webhookLogger.setLevel(Level.INFO);
  }

  @AfterEach
  void stop() {
    webhookLogger.detachAppender(log);
    webhookLogger.setLevel(null);
    if (webhook != null) {
      webhook.close();
    }
    receiver.close();
  }

  private static AlertNotice notice(AlertRule rule, State state) {
    return new AlertNotice(rule, state, 1, 0, Instant.parse("2026-12-01T09:00:00Z"));
  }

  @Test
  void postsTheNoticeAsJson() {
    webhook = new AlertWebhook(receiver.url());
    AlertNotice notice = notice(AlertRule.BREAKER_OPEN, State.FIRING);
    webhook.accept(notice);
    await().atMost(AWAIT).until(() -> webhook.sent() == 1);
    assertThat(receiver.bodies).containsExactly(notice.toJson());
    assertThat(receiver.contentTypes).containsExactly("application/json");
  }

  @Test
  void aHangingWebhookDoesNotDelayTheEvaluation() throws Exception {
    receiver.hang = true;
    webhook = new AlertWebhook(receiver.url(), 8, Duration.ofSeconds(30));
    FakeAlertSources sources = new FakeAlertSources();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    AlertEvaluator evaluator =
        new AlertEvaluator(
            sources, AlertSettings.defaults(), clock, webhook, new SimpleMeterRegistry());
    sources.breakerOpen = true;
    evaluator.evaluate();
    receiver.awaitHungRequest();
    // The receiver holds the first POST: every further round still completes, on this thread.
    sources.tradingState = TradingState.HALTED;
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(5));
      evaluator.evaluate();
    }
    assertThat(evaluator.firing())
        .containsExactlyInAnyOrder(AlertRule.BREAKER_OPEN, AlertRule.TRADING_NOT_ACTIVE);
    assertThat(webhook.queued()).isEqualTo(1);
    assertThat(receiver.bodies).isEmpty();
    receiver.release();
    await().atMost(AWAIT).until(() -> webhook.sent() == 2);
    assertThat(receiver.bodies)
        .extracting(b -> b.substring(0, b.indexOf(',')))
        .containsExactly("{\"alert\":\"breaker_open\"", "{\"alert\":\"trading_not_active\"");
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsIt() throws Exception {
    receiver.hang = true;
    webhook = new AlertWebhook(receiver.url(), 2, Duration.ofSeconds(30));
    webhook.accept(notice(AlertRule.GATEWAY_DOWN, State.FIRING));
    receiver.awaitHungRequest(); // the first is in flight, out of the queue
    webhook.accept(notice(AlertRule.STRATEGY_DOWN, State.FIRING));
    webhook.accept(notice(AlertRule.EXECUTOR_DOWN, State.FIRING));
    webhook.accept(notice(AlertRule.BREAKER_OPEN, State.FIRING));
    webhook.accept(notice(AlertRule.ERROR_RATE, State.FIRING));
    assertThat(webhook.dropped()).isEqualTo(2);
    assertThat(webhook.queued()).isEqualTo(2);
    receiver.release();
    await().atMost(AWAIT).until(() -> webhook.sent() == 3);
    assertThat(receiver.bodies)
        .extracting(b -> b.substring(0, b.indexOf(',')))
        .containsExactly(
            "{\"alert\":\"gateway_down\"",
            "{\"alert\":\"breaker_open\"",
            "{\"alert\":\"error_rate\"");
  }

  @Test
  void failuresAreLoggedOncePerOutageAndNeverWithTheToken() {
    receiver.status = 500;
    webhook = new AlertWebhook(receiver.url());
    for (int i = 0; i < 5; i++) {
      webhook.accept(notice(AlertRule.BREAKER_OPEN, i % 2 == 0 ? State.FIRING : State.RESOLVED));
    }
    await().atMost(AWAIT).until(() -> webhook.failed() == 5);
    receiver.status = 200;
    webhook.accept(notice(AlertRule.BREAKER_OPEN, State.FIRING));
    await().atMost(AWAIT).until(() -> webhook.sent() == 1);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("failing"))
        .singleElement()
        .asString()
        .contains("HTTP status 500")
        .contains("http://127.0.0.1:" + receiver.url().getPort());
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("answers again after"))
        .singleElement()
        .asString()
        .contains("5 failed");
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("SECRET"));
  }

  @Test
  void aReceiverThatIsGoneIsAFailureNotAHang() throws Exception {
    URI gone = receiver.url();
    receiver.close();
    webhook = new AlertWebhook(gone, 8, Duration.ofSeconds(2));
    webhook.accept(notice(AlertRule.BREAKER_OPEN, State.FIRING));
    webhook.accept(notice(AlertRule.BREAKER_OPEN, State.RESOLVED));
    await().atMost(AWAIT).until(() -> webhook.failed() == 2);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("failing"))
        .hasSize(1);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("SECRET"));
  }

  @Test
  void onlySchemeHostAndPortOfTheUrlAreShown() {
    assertThat(AlertWebhook.shown(URI.create("https://user:pw@hooks.example:8443/t/SECRET?k=1")))
        .isEqualTo("https://hooks.example:8443");
    assertThat(AlertWebhook.shown(URI.create("https://hooks.example/SECRET")))
        .isEqualTo("https://hooks.example:443");
    assertThat(AlertWebhook.shown(URI.create("http://127.0.0.1/SECRET")))
        .isEqualTo("http://127.0.0.1:80");
  }
}
