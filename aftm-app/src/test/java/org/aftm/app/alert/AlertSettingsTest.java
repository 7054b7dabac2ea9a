package org.aftm.app.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

  @Test
  void theTextShowsOnlyWhereTheWebhookIsNotItsToken() {
    AlertSettings settings =
        AlertSettings.defaults()
            .withWebhook(
                Optional.of(
                    URI.create("https://user:pw@hooks.example.com/services/T0K3N?key=S3CR3T")));

    String text = settings.toString();

    assertThat(text)
        .contains("webhook=https://hooks.example.com:443")
        .contains("failedOrdersPercent=1.0")
        .doesNotContain("T0K3N")
        .doesNotContain("S3CR3T")
        .doesNotContain("pw");
    assertThat(AlertSettings.defaults().toString()).contains("webhook=none");
  }
}
