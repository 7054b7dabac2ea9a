package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md §6: one typed configuration from flags > environment > .env > defaults,
 * validated at once.
 */
class ConfigSourcesTest {

  private static final String PASSWORD = "hunter2-never-shown";

  @TempDir Path dir;

  @Test
  void defaultsAreTheSeedRecordsValues() {
    AftmConfig config = AftmConfig.defaults();

    assertThat(config.zmqHost()).isEqualTo("127.0.0.1");
    assertThat(config.tickPort()).isEqualTo(5555);
    assertThat(config.signalPort()).isEqualTo(5556);
    assertThat(config.gatewayHost()).isEqualTo("127.0.0.1");
    assertThat(config.gatewayPort()).isEqualTo(5557);
    assertThat(config.gatewayRequestTimeoutMs()).isEqualTo(5000);
    assertThat(config.gatewayRetryCount()).isEqualTo(3);
    assertThat(config.exchangeMode()).isEqualTo(ExchangeMode.SIM);
    assertThat(config.dealerTestUrl()).isEmpty();
    assertThat(config.dealerProdUrl()).isEmpty();
  }

  @Test
  void choiceKeysAreEnumsWithTheirDefaults() {
    AftmConfig config = AftmConfig.defaults();

    assertThat(config.exchangeMode()).isEqualTo(ExchangeMode.SIM);
    assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(config.idleStrategy()).isEqualTo(IdleStrategyName.BLOCK);
    assertThat(config.dbSync()).isEqualTo(DbSync.FULL);
  }

  @Test
  void choiceKeysAcceptTheirTextInAnyCase() {
    AftmConfig config =
        ConfigSources.load(
            Map.of(
                "EXCHANGE_MODE", "SIM",
                "AFTM_LOG_LEVEL", "debug",
                "AFTM_IDLE_STRATEGY", "Busy-Spin",
                "AFTM_DB_SYNC", "normal"),
            Map.of(),
            null);

    assertThat(config.exchangeMode()).isEqualTo(ExchangeMode.SIM);
    assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
    assertThat(config.idleStrategy()).isEqualTo(IdleStrategyName.BUSY_SPIN);
    assertThat(config.dbSync()).isEqualTo(DbSync.NORMAL);
  }

  @Test
  void aBadChoiceNamesItsKeyTheValueAndEveryAllowedValue() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("AFTM_IDLE_STRATEGY", "busy_spin");
    flags.put("AFTM_DB_SYNC", "OFF");
    flags.put("AFTM_LOG_LEVEL", "verbose");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(flags, Map.of(), null));

    assertThat(e.problems()).hasSize(3);
    assertThat(e.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("AFTM_IDLE_STRATEGY")
                    .contains(
                        "'busy_spin'", "block", "backoff", "sleeping", "yielding", "busy-spin"));
    assertThat(e.problems())
        .anySatisfy(
            p -> assertThat(p).startsWith("AFTM_DB_SYNC").contains("'OFF'", "FULL, NORMAL"));
    assertThat(e.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("AFTM_LOG_LEVEL")
                    .contains("'verbose'", "TRACE, DEBUG, INFO, WARN, ERROR"));
  }

  @Test
  void theClosedLoopKeysHaveTheirDefaults() {
    AftmConfig config = AftmConfig.defaults();

    assertThat(config.orderEventPort()).isEqualTo(5559);
    assertThat(config.orderEventBindAddress()).isEqualTo("tcp://127.0.0.1:5559");
    assertThat(config.simRejectRate()).isZero();
    assertThat(config.simPartialFillRate()).isZero();
    assertThat(config.simAckDelayMs()).isZero();
    assertThat(config.simFillDelayMs()).isZero();
    assertThat(config.maxEntryAttempts()).isEqualTo(3);
    assertThat(config.orderTimeoutMs()).isEqualTo(5000);
  }

  @Test
  void theClosedLoopKeysAreRead() {
    AftmConfig config =
        ConfigSources.load(
            Map.of(
                "AFTM_ORDER_EVENT_PORT", "0",
                "AFTM_SIM_REJECT_RATE", "0.25",
                "AFTM_SIM_PARTIAL_FILL_RATE", "1",
                "AFTM_SIM_ACK_DELAY_MS", "15",
                "AFTM_SIM_FILL_DELAY_MS", "40",
                "AFTM_MAX_ENTRY_ATTEMPTS", "5",
                "AFTM_ORDER_TIMEOUT_MS", "750"),
            Map.of(),
            null);

    assertThat(config.orderEventBindAddress()).isEqualTo("tcp://127.0.0.1:*");
    assertThat(config.simRejectRate()).isEqualTo(0.25);
    assertThat(config.simPartialFillRate()).isEqualTo(1.0);
    assertThat(config.simAckDelayMs()).isEqualTo(15);
    assertThat(config.simFillDelayMs()).isEqualTo(40);
    assertThat(config.maxEntryAttempts()).isEqualTo(5);
    assertThat(config.orderTimeoutMs()).isEqualTo(750);
  }

  @Test
  void aFractionOutsideZeroToOneNamesItsKey() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("AFTM_SIM_REJECT_RATE", "1.5");
    flags.put("AFTM_SIM_PARTIAL_FILL_RATE", "half");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(flags, Map.of(), null));

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems())
        .anySatisfy(
            p -> assertThat(p).startsWith("AFTM_SIM_REJECT_RATE").contains("1.5", "0 and 1"));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("AFTM_SIM_PARTIAL_FILL_RATE").contains("'half'"));
  }

  @Test
  void negativeRatesNaNAndOutOfRangeLimitsAreRefused() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("AFTM_SIM_REJECT_RATE", "-0.1");
    flags.put("AFTM_SIM_PARTIAL_FILL_RATE", "NaN");
    flags.put("AFTM_SIM_FILL_DELAY_MS", "-1");
    flags.put("AFTM_MAX_ENTRY_ATTEMPTS", "0");
    flags.put("AFTM_ORDER_TIMEOUT_MS", "99");
    flags.put("AFTM_ORDER_EVENT_PORT", "-1");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(flags, Map.of(), null));

    assertThat(e.problems())
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactlyInAnyOrder(
            "AFTM_SIM_REJECT_RATE",
            "AFTM_SIM_PARTIAL_FILL_RATE",
            "AFTM_SIM_FILL_DELAY_MS",
            "AFTM_MAX_ENTRY_ATTEMPTS",
            "AFTM_ORDER_TIMEOUT_MS",
            "AFTM_ORDER_EVENT_PORT");
  }

  @Test
  void derivesBindAndConnectAddresses() {
    AftmConfig config = AftmConfig.defaults();

    assertThat(config.tickBindAddress()).isEqualTo("tcp://127.0.0.1:5555");
    assertThat(config.signalBindAddress()).isEqualTo("tcp://127.0.0.1:5556");
    assertThat(config.orderEventBindAddress()).isEqualTo("tcp://127.0.0.1:5559");
    assertThat(config.gatewayBindAddress()).isEqualTo("tcp://127.0.0.1:5557");
    assertThat(config.gatewayConnectAddress()).isEqualTo("tcp://127.0.0.1:5557");
    assertThat(config.logDir()).isEqualTo(config.dataDir().resolve("logs"));
  }

  @Test
  void portZeroBindsAnyFreePort() {
    AftmConfig config = ConfigSources.load(Map.of("ZMQ_TICK_PORT", "0"), Map.of(), null);

    assertThat(config.tickBindAddress()).isEqualTo("tcp://127.0.0.1:*");
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsDotEnvWhichBeatsDefaults() throws IOException {
    Path dotEnv =
        write(
            ".env",
            """
        # the lowest source that is not a default
        ZMQ_TICK_PORT=6001
        ZMQ_SIGNAL_PORT=6002
        DLL_GATEWAY_PORT=6003
        """);
    Map<String, String> environment = Map.of("ZMQ_SIGNAL_PORT", "7002", "DLL_GATEWAY_PORT", "7003");
    Map<String, String> flags = Map.of("DLL_GATEWAY_PORT", "8003");

    AftmConfig config = ConfigSources.load(flags, environment, dotEnv);

    assertThat(config.tickPort()).as(".env over default").isEqualTo(6001);
    assertThat(config.signalPort()).as("environment over .env").isEqualTo(7002);
    assertThat(config.gatewayPort()).as("flag over environment").isEqualTo(8003);
    assertThat(config.gatewayRequestTimeoutMs()).as("default").isEqualTo(5000);
  }

  @Test
  void dotEnvAcceptsCommentsExportAndQuotes() throws IOException {
    Path dotEnv =
        write(
            ".env",
            """

        # comment
        export DLL_GATEWAY_RETRY_COUNT=5
        AFTM_ITEM_CODE="MXF"
        AFTM_ACCOUNT='trader'
        """);

    AftmConfig config = ConfigSources.load(Map.of(), Map.of(), dotEnv);

    assertThat(config.gatewayRetryCount()).isEqualTo(5);
    assertThat(config.itemCode()).isEqualTo("MXF");
    assertThat(config.account()).isEqualTo("trader");
  }

  @Test
  void aMissingDotEnvIsNotAnError() {
    AftmConfig config = ConfigSources.load(Map.of(), Map.of(), dir.resolve("absent.env"));

    assertThat(config.tickPort()).isEqualTo(5555);
  }

  @Test
  void unknownEnvironmentVariablesAreIgnored() {
    AftmConfig config =
        ConfigSources.load(Map.of(), Map.of("ZMQ_TICK_PORTT", "x", "PATH", "/bin"), null);

    assertThat(config.tickPort()).isEqualTo(5555);
  }

  @Test
  void everyBadValueIsReportedAtOnceWithItsKey() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("ZMQ_TICK_PORT", "70000");
    flags.put("DLL_GATEWAY_RETRY_COUNT", "three");
    flags.put("ZMQ_HOST", "10.1.2.3");
    flags.put("AFTM_LINK_SECURITY", "none");
    flags.put("EXCHANGE_MODE", "pfcf");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(flags, Map.of(), null));

    assertThat(e.problems()).hasSize(4);
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("ZMQ_TICK_PORT").contains("70000"));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("DLL_GATEWAY_RETRY_COUNT").contains("three"));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("EXCHANGE_MODE").contains("pfcf"));
    assertThat(e.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("ZMQ_HOST")
                    .contains("10.1.2.3")
                    .contains("not a loopback address")
                    .contains("encrypted transport"));
    assertThat(e.getMessage())
        .contains("ZMQ_TICK_PORT", "DLL_GATEWAY_RETRY_COUNT", "ZMQ_HOST", "EXCHANGE_MODE");
  }

  @Test
  void nonLoopbackHostsAreRefusedForEveryListeningSocketWithoutCurve() {
    Map<String, String> flags =
        Map.of(
            "DLL_GATEWAY_HOST",
            "0.0.0.0",
            "AFTM_HTTP_HOST",
            "192.168.1.10",
            "AFTM_LINK_SECURITY",
            "none");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(flags, Map.of(), null));

    assertThat(e.problems())
        .hasSize(2)
        .allSatisfy(p -> assertThat(p).contains("encrypted transport"));
    assertThat(e.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("DLL_GATEWAY_HOST: 0.0.0.0 ")
                    .contains("AFTM_LINK_SECURITY=curve")
                    .doesNotContain("\n"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("AFTM_HTTP_HOST"));
  }

  @Test
  void withCurveTheLinksMayUseAnyHostButTheStatusPageStaysOnLoopback() {
    AftmConfig config =
        ConfigSources.load(
            Map.of("ZMQ_HOST", "10.1.2.3", "DLL_GATEWAY_HOST", "0.0.0.0"), Map.of(), null);

    assertThat(config.linkSecurity()).isEqualTo(LinkSecurityMode.CURVE);
    assertThat(config.tickBindAddress()).isEqualTo("tcp://10.1.2.3:5555");
    assertThat(config.gatewayBindAddress()).isEqualTo("tcp://0.0.0.0:5557");
    assertThat(config.signalHost()).as("defaults to ZMQ_HOST").isEqualTo("10.1.2.3");
    assertThat(config.signalBindAddress()).isEqualTo("tcp://10.1.2.3:5556");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigSources.load(Map.of("AFTM_HTTP_HOST", "10.1.2.3"), Map.of(), null));
    assertThat(e.problems()).singleElement().asString().startsWith("AFTM_HTTP_HOST");
  }

  @Test
  void theSignalHostIsItsOwnKeyAndPlainOnlyOnLoopback() {
    assertThat(
            ConfigSources.load(Map.of("AFTM_SIGNAL_HOST", "127.0.0.3"), Map.of(), null)
                .signalBindAddress())
        .isEqualTo("tcp://127.0.0.3:5556");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigSources.load(
                    Map.of("AFTM_SIGNAL_HOST", "10.9.8.7", "AFTM_LINK_SECURITY", "none"),
                    Map.of(),
                    null));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("AFTM_SIGNAL_HOST: 10.9.8.7 is not a loopback address")
        .contains("AFTM_LINK_SECURITY=curve");
  }

  @Test
  void unknownKeysInDotEnvAndOnTheCommandLineAreErrorsReportedWithBadValues() throws IOException {
    Path dotEnv =
        write(
            ".env",
            """
        ZMQ_TICK_PORT=5555
        ZMQ_TICKPORT=5555
        not a key value line
        """);
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("DLL_GATEWAY_TIMEOUT", "100");
    flags.put("ZMQ_SIGNAL_PORT", "-5");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(flags, Map.of(), dotEnv));

    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).contains(dotEnv.toString(), "line 2", "ZMQ_TICKPORT"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("line 3", "KEY=VALUE"));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).contains("command line", "DLL_GATEWAY_TIMEOUT"));
    assertThat(e.problems())
        .as("a bad value is reported together with the unknown keys")
        .anySatisfy(p -> assertThat(p).startsWith("ZMQ_SIGNAL_PORT").contains("-5"));
    assertThat(e.problems()).hasSize(4);
  }

  @Test
  void thePasswordIsRefusedInDotEnvWithoutEchoingIt() throws IOException {
    Path dotEnv = write(".env", "AFTM_PASSWORD=" + PASSWORD + "\n");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigSources.load(Map.of(), Map.of(), dotEnv));

    assertThat(e.problems()).singleElement().asString().contains("AFTM_PASSWORD", "line 1");
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void thePasswordIsRefusedAsAFlagWithoutEchoingIt() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigSources.load(Map.of("AFTM_PASSWORD", PASSWORD), Map.of(), null));

    assertThat(e.problems()).singleElement().asString().contains("AFTM_PASSWORD", "command line");
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void aPasswordInTheEnvironmentIsNeverKeptInTheConfiguration() {
    AftmConfig config = ConfigSources.load(Map.of(), Map.of("AFTM_PASSWORD", PASSWORD), null);

    assertThat(config.toFlags()).doesNotContainKey("AFTM_PASSWORD").doesNotContainValue(PASSWORD);
    assertThat(config.toString()).doesNotContain(PASSWORD).doesNotContain("AFTM_PASSWORD");
    assertThat(config.raw()).doesNotContainValue(PASSWORD);
  }

  @Test
  void theSimulatorsDemoPasswordMayBeGivenAsItsSha256() {
    String digest = "sha256:" + "ab".repeat(32);

    AftmConfig config =
        ConfigSources.load(Map.of(), Map.of("AFTM_SIM_DEMO_PASSWORD", digest), null);
    ConfigException malformed =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigSources.load(Map.of(), Map.of("AFTM_SIM_DEMO_PASSWORD", "sha256:abc"), null));

    assertThat(config.simDemoPasswordIsDigest()).isTrue();
    assertThat(config.simDemoPassword()).isEqualTo(digest);
    assertThat(AftmConfig.defaults().simDemoPasswordIsDigest()).isFalse();
    assertThat(malformed.problems())
        .singleElement()
        .asString()
        .contains("AFTM_SIM_DEMO_PASSWORD", "64 hex digits");
  }

  @Test
  void toFlagsRoundTripsThroughTheCommandLine() {
    AftmConfig config =
        ConfigSources.load(
            Map.of(
                "ZMQ_TICK_PORT", "6555",
                "AFTM_ITEM_CODE", "MXF",
                "AFTM_IDLE_STRATEGY", "backoff",
                "AFTM_SIM_REJECT_RATE", "0.1",
                "AFTM_ORDER_EVENT_PORT", "0"),
            Map.of(),
            null);

    AftmConfig child = ConfigSources.load(config.toFlags(), Map.of(), null);

    assertThat(child).isEqualTo(config);
    assertThat(child.idleStrategy()).isEqualTo(IdleStrategyName.BACKOFF);
    assertThat(config.toFlags())
        .containsEntry("ZMQ_TICK_PORT", "6555")
        .containsEntry("AFTM_ITEM_CODE", "MXF")
        .containsEntry("AFTM_SIM_REJECT_RATE", "0.1")
        .containsEntry("AFTM_ORDER_EVENT_PORT", "0")
        .doesNotContainKey("AFTM_SIM_DEMO_PASSWORD");
  }

  @Test
  void withRevalidatesAndRefusesTheSecret() {
    AftmConfig config = AftmConfig.defaults();

    assertThat(config.with(Map.of(ConfigKey.ZMQ_TICK_PORT, "0")).tickPort()).isZero();
    assertThat(
            catchThrowableOfType(
                ConfigException.class, () -> config.with(Map.of(ConfigKey.ZMQ_TICK_PORT, "x"))))
        .hasMessageContaining("ZMQ_TICK_PORT");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> config.with(Map.of(ConfigKey.AFTM_PASSWORD, "x"))))
        .hasMessageContaining("AFTM_PASSWORD");
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
