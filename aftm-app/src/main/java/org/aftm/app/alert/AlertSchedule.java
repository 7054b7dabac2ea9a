package org.aftm.app.alert;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alerts: an {@link AlertEvaluator} run every {@code AFTM_ALERT_EVAL_S} on one daemon
 * thread {@code alerts}, and, when {@code AFTM_ALERT_WEBHOOK_URL} is set, the {@link AlertWebhook}
 * with its own sender thread. A round that throws is logged (once until a round succeeds again) and
 * the next round runs as planned.
 */
public final class AlertSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertSchedule.class);

  private final ScheduledExecutorService thread;
  private final Optional<AlertWebhook> webhook;
  private final AlertEvaluator evaluator;

  /** Whether the last round threw; on the {@code alerts} thread only. */
  private boolean failing;

  private AlertSchedule(
      AlertEvaluator evaluator, Optional<AlertWebhook> webhook, AlertSettings settings) {
    this.evaluator = evaluator;
    this.webhook = webhook;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread t = new Thread(runnable, "alerts");
              t.setDaemon(true);
              return t;
            });
    long periodMillis = settings.evaluateEvery().toMillis();
    thread.scheduleWithFixedDelay(this::round, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Starts evaluating {@code sources} by {@code settings}; the first round after one period. */
  public static AlertSchedule start(
      AlertSettings settings, AlertSources sources, MeterRegistry registry, Clock clock) {
    Optional<AlertWebhook> webhook = settings.webhook().map(AlertWebhook::new);
    Consumer<AlertNotice> notifier = webhook.isPresent() ? webhook.get() : notice -> {};
    AlertEvaluator evaluator = new AlertEvaluator(sources, settings, clock, notifier, registry);
    LOG.info(
        "Alerts every {} ms; webhook {}",
        settings.evaluateEvery().toMillis(),
        settings.webhook().map(AlertWebhook::shown).orElse("none"));
    return new AlertSchedule(evaluator, webhook, settings);
  }

  private void round() {
    try {
      evaluator.evaluate();
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.error(
            "Alert evaluation failed; tried again every round, logged again only after a round succeeds",
            e);
      }
    }
  }

  /** The webhook, when one is configured (its counters). */
  public Optional<AlertWebhook> webhook() {
    return webhook;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    webhook.ifPresent(AlertWebhook::close);
  }
}
