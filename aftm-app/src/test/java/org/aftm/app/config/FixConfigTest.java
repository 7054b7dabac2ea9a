package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FIX keys: defaults, values taken, and bad values named by their key. */
class FixConfigTest {

  @Test
  void defaultsFollowTheFixConventions() {
    AftmConfig config = AftmConfig.defaults();
    assertThat(config.fixHost()).isEqualTo("127.0.0.1");
    assertThat(config.fixPort()).isEqualTo(9878);
    assertThat(config.fixSenderCompId()).isEqualTo("AFTM");
    assertThat(config.fixTargetCompId()).isEqualTo("AFTM-VENUE");
    assertThat(config.fixVersion()).isEqualTo("4.4");
    assertThat(config.fixHeartbeatSeconds()).isEqualTo(30);
    assertThat(config.fixAccount()).isEmpty();
    assertThat(config.fixTls()).isFalse();
    assertThat(config.marketData()).isEqualTo(MarketDataSource.FIX);
  }

  @Test
  void fixModeAndItsKeysAreTaken() {
    AftmConfig config =
        ConfigSources.load(
            Map.of(
                "EXCHANGE_MODE", "fix",
                "AFTM_FIX_HOST", "venue.example",
                "AFTM_FIX_PORT", "9000",
                "AFTM_FIX_VERSION", "FIX.4.2",
                "AFTM_FIX_HEARTBEAT_S", "10",
                "AFTM_FIX_ACCOUNT", "ACC-1",
                "AFTM_FIX_TLS", "TRUE",
                "AFTM_MARKET_DATA", "sim"),
            Map.of(),
            null);
    assertThat(config.exchangeMode()).isEqualTo(ExchangeMode.FIX);
    assertThat(config.fixHost()).isEqualTo("venue.example");
    assertThat(config.fixPort()).isEqualTo(9000);
    assertThat(config.fixVersion()).isEqualTo("4.2");
    assertThat(config.fixHeartbeatSeconds()).isEqualTo(10);
    assertThat(config.fixAccount()).isEqualTo("ACC-1");
    assertThat(config.fixTls()).isTrue();
    assertThat(config.marketData()).isEqualTo(MarketDataSource.SIM);
  }

  @Test
  void badFixValuesAreNamedByTheirKeys() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigSources.load(
                    Map.of(
                        "AFTM_FIX_PORT", "0",
                        "AFTM_FIX_VERSION", "5.0",
                        "AFTM_FIX_HEARTBEAT_S", "x",
                        "AFTM_FIX_SENDER_COMP_ID", "A B",
                        "AFTM_FIX_TLS", "maybe",
                        "AFTM_MARKET_DATA", "tv"),
                    Map.of(),
                    null));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("AFTM_FIX_PORT"))
        .anySatisfy(p -> assertThat(p).startsWith("AFTM_FIX_VERSION").contains("5.0"))
        .anySatisfy(p -> assertThat(p).startsWith("AFTM_FIX_HEARTBEAT_S"))
        .anySatisfy(p -> assertThat(p).startsWith("AFTM_FIX_SENDER_COMP_ID"))
        .anySatisfy(p -> assertThat(p).startsWith("AFTM_FIX_TLS").contains("maybe"))
        .anySatisfy(p -> assertThat(p).startsWith("AFTM_MARKET_DATA").contains("tv"));
  }
}
