package org.aftm.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftm.app.alert.AlertSettings;
import org.aftm.domain.cost.TradingCosts;
import org.aftm.domain.model.Price;

/**
 * The typed, validated configuration (docs/architecture.md §6). Holds no broker password: that is
 * read by {@link PasswordSource} when it is needed and never stored here. The simulated broker's
 * demo password (or its {@code sha256:} digest) is configuration, not a secret.
 */
public record AftmConfig(
    String zmqHost,
    int tickPort,
    int signalPort,
    String gatewayHost,
    int gatewayPort,
    int gatewayRequestTimeoutMs,
    int gatewayRetryCount,
    String dealerTestUrl,
    String dealerProdUrl,
    ExchangeMode exchangeMode,
    Path dataDir,
    LogLevel logLevel,
    LogFormat logFormat,
    String httpHost,
    int httpPort,
    String account,
    String orderAccount,
    String itemCode,
    String simDemoAccount,
    String simDemoPassword,
    long simSeed,
    int simTickRate,
    Price simStartPrice,
    double simRejectRate,
    double simPartialFillRate,
    long simAckDelayMs,
    long simFillDelayMs,
    int orderEventPort,
    int maxOrderQuantity,
    int maxPositionQuantity,
    long maxSignalAgeMs,
    int maxEntryAttempts,
    long orderTimeoutMs,
    long tickStaleMs,
    IdleStrategyName idleStrategy,
    DbSync dbSync,
    AuditDurability auditDurability,
    String childJvmOpts,
    int maxOrdersPerSecond,
    int maxOrdersPerMinute,
    long maxDailyLossTwd,
    double priceBandPct,
    long breakerReduceAfterS,
    SessionCalendarName sessionCalendar,
    String holidaysFile,
    int flattenBeforeCloseMin,
    int gatewayClientMaxRps,
    int gatewayClientMaxQueue,
    LinkSecurityMode linkSecurity,
    String signalHost,
    String fixHost,
    int fixPort,
    String fixSenderCompId,
    String fixTargetCompId,
    String fixVersion,
    int fixHeartbeatSeconds,
    String fixAccount,
    boolean fixTls,
    MarketDataSource marketData,
    AlertSettings alerts,
    String strategies,
    TradingCosts costs,
    Map<ConfigKey, String> raw) {

  /**
   * {@code AFTM_ITEM_CODE} as a list: one instrument, or several separated by commas ({@code
   * TXF,MXF}), in order, blanks and repeats dropped.
   */
  public List<String> itemCodes() {
    return java.util.Arrays.stream(itemCode.split(","))
        .map(String::strip)
        .filter(code -> !code.isEmpty())
        .distinct()
        .toList();
  }

  /** How {@link ConfigKey#AFTM_SIM_DEMO_PASSWORD} marks a digest of the password. */
  public static final String SHA256_PREFIX = "sha256:";

  /** Builds and validates; every bad key is reported at once. */
  static AftmConfig from(Map<ConfigKey, String> values) {
    Parser p = new Parser(values);
    LinkSecurityMode linkSecurity = p.choice(ConfigKey.AFTM_LINK_SECURITY, LinkSecurityMode.class);
    String zmqHost = p.linkHost(ConfigKey.ZMQ_HOST, linkSecurity);
    AftmConfig config =
        new AftmConfig(
            zmqHost,
            p.port(ConfigKey.ZMQ_TICK_PORT, false),
            p.port(ConfigKey.ZMQ_SIGNAL_PORT, false),
            p.linkHost(ConfigKey.DLL_GATEWAY_HOST, linkSecurity),
            p.port(ConfigKey.DLL_GATEWAY_PORT, false),
            (int) p.range(ConfigKey.DLL_GATEWAY_REQUEST_TIMEOUT_MS, 10, 600_000),
            (int) p.range(ConfigKey.DLL_GATEWAY_RETRY_COUNT, 0, 20),
            p.text(ConfigKey.DEALER_TEST_URL),
            p.text(ConfigKey.DEALER_PROD_URL),
            p.choice(ConfigKey.EXCHANGE_MODE, ExchangeMode.class),
            Path.of(p.nonBlank(ConfigKey.AFTM_DATA_DIR)),
            p.choice(ConfigKey.AFTM_LOG_LEVEL, LogLevel.class),
            p.choice(ConfigKey.AFTM_LOG_FORMAT, LogFormat.class),
            p.loopbackHost(ConfigKey.AFTM_HTTP_HOST),
            p.port(ConfigKey.AFTM_HTTP_PORT, true),
            p.nonBlank(ConfigKey.AFTM_ACCOUNT),
            p.text(ConfigKey.AFTM_ORDER_ACCOUNT),
            p.nonBlank(ConfigKey.AFTM_ITEM_CODE),
            p.nonBlank(ConfigKey.AFTM_SIM_DEMO_ACCOUNT),
            p.demoPassword(ConfigKey.AFTM_SIM_DEMO_PASSWORD),
            p.range(ConfigKey.AFTM_SIM_SEED, Long.MIN_VALUE, Long.MAX_VALUE),
            (int) p.range(ConfigKey.AFTM_SIM_TICK_RATE, 1, 100_000),
            p.price(ConfigKey.AFTM_SIM_START_PRICE),
            p.fraction(ConfigKey.AFTM_SIM_REJECT_RATE),
            p.fraction(ConfigKey.AFTM_SIM_PARTIAL_FILL_RATE),
            p.range(ConfigKey.AFTM_SIM_ACK_DELAY_MS, 0, 60_000),
            p.range(ConfigKey.AFTM_SIM_FILL_DELAY_MS, 0, 60_000),
            p.port(ConfigKey.AFTM_ORDER_EVENT_PORT, false),
            (int) p.range(ConfigKey.AFTM_MAX_ORDER_QTY, 1, 10_000),
            (int) p.range(ConfigKey.AFTM_MAX_POSITION_QTY, 1, 100_000),
            p.range(ConfigKey.AFTM_MAX_SIGNAL_AGE_MS, 1, 3_600_000),
            (int) p.range(ConfigKey.AFTM_MAX_ENTRY_ATTEMPTS, 1, 100),
            p.range(ConfigKey.AFTM_ORDER_TIMEOUT_MS, 100, 600_000),
            p.range(ConfigKey.AFTM_TICK_STALE_MS, 1, 3_600_000),
            p.choice(ConfigKey.AFTM_IDLE_STRATEGY, IdleStrategyName.class),
            p.choice(ConfigKey.AFTM_DB_SYNC, DbSync.class),
            p.choice(ConfigKey.AFTM_AUDIT_DURABILITY, AuditDurability.class),
            p.text(ConfigKey.AFTM_CHILD_JVM_OPTS),
            (int) p.range(ConfigKey.AFTM_MAX_ORDERS_PER_SECOND, 1, 100_000),
            (int) p.range(ConfigKey.AFTM_MAX_ORDERS_PER_MINUTE, 1, 6_000_000),
            p.range(ConfigKey.AFTM_MAX_DAILY_LOSS_TWD, 0, 1_000_000_000_000L),
            p.percent(ConfigKey.AFTM_PRICE_BAND_PCT),
            p.range(ConfigKey.AFTM_BREAKER_REDUCE_AFTER_S, 1, 86_400),
            p.choice(ConfigKey.AFTM_SESSION_CALENDAR, SessionCalendarName.class),
            p.text(ConfigKey.AFTM_HOLIDAYS_FILE),
            (int) p.range(ConfigKey.AFTM_FLATTEN_BEFORE_CLOSE_MIN, 0, 300),
            (int) p.range(ConfigKey.AFTM_GATEWAY_CLIENT_MAX_RPS, 1, 1_000_000),
            (int) p.range(ConfigKey.AFTM_GATEWAY_CLIENT_MAX_QUEUE, 1, 100_000),
            linkSecurity,
            p.text(ConfigKey.AFTM_SIGNAL_HOST).isEmpty()
                ? zmqHost
                : p.linkHost(ConfigKey.AFTM_SIGNAL_HOST, linkSecurity),
            p.nonBlank(ConfigKey.AFTM_FIX_HOST),
            (int) p.range(ConfigKey.AFTM_FIX_PORT, 1, 65_535),
            p.compId(ConfigKey.AFTM_FIX_SENDER_COMP_ID),
            p.compId(ConfigKey.AFTM_FIX_TARGET_COMP_ID),
            p.fixVersion(ConfigKey.AFTM_FIX_VERSION),
            (int) p.range(ConfigKey.AFTM_FIX_HEARTBEAT_S, 1, 3_600),
            p.text(ConfigKey.AFTM_FIX_ACCOUNT),
            p.choice(ConfigKey.AFTM_FIX_TLS, BooleanChoice.class) == BooleanChoice.TRUE,
            p.choice(ConfigKey.AFTM_MARKET_DATA, MarketDataSource.class),
            p.alerts(),
            p.nonBlank(ConfigKey.AFTM_STRATEGIES),
            p.costs(),
            values);
    if (p.errors.isEmpty()) {
      // At startup of every process and command, before anything trades: a bad instance or
      // parameter is a configuration error naming both.
      StrategyInstances.problem(config).ifPresent(p.errors::add);
    }
    if (!p.errors.isEmpty()) {
      throw new ConfigException(p.errors);
    }
    return config;
  }

  /**
   * Whether {@link #simDemoPassword()} is the SHA-256 of the simulated broker's demo password
   * ({@code sha256:<hex>}) rather than the password: then no process knows the password and only a
   * login can prove it.
   */
  public boolean simDemoPasswordIsDigest() {
    return simDemoPassword.startsWith(SHA256_PREFIX);
  }

  /** The trading calendar in force: {@code auto} resolved by the exchange mode. */
  public SessionCalendarName effectiveSessionCalendar() {
    if (sessionCalendar != SessionCalendarName.AUTO) {
      return sessionCalendar;
    }
    return exchangeMode == ExchangeMode.SIM
        ? SessionCalendarName.ALWAYS
        : SessionCalendarName.TAIFEX;
  }

  /** Defaults only, for tests and tools. */
  public static AftmConfig defaults() {
    return ConfigSources.load(Map.of(), Map.of(), null);
  }

  /** A copy with some keys replaced (validated again). */
  public AftmConfig with(Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new EnumMap<>(raw);
    overrides.forEach(
        (key, value) -> {
          if (key.isSecret()) {
            throw new IllegalArgumentException(key + " is not kept in the configuration");
          }
          values.put(key, value);
        });
    return from(values);
  }

  /**
   * {@code tcp://host:port}, or {@code tcp://host:*} for any free port; an IPv6 host in brackets.
   */
  public static String endpoint(String host, int port) {
    return ConfigHost.tcpEndpoint(host, port);
  }

  public String tickBindAddress() {
    return endpoint(zmqHost, tickPort);
  }

  public String signalBindAddress() {
    return endpoint(signalHost, signalPort);
  }

  public String gatewayBindAddress() {
    return endpoint(gatewayHost, gatewayPort);
  }

  public String orderEventBindAddress() {
    return endpoint(zmqHost, orderEventPort);
  }

  public String gatewayConnectAddress() {
    return "tcp://" + ConfigHost.urlHost(gatewayHost) + ":" + gatewayPort;
  }

  public Path logDir() {
    return dataDir.resolve("logs");
  }

  /**
   * Every shareable value as {@code KEY=VALUE}, for a child's command line: no password of any
   * kind.
   */
  public Map<String, String> toFlags() {
    Map<String, String> flags = new LinkedHashMap<>();
    raw.forEach(
        (key, value) -> {
          if (key.isShareable()) {
            flags.put(key.name(), value);
          }
        });
    return flags;
  }

  @Override
  public String toString() {
    // Only shareable keys: safe to log.
    return "AftmConfig" + toFlags();
  }

  private static final class Parser {
    final Map<ConfigKey, String> values;
    final List<String> errors = new ArrayList<>();

    Parser(Map<ConfigKey, String> values) {
      this.values = values;
    }

    String text(ConfigKey key) {
      String value = values.get(key);
      return value == null ? "" : value.strip();
    }

    /** A password, or {@code sha256:} and the 64 hex digits of the password's SHA-256. */
    String demoPassword(ConfigKey key) {
      String value = nonBlank(key);
      if (value.startsWith(SHA256_PREFIX)
          && !value.substring(SHA256_PREFIX.length()).matches("[0-9a-fA-F]{64}")) {
        errors.add(
            key
                + ": "
                + SHA256_PREFIX
                + " must be followed by the 64 hex digits of the password's SHA-256"
                + " (printf %s \"$password\" | sha256sum)");
      }
      return value;
    }

    /** A FIX CompID: printable ASCII without the delimiter or '=' (it travels in a FIX field). */
    String compId(ConfigKey key) {
      String value = nonBlank(key);
      if (!value.isEmpty() && !value.matches("[\\x21-\\x7E&&[^=|]]{1,64}")) {
        errors.add(key + ": must be 1 to 64 printable characters without spaces, '=' or '|'");
      }
      return value;
    }

    /** {@code 4.4} or {@code 4.2} (also as {@code FIX.4.4}), kept as the version number. */
    String fixVersion(ConfigKey key) {
      String value = text(key).toUpperCase(java.util.Locale.ROOT);
      if (value.startsWith("FIX.")) {
        value = value.substring("FIX.".length());
      }
      if (!value.equals("4.4") && !value.equals("4.2")) {
        errors.add(key + ": must be 4.4 or 4.2 but was '" + text(key) + "'");
        return "4.4";
      }
      return value;
    }

    String nonBlank(ConfigKey key) {
      String value = text(key);
      if (value.isEmpty()) {
        errors.add(key + ": must not be empty");
      }
      return value;
    }

    long range(ConfigKey key, long min, long max) {
      String value = text(key);
      try {
        long parsed = Long.parseLong(value);
        if (parsed < min || parsed > max) {
          errors.add(key + ": must be between " + min + " and " + max + " but was " + value);
        }
        return parsed;
      } catch (NumberFormatException e) {
        errors.add(key + ": must be a whole number but was '" + value + "'");
        return min;
      }
    }

    int port(ConfigKey key, boolean mayBeOff) {
      return (int) range(key, mayBeOff ? -1 : 0, 65_535);
    }

    <E extends Enum<E> & ConfigChoice> E choice(ConfigKey key, Class<E> type) {
      String value = text(key);
      for (E candidate : type.getEnumConstants()) {
        if (candidate.text().equalsIgnoreCase(value)) {
          return candidate;
        }
      }
      errors.add(key + ": must be one of " + ConfigChoice.texts(type) + " but was '" + value + "'");
      return type.getEnumConstants()[0];
    }

    double fraction(ConfigKey key) {
      String value = text(key);
      try {
        double parsed = Double.parseDouble(value);
        if (!(parsed >= 0 && parsed <= 1)) {
          errors.add(key + ": must be between 0 and 1 but was " + value);
          return 0;
        }
        return parsed;
      } catch (NumberFormatException e) {
        errors.add(key + ": must be a number between 0 and 1 but was '" + value + "'");
        return 0;
      }
    }

    /** The {@code AFTM_ALERT_*} keys. */
    AlertSettings alerts() {
      long evaluateS = range(ConfigKey.AFTM_ALERT_EVAL_S, 1, 10);
      long downS = range(ConfigKey.AFTM_ALERT_DOWN_S, 1, 86_400);
      long p95Ms = range(ConfigKey.AFTM_ALERT_TICK_TO_ORDER_P95_MS, 1, 60_000);
      double errorPct = positivePercent(ConfigKey.AFTM_ALERT_ERROR_RATE_PCT);
      long errorMin = range(ConfigKey.AFTM_ALERT_ERROR_RATE_MIN_REQUESTS, 1, 1_000_000_000);
      double failedPct = positivePercent(ConfigKey.AFTM_ALERT_FAILED_ORDERS_PCT);
      long failedMin = range(ConfigKey.AFTM_ALERT_FAILED_ORDERS_MIN_ORDERS, 1, 1_000_000_000);
      long windowS = range(ConfigKey.AFTM_ALERT_RATE_WINDOW_S, 1, 86_400);
      long holdS = range(ConfigKey.AFTM_ALERT_HOLD_S, 0, 86_400);
      Optional<URI> webhook = webhookUrl(ConfigKey.AFTM_ALERT_WEBHOOK_URL);
      return new AlertSettings(
          Duration.ofSeconds(Math.max(1, Math.min(10, evaluateS))),
          downS,
          p95Ms,
          errorPct,
          Math.max(1, errorMin),
          failedPct,
          Math.max(1, failedMin),
          Duration.ofSeconds(Math.max(1, windowS)),
          Duration.ofSeconds(Math.max(0, holdS)),
          webhook);
    }

    /** A percentage above 0 and at most 100: a rate threshold of 0 would fire on one event. */
    double positivePercent(ConfigKey key) {
      String value = text(key);
      try {
        double parsed = Double.parseDouble(value);
        if (!(parsed > 0 && parsed <= 100)) {
          errors.add(key + ": must be above 0 and at most 100 but was " + value);
          return 1;
        }
        return parsed;
      } catch (NumberFormatException e) {
        errors.add(key + ": must be a number above 0 and at most 100 but was '" + value + "'");
        return 1;
      }
    }

    /**
     * An http or https URL with a host, or empty. The value is never echoed in an error: it may
     * carry a token.
     */
    Optional<URI> webhookUrl(ConfigKey key) {
      String value = text(key);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      try {
        URI url = new URI(value);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
          return Optional.of(url);
        }
        errors.add(
            key + ": must be an http:// or https:// URL with a host (the value is not shown)");
      } catch (URISyntaxException e) {
        errors.add(
            key
                + ": not a valid URL at character "
                + (e.getIndex() + 1)
                + " (the value is not shown): "
                + e.getReason());
      }
      return Optional.empty();
    }

    double percent(ConfigKey key) {
      String value = text(key);
      try {
        double parsed = Double.parseDouble(value);
        if (!(parsed >= 0 && parsed <= 100)) {
          errors.add(key + ": must be between 0 and 100 but was " + value);
          return 0;
        }
        return parsed;
      } catch (NumberFormatException e) {
        errors.add(key + ": must be a number between 0 and 100 but was '" + value + "'");
        return 0;
      }
    }

    TradingCosts costs() {
      Price fee = Price.ZERO;
      try {
        fee = Price.parse(text(ConfigKey.AFTM_FEE_PER_LOT_TWD));
        if (fee.isNegative()) {
          errors.add(ConfigKey.AFTM_FEE_PER_LOT_TWD + ": must be >= 0");
          fee = Price.ZERO;
        }
      } catch (IllegalArgumentException e) {
        errors.add(ConfigKey.AFTM_FEE_PER_LOT_TWD + ": " + e.getMessage());
      }
      java.math.BigDecimal tax = java.math.BigDecimal.ZERO;
      String taxText = text(ConfigKey.AFTM_FUTURES_TAX_RATE);
      try {
        tax = new java.math.BigDecimal(taxText.strip());
        if (tax.signum() < 0 || tax.compareTo(new java.math.BigDecimal("0.01")) > 0) {
          errors.add(
              ConfigKey.AFTM_FUTURES_TAX_RATE + ": must be between 0 and 0.01 but was " + taxText);
          tax = java.math.BigDecimal.ZERO;
        }
      } catch (NumberFormatException e) {
        errors.add(
            ConfigKey.AFTM_FUTURES_TAX_RATE
                + ": must be a number such as 0.00002 but was '"
                + taxText
                + "'");
      }
      int slippage = (int) range(ConfigKey.AFTM_SLIPPAGE_TICKS, 0, 1_000);
      return new TradingCosts(fee, tax, slippage);
    }

    Price price(ConfigKey key) {
      try {
        Price price = Price.parse(text(key));
        if (!price.isPositive()) {
          errors.add(key + ": must be > 0");
        }
        return price;
      } catch (IllegalArgumentException e) {
        errors.add(key + ": " + e.getMessage());
        return Price.ofPoints(1);
      }
    }

    /**
     * A ZeroMQ link's host: beyond loopback only with CURVE ({@code AFTM_LINK_SECURITY=curve}),
     * since a plain link is neither authenticated nor encrypted. The host is parsed by {@link
     * ConfigHost}: the value kept is its numeric address.
     */
    String linkHost(ConfigKey key, LinkSecurityMode security) {
      ConfigHost host = host(key);
      if (host == null) {
        return "127.0.0.1";
      }
      if (security == LinkSecurityMode.NONE && !host.loopback()) {
        errors.add(
            key
                + ": "
                + host
                + " is not a loopback address; links beyond loopback need authenticated,"
                + " encrypted transport: set "
                + ConfigKey.AFTM_LINK_SECURITY
                + "=curve instead of none");
      }
      return host.address();
    }

    /** Listening beyond loopback needs authentication, which the status HTTP server has not. */
    String loopbackHost(ConfigKey key) {
      ConfigHost host = host(key);
      if (host == null) {
        return "127.0.0.1";
      }
      if (!host.loopback()) {
        errors.add(
            key
                + ": "
                + host
                + " is not a loopback address; listening beyond loopback needs"
                + " authenticated, encrypted transport, which this version does not offer");
      }
      return host.address();
    }

    /** The key's host, or null (the problem noted) when it is empty, malformed or unknown. */
    ConfigHost host(ConfigKey key) {
      try {
        return ConfigHost.parse(values.get(key));
      } catch (IllegalArgumentException e) {
        errors.add(key + ": " + e.getMessage());
        return null;
      }
    }
  }
}
