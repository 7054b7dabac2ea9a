package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftm.app.alert.AlertSettings;
import org.junit.jupiter.api.Test;

/** The {@code AFTM_ALERT_*} keys: ADR-004's defaults, validation, and a webhook URL kept secret. */
class AlertConfigTest {

  @Test
  void defaultsAreTheDecisionRecordsThresholds() {
    AlertSettings alerts = AftmConfig.defaults().alerts();
    assertThat(alerts).isEqualTo(AlertSettings.defaults());
    assertThat(alerts.evaluateEvery()).isEqualTo(Duration.ofSeconds(5));
    assertThat(alerts.downSeconds()).isEqualTo(10);
    assertThat(alerts.tickToOrderP95Millis()).isEqualTo(100);
    assertThat(alerts.errorRatePercent()).isEqualTo(5);
    assertThat(alerts.failedOrdersPercent()).isEqualTo(1);
    assertThat(alerts.rateWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(alerts.webhook()).isEmpty();
  }

  @Test
  void everyKeyIsRead() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("AFTM_ALERT_EVAL_S", "1");
    flags.put("AFTM_ALERT_DOWN_S", "2");
    flags.put("AFTM_ALERT_TICK_TO_ORDER_P95_MS", "250");
    flags.put("AFTM_ALERT_ERROR_RATE_PCT", "2.5");
    flags.put("AFTM_ALERT_ERROR_RATE_MIN_REQUESTS", "40");
    flags.put("AFTM_ALERT_FAILED_ORDERS_PCT", "10");
    flags.put("AFTM_ALERT_FAILED_ORDERS_MIN_ORDERS", "10");
    flags.put("AFTM_ALERT_RATE_WINDOW_S", "60");
    flags.put("AFTM_ALERT_HOLD_S", "0");
    flags.put("AFTM_ALERT_WEBHOOK_URL", "https://hooks.example:8443/t/abc?token=x");
    AlertSettings alerts = ConfigSources.load(flags, Map.of(), null).alerts();
    assertThat(alerts)
        .isEqualTo(
            new AlertSettings(
                Duration.ofSeconds(1),
                2,
                250,
                2.5,
                40,
                10,
                10,
                Duration.ofSeconds(60),
                Duration.ZERO,
                java.util.Optional.of(URI.create("https://hooks.example:8443/t/abc?token=x"))));
  }

  @Test
  void badValuesNameTheirKeys() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("AFTM_ALERT_EVAL_S", "11");
    flags.put("AFTM_ALERT_DOWN_S", "0");
    flags.put("AFTM_ALERT_ERROR_RATE_PCT", "0");
    flags.put("AFTM_ALERT_FAILED_ORDERS_PCT", "one");
    flags.put("AFTM_ALERT_HOLD_S", "-1");
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(flags, Map.of(), null));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "AFTM_ALERT_EVAL_S: must be between 1 and 10 but was 11",
            "AFTM_ALERT_DOWN_S: must be between 1 and 86400 but was 0",
            "AFTM_ALERT_ERROR_RATE_PCT: must be above 0 and at most 100 but was 0",
            "AFTM_ALERT_FAILED_ORDERS_PCT: must be a number above 0 and at most 100 but was 'one'",
            "AFTM_ALERT_HOLD_S: must be between 0 and 86400 but was -1");
  }

  @Test
  void aBadWebhookUrlIsNamedButNotShown() {
    for (String bad : new String[] {"ftp://host/SECRET", "SECRET", "http://exa mple/SECRET"}) {
      ConfigException e =
          catchThrowableOfType(
              ConfigException.class,
              () -> ConfigSources.load(Map.of("AFTM_ALERT_WEBHOOK_URL", bad), Map.of(), null));
      assertThat(e.problems())
          .as(bad)
          .singleElement()
          .asString()
          .startsWith("AFTM_ALERT_WEBHOOK_URL: ")
          .doesNotContain("SECRET");
    }
  }

  @Test
  void theWebhookUrlNeverReachesAChildOrALog() {
    AftmConfig config =
        AftmConfig.defaults()
            .with(Map.of(ConfigKey.AFTM_ALERT_WEBHOOK_URL, "https://hooks.example/SECRET"));
    assertThat(config.alerts().webhook()).isPresent();
    assertThat(config.toFlags()).doesNotContainKey("AFTM_ALERT_WEBHOOK_URL");
    assertThat(config.toString()).doesNotContain("SECRET");
    assertThat(config.toFlags()).containsKey("AFTM_ALERT_DOWN_S");
  }
}
