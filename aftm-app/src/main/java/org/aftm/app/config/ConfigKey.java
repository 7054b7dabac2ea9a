package org.aftm.app.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key, with its default and meaning. The README's table is this enum. Names of
 * the seed records (ZMQ_*, DLL_GATEWAY_*) and the Python system keep their names.
 */
public enum ConfigKey {
  ZMQ_HOST(
      "127.0.0.1",
      "Host the tick publisher, order-update publisher and telemetry bind to and children connect to; beyond loopback only with AFTM_LINK_SECURITY=curve."),
  ZMQ_TICK_PORT("5555", "Tick PUB port (0 = any free port)."),
  ZMQ_SIGNAL_PORT("5556", "Signal port the order executor binds (0 = any free port)."),
  DLL_GATEWAY_HOST(
      "127.0.0.1",
      "Host the order gateway server binds to; beyond loopback only with AFTM_LINK_SECURITY=curve."),
  DLL_GATEWAY_PORT("5557", "Order gateway port (0 = any free port)."),
  DLL_GATEWAY_REQUEST_TIMEOUT_MS("5000", "Gateway client: time to wait for one reply."),
  DLL_GATEWAY_RETRY_COUNT("3", "Gateway client: retries after a timeout before giving up."),
  DEALER_TEST_URL("", "Broker test URL (only adapters that use it; not the simulator)."),
  DEALER_PROD_URL("", "Broker production URL (only adapters that use it; not the simulator)."),
  EXCHANGE_MODE(
      "sim",
      "Exchange adapter: sim (the built-in simulated broker) or fix (a FIX venue, AFTM_FIX_*)."),
  AFTM_DATA_DIR("data", "Directory of the database (aftm.db) and the logs."),
  AFTM_LOG_LEVEL("INFO", "Log level of the log files: TRACE, DEBUG, INFO, WARN, ERROR."),
  AFTM_LOG_FORMAT(
      "text",
      "Log format of every process: text (one line per event) or json (one JSON object per line with time, level, process, thread, logger, message and the order ids)."),
  AFTM_HTTP_HOST("127.0.0.1", "Host of the status HTTP server."),
  AFTM_HTTP_PORT("5558", "Port of the status HTTP server (0 = any free port, -1 = off)."),
  AFTM_ACCOUNT(
      "demo", "Broker login account for `aftm run`; the account `aftm console`'s login suggests."),
  AFTM_PASSWORD(
      "",
      "Broker password for unattended `aftm run`: environment variable only, never a flag or .env;"
          + " stays in the process's memory, so prefer `aftm run --password-stdin`."),
  AFTM_ORDER_ACCOUNT(
      "",
      "Order account to trade; empty = the broker's first (`aftm console` suggests it at 5, select order account)."),
  AFTM_ITEM_CODE(
      "TXF",
      "Instruments to register for `aftm run` (subscribe quotes for): one, or several separated by commas (TXF,MXF); the first is the default of `aftm condition add`."),
  AFTM_SIM_DEMO_ACCOUNT("demo", "Simulated broker: the account its demo login accepts."),
  AFTM_SIM_DEMO_PASSWORD(
      "demo",
      "Simulated broker: the password its demo login accepts, or `sha256:` and the hex SHA-256 of"
          + " it (then no process holds the password)."),
  AFTM_SIM_SEED("42", "Simulated broker: random-walk seed."),
  AFTM_SIM_TICK_RATE("20", "Simulated broker: ticks per second per subscribed instrument."),
  AFTM_SIM_START_PRICE("22000", "Simulated broker: TXF starting price (MXF follows it)."),
  AFTM_SIM_REJECT_RATE(
      "0", "Simulated broker: share of orders it rejects after acknowledging them (0..1)."),
  AFTM_SIM_PARTIAL_FILL_RATE(
      "0",
      "Simulated broker: share of IOC orders that fill only in part, the rest cancelled (0..1)."),
  AFTM_SIM_ACK_DELAY_MS("0", "Simulated broker: delay before an order is accepted or rejected."),
  AFTM_SIM_FILL_DELAY_MS("0", "Simulated broker: delay between acceptance and fills."),
  AFTM_ORDER_EVENT_PORT(
      "5559",
      "Order-update PUB port: the main process tells the strategy what became of each order (0 = any free port)."),
  AFTM_MAX_ORDER_QTY("10", "Risk: most lots in one order."),
  AFTM_MAX_POSITION_QTY(
      "20",
      "Risk: most net lots in one instrument, counting orders in flight, after an opening order."),
  AFTM_MAX_SIGNAL_AGE_MS(
      "2000",
      "Entries whose tick is older than this are refused (STALE_ORDER), never placed late; exits are never refused for age."),
  AFTM_MAX_ENTRY_ATTEMPTS(
      "3",
      "Strategy: entry attempts a condition gets (after a rejected, unfilled or expired entry) before it fails."),
  AFTM_STRATEGIES(
      "support-resistance",
      "Strategy: the strategy instances the strategy process runs (see Strategies); `aftm strategies` lists the installed ones."),
  AFTM_FEE_PER_LOT_TWD(
      "0",
      "Costs: broker fee per lot and side in TWD, for backtests and `aftm report daily` (0 = none)."),
  AFTM_FUTURES_TAX_RATE(
      "0.00002",
      "Costs: TAIFEX futures transaction tax, a fraction of the contract value charged on each side (stock index futures: 0.00002)."),
  AFTM_SLIPPAGE_TICKS(
      "1", "Costs: ticks a backtest's market order fills worse than the tick's price."),
  AFTM_ORDER_TIMEOUT_MS(
      "5000",
      "Strategy: an order with no word back for this long is sent again under the same client order id."),
  AFTM_TICK_STALE_MS("1000", "Strategy: ticks older than this are counted as stale."),
  AFTM_IDLE_STRATEGY(
      "block",
      "Agent idle strategy: block (sleep on the input socket, wake on a message), backoff, sleeping, yielding, busy-spin (busy-spin only on pinned cores)."),
  AFTM_DB_SYNC(
      "FULL",
      "SQLite synchronous mode: FULL (durable on power loss) or NORMAL (durable on process crash)."),
  AFTM_AUDIT_DURABILITY(
      "process",
      "Audit trail on the order path: process (journal write, survives a process crash), power (journal fsync with group commit, survives a power loss) or database (a SQLite commit per record, as AFTM_DB_SYNC)."),
  AFTM_MAX_ORDERS_PER_SECOND(
      "20", "Risk: most orders placed in any one second (flatten excepted)."),
  AFTM_MAX_ORDERS_PER_MINUTE(
      "300", "Risk: most orders placed in any one minute (flatten excepted)."),
  AFTM_MAX_DAILY_LOSS_TWD(
      "0",
      "Risk: daily loss limit on realized plus unrealized P&L in TWD; reaching it moves trading to REDUCING (0 = off)."),
  AFTM_PRICE_BAND_PCT(
      "5",
      "Risk: a limit order's price may be at most this many percent from the last trade price (0 = off)."),
  AFTM_BREAKER_REDUCE_AFTER_S(
      "30",
      "Risk: the broker's breaker open for longer than this moves trading to REDUCING until it closes."),
  AFTM_ALERT_EVAL_S("5", "Alerts: seconds between two evaluations of the alert rules (1..10)."),
  AFTM_ALERT_DOWN_S(
      "10", "Alerts: the order gateway or a child down for longer than this many seconds fires."),
  AFTM_ALERT_TICK_TO_ORDER_P95_MS(
      "100", "Alerts: P95 of tick to order accepted (last minute) above this many ms fires."),
  AFTM_ALERT_ERROR_RATE_PCT(
      "5", "Alerts: gateway errors above this percent of gateway requests in the window fires."),
  AFTM_ALERT_ERROR_RATE_MIN_REQUESTS(
      "20",
      "Alerts: fewer gateway requests than this in the window give no error-rate verdict (20: one error alone is not above 5 %)."),
  AFTM_ALERT_FAILED_ORDERS_PCT(
      "1",
      "Alerts: failed orders (refused by a check or rejected by the broker) above this percent of decided orders in the window fires."),
  AFTM_ALERT_FAILED_ORDERS_MIN_ORDERS(
      "100",
      "Alerts: fewer decided orders than this in the window give no failed-order verdict (100: one failure alone is not above 1 %)."),
  AFTM_ALERT_RATE_WINDOW_S(
      "300", "Alerts: sliding window of the error and failed-order rates, in seconds."),
  AFTM_ALERT_HOLD_S(
      "30",
      "Alerts: a firing alert resolves only once its condition has been clear this many seconds (no storm when it flaps)."),
  AFTM_ALERT_WEBHOOK_URL(
      "",
      "Alerts: http(s) URL that gets a JSON POST when an alert fires or resolves (empty = none); may carry a token, never logged or given to a child."),
  AFTM_SESSION_CALENDAR(
      "auto",
      "Trading hours: taifex (08:45-13:45 and 15:00-05:00 Taipei time), always, or auto (always for the simulated broker, taifex otherwise)."),
  AFTM_HOLIDAYS_FILE(
      "",
      "Trading hours: file of TAIFEX holidays, one yyyy-MM-dd per line, # comments (empty = none)."),
  AFTM_FLATTEN_BEFORE_CLOSE_MIN(
      "0",
      "Trading hours: flatten at market this many minutes before a session closes (0 = never)."),
  AFTM_GATEWAY_CLIENT_MAX_RPS(
      "1000",
      "Gateway: most requests per second from one client; more are refused with CLIENT_LIMIT."),
  AFTM_GATEWAY_CLIENT_MAX_QUEUE(
      "256",
      "Gateway: most requests of one client waiting to be served; more are refused with CLIENT_LIMIT."),
  AFTM_LINK_SECURITY(
      "curve",
      "ZeroMQ links: curve (CURVE encryption, clients admitted by key from <data>/keys/) or none (plain, only with loopback hosts)."),
  AFTM_SIGNAL_HOST(
      "",
      "Host the order executor binds its signal port to (empty = ZMQ_HOST); beyond loopback only with curve."),
  AFTM_FIX_HOST("127.0.0.1", "FIX (EXCHANGE_MODE=fix): the venue's host."),
  AFTM_FIX_PORT("9878", "FIX: the venue's port."),
  AFTM_FIX_SENDER_COMP_ID("AFTM", "FIX: AFTM's SenderCompID (tag 49)."),
  AFTM_FIX_TARGET_COMP_ID("AFTM-VENUE", "FIX: the venue's TargetCompID (tag 56)."),
  AFTM_FIX_VERSION("4.4", "FIX: protocol version, 4.4 or 4.2."),
  AFTM_FIX_HEARTBEAT_S("30", "FIX: heartbeat interval in seconds."),
  AFTM_FIX_ACCOUNT("", "FIX: order account (tag 1) to trade; empty = the login account."),
  AFTM_FIX_TLS(
      "false",
      "FIX: true = TLS to the venue, its certificate checked against the JVM's trusted CAs and its host name."),
  AFTM_MARKET_DATA(
      "fix",
      "With EXCHANGE_MODE=fix: fix (quotes from the venue) or sim (the simulated broker's quotes, orders still to FIX)."),
  AFTM_CHILD_JVM_OPTS(
      "-Xms64m -Xmx256m -XX:+UseSerialGC",
      "JVM options for the strategy and order-executor processes.");

  private final String defaultValue;
  private final String description;

  ConfigKey(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /**
   * Whether the value must never be written to a file, a log, a command line or a child's
   * environment.
   */
  public boolean isSecret() {
    return this == AFTM_PASSWORD;
  }

  /**
   * Whether the value may appear on a child's command line and in logs. The simulated broker's demo
   * password is no real secret, but children never need a password, so none goes to them; nor the
   * alert webhook's URL.
   */
  public boolean isShareable() {
    // The webhook's URL may carry a token, and only the main process alerts.
    return this != AFTM_PASSWORD
        && this != AFTM_SIM_DEMO_PASSWORD
        && this != AFTM_ALERT_WEBHOOK_URL;
  }

  public static Optional<ConfigKey> find(String name) {
    return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
  }
}
