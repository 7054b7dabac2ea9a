package org.aftm.app.wiring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.aftm.adapter.in.http.StatusHttpServer;
import org.aftm.adapter.out.fix.FixExchangeApi;
import org.aftm.adapter.out.persistence.AuditJournal;
import org.aftm.adapter.out.persistence.DataDirectoryLock;
import org.aftm.adapter.out.persistence.JournaledOrderAudit;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.in.ClientLimits;
import org.aftm.adapter.zmq.in.ZmqOrderGatewayServer;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.ZapAllowList;
import org.aftm.adapter.zmq.out.MarketDataPublisher;
import org.aftm.adapter.zmq.out.ZmqOrderUpdatePublisher;
import org.aftm.adapter.zmq.out.ZmqTickPublisher;
import org.aftm.app.alert.AlertSchedule;
import org.aftm.app.alert.AlertSources;
import org.aftm.app.alert.MetricsAlertSources;
import org.aftm.app.alert.OrderCounts;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.AuditDurability;
import org.aftm.app.config.ConfigHost;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.DataDirectoryCheck;
import org.aftm.app.config.ExchangeMode;
import org.aftm.app.config.HolidaysFile;
import org.aftm.app.config.LinkSecurityMode;
import org.aftm.app.config.MarketDataSource;
import org.aftm.app.config.SessionCalendarName;
import org.aftm.app.config.StrategyInstances;
import org.aftm.app.config.UnusableAddressException;
import org.aftm.app.metrics.ChildTotals;
import org.aftm.app.metrics.ProcessLabel;
import org.aftm.app.metrics.PrometheusMetrics;
import org.aftm.app.process.ChildLauncher;
import org.aftm.app.process.ChildReport;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.ChildTelemetry;
import org.aftm.app.process.ProcessSupervisor;
import org.aftm.app.process.RestartPolicy;
import org.aftm.app.security.ChildLinkKeys;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.app.security.LinkKeys;
import org.aftm.app.session.RunningSession;
import org.aftm.app.status.OrderFlowMetrics;
import org.aftm.application.port.in.CheckHealthUseCase;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.CheckReadinessUseCase;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.HopLatencyPort;
import org.aftm.application.port.out.LoginResult;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.port.out.TradingSession;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.application.service.BackgroundOrderJournal;
import org.aftm.application.service.BrokerReconciliation;
import org.aftm.application.service.CheckHealthService;
import org.aftm.application.service.ConditionCatalogService;
import org.aftm.application.service.DailyPnl;
import org.aftm.application.service.FlattenedConditionRelay;
import org.aftm.application.service.GetPositionsService;
import org.aftm.application.service.OrderLifecycle;
import org.aftm.application.service.OrderRateWindow;
import org.aftm.application.service.PlaceOrderService;
import org.aftm.application.service.Portfolio;
import org.aftm.application.service.PositionFlattener;
import org.aftm.application.service.RelayConditionChangeService;
import org.aftm.application.service.RiskEngine;
import org.aftm.application.service.RiskLimits;
import org.aftm.application.service.RiskMonitor;
import org.aftm.application.service.StorageHealth;
import org.aftm.application.service.TradingControl;
import org.aftm.domain.calendar.AlwaysOpenCalendar;
import org.aftm.domain.calendar.TaifexCalendar;
import org.aftm.domain.calendar.TradingCalendar;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The main process, wired: the one broker connection (behind a circuit breaker), the order gateway
 * server, the market-data publisher, the audit trail, the status page, and the supervisor of the
 * strategy and order-executor children. This is the composition root of the main process; nothing
 * else constructs these parts.
 *
 * <p>Start order: store → broker login → gateway → publisher → status page → both children at once
 * (the executor binds the signal endpoint chosen here, the strategy connects to it) → quotes. Close
 * runs it backwards.
 *
 * <p>{@link #start} does it all in one go ({@code aftm run}, the demo). The operator's console runs
 * the same start in stages (docs/architecture.md, the staged start): {@link #open} (store, broker)
 * → {@link #logIn} → {@link #registerItem} (any time, repeatable) → {@link #selectOrderAccount},
 * which starts serving (the order account is fixed from then on) → {@link #startTrading} (the
 * children) ⇄ {@link #stopTrading} → {@link #close}. The stages are called from one thread (the
 * console's); the getters may be read from any.
 */
public final class MainProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MainProcess.class);
  private static final Duration CHILD_START_TIMEOUT = Duration.ofSeconds(60);

  /** Children report twice a second; this much silence means hung or gone. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

  /** How long the start's owed reconciliation waits for the system to settle. */
  private static final Duration SETTLED_CHECK_DEADLINE = Duration.ofMinutes(5);

  private final ShutdownSequence closeOrder = new ShutdownSequence();
  private final AftmConfig config;
  private final ExchangeApi exchange;
  private final SimExchangeApi sim;
  private final SqliteDatabase database;
  private final SqlitePersistenceAdapter store;
  private OrderAuditPort audit;
  private final OrderFlowMetrics metrics = new OrderFlowMetrics();

  /** The children's counters and histograms summed over their restarts; fed by telemetry. */
  private final ChildTotals childTotals = new ChildTotals(this::isRunningChild);

  /** What {@code /metrics} serves: all three processes' metrics. */
  private final PrometheusMetrics prometheus = new PrometheusMetrics(childTotals);

  /** Nanoseconds each start-up step took, in start order; written by the starting thread only. */
  private final Map<String, Long> startupPhases = new LinkedHashMap<>();

  private Portfolio portfolio;
  private OrderLifecycle lifecycle;
  private BackgroundOrderJournal journal;
  private TradingControl tradingControl;
  private StorageHealth storageHealth;
  private DailyPnl dailyPnl;
  private ZmqOrderUpdatePublisher orderUpdates;
  private BrokerReconciliation reconciliation;
  private ReconcileUseCase.ReconciliationReport reconciliationAtStart;
  private RunningSession session;

  /** The store's catalog until serving, then the one that also tells the running strategy. */
  private volatile ConditionCatalogService conditions;

  private final Supplier<String> breakerState;
  private MarketDataPublisher marketData;
  private ZmqTickPublisher tickPublisher;
  private ZmqOrderGatewayServer gateway;
  private StatusHttpServer http;
  private ChildTelemetry.Collector telemetry;
  private final LinkKeys linkKeys;

  /** Set on the starting thread; read by the telemetry thread too. */
  private volatile ProcessSupervisor supervisor;

  /**
   * The supervisor of the current trading run, as the restart counters read it: held here because
   * Micrometer holds a function counter's source only weakly, and a lambda nothing else held would
   * be collected, its counter then reading 0.
   */
  private final Supplier<ProcessSupervisor> currentSupervisor = () -> supervisor;

  /** The broker login of this process, once logged in; fixed once serving. */
  private String account;

  /** Fixed once serving: reconciliation, the flattener and the executor are built for it. */
  private volatile String orderAccount;

  /** The registered instruments in registration order; the first is {@link #itemCode()}. */
  private final List<String> itemCodes = new CopyOnWriteArrayList<>();

  /** The first registered instrument, whose last price {@link #lastPriceUnits()} keeps. */
  private volatile String itemCode;

  /** Whether registering an instrument subscribes its quotes (see {@link #open}). */
  private boolean subscribeQuotes = true;

  /** Serving: the gateway, the order path and the status page are up (see {@link #serve()}). */
  private volatile boolean serving;

  /** Why serving failed to start, or null: it is not tried again. */
  private String servingFailure;

  /** Set when the close begins: nothing is recorded any more. */
  private volatile boolean closing;

  /** The children, their alerts and class archive while trading runs; null while stopped. */
  private volatile ShutdownSequence tradingStage;

  /** The order path every order takes: risk checks, audit, broker. Set when serving. */
  private PlaceOrderService placeOrder;

  private String signalEndpoint;
  private String tickEndpoint;

  /** Why the supervisor gave up on a child, or null; written by the process reaper thread. */
  private volatile String childOverBudget;

  /** Last trade price of the first registered item, written by the broker's thread. */
  private volatile long lastPriceUnits;

  /** While the breaker is not closed, the broker is asked this often whether it answers again. */
  private static final Duration BROKER_PROBE_PERIOD = Duration.ofMillis(500);

  private MainProcess(AftmConfig config, BrokerSetup brokerSetup) {
    this.config = config;
    // Before the lock, which creates a missing directory owner-only: only an operator's own
    // directory can be loose.
    DataDirectoryCheck.warnIfLoose(config.dataDir());
    // One main process per data directory: a second would trade the same account twice.
    DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDir());
    closeOrder.push(lock);
    // A holder killed with kill -9 left its session record behind: it names a dead process (or,
    // once the pid is reused, a stranger) and must not send operator commands anywhere.
    lock.takenOverFrom().ifPresent(dead -> RunningSession.removeStale(config.dataDir(), dead));
    // Under the lock: only one process generates the keys of a data directory.
    this.linkKeys = LinkKeyStore.openOrCreate(config.dataDir());
    this.database =
        SqliteDatabase.open(
            config.dataDir(), true, SqliteDatabase.SyncMode.valueOf(config.dbSync().name()));
    closeOrder.push(database);
    this.store = new SqlitePersistenceAdapter(database);
    // Until serving, conditions are stored only: no strategy runs to be told.
    this.conditions = new ConditionCatalogService(store, store, this::conditionRules);
    ExchangeApi broker;
    if (config.exchangeMode() == ExchangeMode.FIX) {
      // The simulator only lists contracts and, with AFTM_MARKET_DATA=sim, makes quotes: in memory,
      // since it takes no orders.
      this.sim = SimulatedBrokers.forQuotes(config);
      closeOrder.push(sim);
      FixExchangeApi fix = FixBrokers.create(config, sim.contracts(), this::positionsFromOwnFills);
      closeOrder.push(fix);
      broker =
          config.marketData() == MarketDataSource.SIM ? new SimQuotesExchangeApi(fix, sim) : fix;
    } else {
      this.sim = SimulatedBrokers.create(config);
      closeOrder.push(sim);
      broker = sim;
    }
    // A hung broker call ends at its deadline as a failure the breaker counts, instead of holding
    // the gateway's thread for good.
    TimeLimitedExchangeApi limited =
        new TimeLimitedExchangeApi(
            brokerSetup.faults().apply(broker),
            brokerSetup.orderDeadline(),
            brokerSetup.queryDeadline(),
            TimeLimitedExchangeApi.STANDARD_THREADS);
    closeOrder.push(limited);
    CircuitBreakingExchangeApi guarded =
        new CircuitBreakingExchangeApi(
            limited, CircuitBreakingExchangeApi.standardBreaker(brokerSetup.breakerWait()));
    this.exchange = guarded;
    this.breakerState = guarded::breakerState;
  }

  /**
   * A FIX venue without RequestForPositions: the positions AFTM keeps from its own fills, as stored
   * at the last stop while the start's reconciliation runs, then the portfolio's.
   */
  private List<Position> positionsFromOwnFills(String account) {
    Portfolio running = reconciliationAtStart == null ? null : portfolio;
    return running == null ? store.loadPositions(account) : running.positions(account);
  }

  /**
   * Starts everything. On failure, whatever was started is stopped again before the exception
   * leaves.
   *
   * @param password cleared by this method once the login is done
   */
  public static MainProcess start(AftmConfig config, String account, char[] password) {
    return start(config, account, password, true);
  }

  /**
   * @param subscribeQuotes whether to subscribe the item's quotes (the simulated broker's
   *     generator); tests and benchmarks pass false and drive the market through {@link
   *     #simulatedBroker()}'s {@code feed}
   */
  public static MainProcess start(
      AftmConfig config, String account, char[] password, boolean subscribeQuotes) {
    return start(config, account, password, subscribeQuotes, BrokerSetup.STANDARD);
  }

  /**
   * For fault-injection tests: as {@link #start(AftmConfig, String, char[], boolean)}, with the
   * simulated broker wrapped and the broker's deadlines and breaker wait of {@code brokerSetup}.
   * Production starts with {@link BrokerSetup#STANDARD}.
   */
  public static MainProcess start(
      AftmConfig config,
      String account,
      char[] password,
      boolean subscribeQuotes,
      BrokerSetup brokerSetup) {
    long startNanos = System.nanoTime();
    MainProcess main = new MainProcess(config, brokerSetup);
    main.subscribeQuotes = false; // subscribed below, once everything runs
    try {
      main.startupPhases.put("store", System.nanoTime() - startNanos);
      main.timed(
          "login",
          () -> {
            main.logIn(account, password);
            main.chooseConfiguredAccountAndItems();
          });
      main.timed("serving", main::startServing);
      main.startChildren(role -> {});
      main.startSettledReconciliation();
      main.recordSession();
      if (subscribeQuotes) {
        for (String item : main.itemCodes) {
          main.subscribe(item);
        }
      }
      main.subscribeQuotes = subscribeQuotes;
      main.startupPhases.put("total", System.nanoTime() - startNanos);
      LOG.info(
          "AFTM running: account {}, order account {}, items {}; start-up phases (ms): {}",
          account,
          main.orderAccount,
          main.itemCodes,
          main.startupPhasesMillis());
      return main;
    } catch (RuntimeException | IOException e) {
      main.close();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("could not start: " + e.getMessage(), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * The first stage of a staged start (the operator's console): the data directory (lock, keys,
   * database) and the broker connection, not logged in, nothing serving. Registered instruments'
   * quotes are subscribed as they are registered.
   */
  public static MainProcess open(AftmConfig config) {
    return new MainProcess(config, BrokerSetup.STANDARD);
  }

  /**
   * Logs in to the broker. Before serving any account may log in; once serving only the account the
   * session serves (after a {@link #logOut}).
   *
   * @param password cleared by this method
   * @throws LoginRefusedException when the broker refuses, naming why
   */
  public synchronized void logIn(String account, char[] password) {
    try {
      if (serving && !account.equals(this.account)) {
        throw new LoginRefusedException(
            "this session serves order account "
                + orderAccount
                + " of "
                + this.account
                + "; log in as "
                + this.account
                + ", or exit and start again to use another account");
      }
      LoginResult login = exchange.login(account, password);
      if (!login.success()) {
        throw new LoginRefusedException(
            "login refused for account " + account + ": " + login.message());
      }
      if (this.account == null) {
        closeOrder.push(exchange::logout);
      }
      this.account = account;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Logs out of the broker; refused while trading runs (the children would trade blind). */
  public synchronized void logOut() {
    if (tradingStarted()) {
      throw new IllegalStateException("stop trading before logging out");
    }
    exchange.logout();
  }

  /** Whether the broker session is logged in now. */
  public boolean loggedIn() {
    return exchange.isLoggedIn();
  }

  /** The account logged in (or last logged in), if any. */
  public Optional<String> account() {
    return Optional.ofNullable(account);
  }

  /** The broker's order accounts of the logged-in account; empty before the login. */
  public List<String> brokerOrderAccounts() {
    return exchange.orderAccounts();
  }

  /** The contracts the broker lists. */
  public List<Contract> contracts() {
    return exchange.contracts();
  }

  /**
   * AFTM_ORDER_ACCOUNT (or the broker's first) and the instruments of AFTM_ITEM_CODE and of the
   * AFTM_STRATEGIES instances, checked: an instance's instrument not registered would see no ticks.
   */
  private void chooseConfiguredAccountAndItems() {
    List<String> accounts = exchange.orderAccounts();
    String chosen = config.orderAccount().isEmpty() ? accounts.get(0) : config.orderAccount();
    if (!accounts.contains(chosen)) {
      throw new LoginRefusedException("order account " + chosen + " is not one of " + accounts);
    }
    orderAccount = chosen;
    Set<String> configured = new LinkedHashSet<>(config.itemCodes());
    StrategyInstances.of(config).forEach(instance -> configured.addAll(instance.instruments()));
    if (configured.isEmpty()) {
      throw new LoginRefusedException(
          "AFTM_ITEM_CODE names no instrument: give one, or several separated by commas");
    }
    for (String item : configured) {
      registerItem(item);
    }
    saveSession();
  }

  /**
   * Fixes the order account and starts serving: the order-update channel, the order path with its
   * checks and audit, reconciliation with the broker for this account, the gateway, the tick
   * publisher, the status page and the session record, so that the operator's commands ({@code aftm
   * condition}, {@code aftm positions}, {@code aftm flatten}, ...) work from another terminal.
   * Selecting the account already served again does nothing.
   *
   * @throws LoginRefusedException when not logged in, the broker does not list the account, or
   *     another account is served already
   */
  public synchronized void selectOrderAccount(String chosen) throws IOException {
    if (serving) {
      if (chosen.equals(orderAccount)) {
        return;
      }
      throw new LoginRefusedException(
          "the order account is fixed at "
              + orderAccount
              + " for this session (reconciliation and the order path serve it); exit and start"
              + " again to trade another");
    }
    if (!exchange.isLoggedIn()) {
      throw new LoginRefusedException("not logged in: log in before selecting an order account");
    }
    List<String> accounts = exchange.orderAccounts();
    if (!accounts.contains(chosen)) {
      throw new LoginRefusedException("order account " + chosen + " is not one of " + accounts);
    }
    if (servingFailure != null) {
      throw new IllegalStateException(
          "serving failed before (" + servingFailure + "); exit and start again");
    }
    orderAccount = chosen;
    saveSession();
    long begin = System.nanoTime();
    try {
      startServing();
      startSettledReconciliation();
      recordSession();
    } catch (RuntimeException | IOException e) {
      // Half-started parts stay in the close order; a second try would bind them twice.
      servingFailure = String.valueOf(e.getMessage());
      throw e;
    }
    startupPhases.put("serving", System.nanoTime() - begin);
    LOG.info("Serving order account {} of account {}", orderAccount, account);
  }

  /** Whether the order path serves (an order account is selected). */
  public boolean serving() {
    return serving;
  }

  /**
   * Registers an instrument: checked against the broker's contracts (code or product root) and, in
   * a staged start, its quotes subscribed; the strategy trades the conditions of every registered
   * instrument. Registering one twice changes nothing.
   *
   * @return false when it was registered already
   * @throws LoginRefusedException when the broker does not list it
   */
  public synchronized boolean registerItem(String item) {
    List<Contract> contracts = exchange.contracts();
    boolean listed =
        contracts.stream().anyMatch(c -> c.code().equals(item) || c.product().equals(item));
    if (!listed) {
      throw new LoginRefusedException(
          "item "
              + item
              + " is not listed; contracts: "
              + contracts.stream().map(Contract::code).toList());
    }
    if (itemCodes.contains(item)) {
      return false;
    }
    if (subscribeQuotes) {
      subscribe(item);
    }
    itemCodes.add(item);
    if (itemCode == null) {
      itemCode = item;
    }
    if (orderAccount != null) {
      saveSession();
    }
    if (session != null) {
      recordSession();
    }
    LOG.info("Registered item {}; items now {}", item, itemCodes);
    return true;
  }

  private void subscribe(String item) {
    exchange.subscribeQuotes(item);
    // Closed first: no new ticks while the rest shuts down.
    closeOrder.push(() -> exchange.unsubscribeQuotes(item));
  }

  /** The registered instruments, in registration order. */
  public List<String> itemCodes() {
    return List.copyOf(itemCodes);
  }

  private void saveSession() {
    store.saveSession(
        new TradingSession(
            account, orderAccount == null ? "" : orderAccount, String.join(",", itemCodes)));
  }

  /**
   * Starts both children (strategy and order executor) and the alerts, once serving; returns when
   * both reported ready. {@code onReady} hears each child as it reports ready (on this thread).
   *
   * @throws IllegalStateException when not serving or trading runs already
   */
  public synchronized void startTrading(Consumer<ChildRole> onReady) throws IOException {
    if (!serving) {
      throw new IllegalStateException("not serving: select an order account first");
    }
    if (tradingStarted()) {
      throw new IllegalStateException("trading runs already");
    }
    try {
      startChildren(onReady);
    } catch (RuntimeException | IOException e) {
      stopTrading();
      throw e;
    }
    recordSession();
    LOG.info(
        "Trading {} for order account {}; start-up phases (ms): {}",
        itemCodes,
        orderAccount,
        startupPhasesMillis());
  }

  /** Whether the children have been started and not stopped since. */
  public boolean tradingStarted() {
    return tradingStage != null;
  }

  /**
   * Stops the children and the alerts; serving goes on (the gateway, the status page, the
   * operator's commands). Conditions keep their state and resume at the next start. Nothing happens
   * when trading is not running.
   */
  public synchronized void stopTrading() {
    ShutdownSequence stage = tradingStage;
    if (stage == null) {
      return;
    }
    tradingStage = null;
    stage.close();
    supervisor = null;
    // Not while closing: the session record is gone by then and must stay gone.
    if (session != null && serving && !closing) {
      recordSession();
    }
    LOG.info("Trading stopped: the strategy and the order executor are down");
  }

  /** A start-up step that may throw what the start handles. */
  private interface StartStep {
    void run() throws IOException;
  }

  private void timed(String phase, StartStep step) throws IOException {
    long begin = System.nanoTime();
    step.run();
    startupPhases.put(phase, System.nanoTime() - begin);
  }

  /**
   * How long each step of the start took, in milliseconds, in start order: {@code store} (data
   * directory lock, keys, database open and migration, simulated broker), {@code login}, {@code
   * serving} (sockets, journal, reconciliation, status page), {@code children} (both launched at
   * once, until both reported ready), {@code order-executor} and {@code strategy} (each child's
   * launch until it reported ready, within {@code children}), {@code total}. Empty until the start
   * is done.
   */
  public Map<String, Long> startupPhasesMillis() {
    Map<String, Long> millis = new LinkedHashMap<>();
    startupPhases.forEach((phase, nanos) -> millis.put(phase, Duration.ofNanos(nanos).toMillis()));
    return millis;
  }

  private void startServing() throws IOException {
    ZContext context = LinkContext.open();
    closeOrder.push(context);
    // The ZAP handler before any server socket binds (a CURVE server in a context without one
    // admits every key) and closed after them, since closeOrder runs backwards.
    LinkSecurity serverEnd = LinkSecurity.NONE;
    if (config.linkSecurity() == LinkSecurityMode.CURVE) {
      ZapAllowList allowList = new ZapAllowList(context, linkKeys.mainClients());
      closeOrder.push(allowList);
      serverEnd = LinkSecurity.server(linkKeys.main(), allowList);
    }
    LinkSecurity mainEnd = serverEnd;
    // Stage by stage, as an order travels: the order-update channel to the strategy, the portfolio
    // and the lifecycle that feed it, reconciliation with the broker, then the checks and the
    // gateway in front of them.
    orderUpdates =
        zmqAddress(
                "the order-update publisher",
                ConfigKey.AFTM_ORDER_EVENT_PORT,
                config.orderEventBindAddress())
            .bind(
                () ->
                    new ZmqOrderUpdatePublisher(
                        context,
                        config.orderEventBindAddress(),
                        ZmqOrderUpdatePublisher.DEFAULT_SEND_HIGH_WATER_MARK,
                        mainEnd.internalOnly()));
    closeOrder.push(orderUpdates);
    portfolio = Portfolio.forContracts(exchange.contracts());
    // The journal writes on its own connection with NORMAL sync: its writes never queue the
    // gateway's durable audit commits behind them (one connection serialises its users), and what
    // a power loss could cost it the broker gives back at the next start (reconciliation).
    SqliteDatabase journalDatabase =
        SqliteDatabase.open(config.dataDir(), false, SqliteDatabase.SyncMode.NORMAL);
    closeOrder.push(journalDatabase);
    SqlitePersistenceAdapter journalStore = new SqlitePersistenceAdapter(journalDatabase);
    // The trading state first: the risk engine reads it on every order, and the storage's health
    // moves it.
    TradingStatePort tradingStore = store;
    tradingControl = new TradingControl(tradingStore, Clock.systemUTC());
    storageHealth = new StorageHealth(tradingControl);
    journal = new BackgroundOrderJournal(journalStore, journalStore, portfolio, storageHealth);
    closeOrder.push(journal);
    audit = openAudit(journalDatabase);
    // Operator changes and a flatten's closes reach the strategy as commands on its update channel;
    // the lifecycle tells the flatten relay when a flatten order ends (also during the start's
    // recovery, before the strategy runs: the relay repeats until acknowledged).
    RelayConditionChangeService relay = new RelayConditionChangeService(orderUpdates);
    FlattenedConditionRelay flattenedConditions =
        new FlattenedConditionRelay(store, relay, Duration.ofSeconds(1), Duration.ofSeconds(30));
    closeOrder.push(flattenedConditions);
    lifecycle =
        new OrderLifecycle(
            portfolio, journal, orderUpdates, Clock.systemUTC(), flattenedConditions);
    // Reconciled before the lifecycle hears any broker event: an event that arrived first would be
    // counted again when the broker's positions and order states are adopted.
    // Stored positions are compared before the portfolio adopts the broker's (inside).
    reconciliation =
        new BrokerReconciliation(
            orderAccount,
            exchange,
            portfolio,
            lifecycle,
            journal,
            audit,
            store,
            store,
            tradingStore,
            tradingControl,
            Clock.systemUTC());
    reconciliationAtStart = reconciliation.reconcileAtStart();
    exchange.addListener(lifecycle);
    closeOrder.push(() -> exchange.removeListener(lifecycle));
    exchange.addListener(
        new ExchangeListener() {
          @Override
          public void onTick(MarketTick tick) {
            portfolio.onPrice(tick.itemCode(), tick.priceUnits());
            if (tick.itemCode().equals(itemCode)) {
              lastPriceUnits = tick.priceUnits();
            }
          }
        });
    TradingCalendar calendar = tradingCalendar(config);
    LOG.info("Trading hours: {}", calendar);
    RiskEngine risk =
        new RiskEngine(
            new RiskLimits(
                config.maxOrderQuantity(),
                config.maxPositionQuantity(),
                Duration.ofMillis(config.maxSignalAgeMs()).toNanos()),
            portfolio,
            lifecycle,
            exchange::isLoggedIn,
            System::nanoTime,
            tradingControl::tradingStatus,
            calendar,
            Clock.systemUTC(),
            new OrderRateWindow(config.maxOrdersPerSecond(), config.maxOrdersPerMinute()),
            config.priceBandPct());
    placeOrder =
        new PlaceOrderService(
            exchange,
            audit,
            risk,
            lifecycle,
            metrics,
            Clock.systemUTC(),
            System::nanoTime,
            storageHealth);
    tradingControl.useFlattener(
        new PositionFlattener(
            placeOrder,
            portfolio,
            lifecycle,
            orderAccount,
            config.maxOrderQuantity(),
            Clock.systemUTC()));
    dailyPnl = new DailyPnl(portfolio, tradingStore, calendar, Clock.systemUTC());
    RiskMonitor riskMonitor =
        new RiskMonitor(
            tradingControl,
            dailyPnl,
            config.maxDailyLossTwd(),
            breakerState,
            Duration.ofSeconds(config.breakerReduceAfterS()).toNanos(),
            calendar,
            config.flattenBeforeCloseMin(),
            Clock.systemUTC(),
            System::nanoTime);
    riskMonitor.start();
    closeOrder.push(riskMonitor);
    String probedAccount = orderAccount;
    BrokerProbe probe =
        new BrokerProbe(breakerState, () -> exchange.positions(probedAccount), BROKER_PROBE_PERIOD);
    probe.start();
    closeOrder.push(probe);
    CheckHealthService brokerHealth =
        new CheckHealthService(exchange, breakerState, System::nanoTime);
    // Healthy means able to trade: the broker usable AND both children running and heartbeating.
    CheckHealthUseCase health =
        () -> {
          HealthReport broker = brokerHealth.checkHealth();
          return new HealthReport(
              broker.healthy() && childrenHealthy() && storageHealth.healthy(),
              broker.exchangeConnected(),
              broker.loggedIn(),
              broker.breakerState(),
              broker.uptimeSeconds());
        };
    conditions = new ConditionCatalogService(store, store, this::conditionRules, relay);
    gateway =
        new ZmqOrderGatewayServer(
            context,
            config.gatewayBindAddress(),
            placeOrder,
            new GetPositionsService(portfolio),
            health,
            lifecycle,
            relay,
            tradingControl,
            reconciliation,
            new ClientLimits(config.gatewayClientMaxRps(), config.gatewayClientMaxQueue()));
    byte[] orderIdSecret = orderIdSecret();
    gateway.checkingOrderIdsWith(new OrderIdProof(orderIdSecret));
    Arrays.fill(orderIdSecret, (byte) 0);
    gateway.securedBy(mainEnd);
    new ListeningAddress(
            "the order gateway",
            ConfigKey.DLL_GATEWAY_HOST,
            ConfigKey.DLL_GATEWAY_PORT,
            config.gatewayHost(),
            config.gatewayBindAddress())
        .bind(
            () -> {
              gateway.start();
              return gateway;
            });
    closeOrder.push(gateway);
    tickPublisher =
        zmqAddress("the tick publisher", ConfigKey.ZMQ_TICK_PORT, config.tickBindAddress())
            .bind(
                () ->
                    new ZmqTickPublisher(
                        context,
                        config.tickBindAddress(),
                        ZmqTickPublisher.DEFAULT_SEND_HIGH_WATER_MARK,
                        mainEnd));
    closeOrder.push(tickPublisher);
    tickEndpoint = tickPublisher.endpoint();
    marketData = new MarketDataPublisher(tickPublisher);
    exchange.addListener(marketData);
    closeOrder.push(() -> exchange.removeListener(marketData));
    // A tick already on the broker's thread may still arrive; stop() waits it out before the socket
    // closes.
    closeOrder.push(marketData::stop);
    if (config.httpPort() >= 0) {
      // The POST controls halt, flatten and accept the broker's positions: only a caller that can
      // read the data directory's keys may use them, not any local process.
      String controlToken = LinkKeyStore.httpToken(config.dataDir());
      http =
          new ListeningAddress(
                  "the status HTTP server",
                  ConfigKey.AFTM_HTTP_HOST,
                  ConfigKey.AFTM_HTTP_PORT,
                  config.httpHost(),
                  "http://" + ConfigHost.urlHost(config.httpHost()) + ":" + config.httpPort())
              .bind(
                  () ->
                      StatusHttpServer.start(
                          config.httpHost(),
                          config.httpPort(),
                          health,
                          this::statusSnapshot,
                          tradingControl,
                          reconciliation,
                          controlToken,
                          new StatusHttpServer.Observability(
                              prometheus::scrape, this::checkReadiness)));
      closeOrder.push(http);
    }
    telemetry =
        new ListeningAddress(
                "the children's telemetry",
                ConfigKey.ZMQ_HOST,
                null,
                config.zmqHost(),
                ConfigHost.tcpEndpoint(config.zmqHost(), 0))
            .bind(
                () ->
                    new ChildTelemetry.Collector(
                        context, config.zmqHost(), mainEnd.internalOnly()));
    closeOrder.push(telemetry);
    telemetry.addListener(childTotals);
    // Every start's ready, first or restart: a heartbeat saying ready from the pid now running
    // makes the child healthy; the supervisor ignores repeats and late heartbeats of a dead pid.
    telemetry.addListener(
        report -> {
          ProcessSupervisor supervised = supervisor;
          if (report.ready() && supervised != null) {
            supervised.markReady(ChildRole.fromId(report.role()), report.pid());
          }
        });
    MainMeters.register(
        prometheus,
        new MainMeters.Sources(
            tickPublisher,
            metrics,
            lifecycle,
            currentSupervisor,
            exchange,
            gateway,
            journal,
            breakerState,
            tradingControl,
            portfolio,
            orderAccount,
            this::childUp,
            role -> "ready".equals(childState(role)),
            this::mainReady));
    // Where the children stood: they stop before the telemetry, the sockets and the store.
    closeOrder.push(this::stopTrading);
    serving = true;
  }

  /** An address on {@code ZMQ_HOST} and the given port key. */
  private ListeningAddress zmqAddress(String what, ConfigKey portKey, String endpoint) {
    return new ListeningAddress(what, ConfigKey.ZMQ_HOST, portKey, config.zmqHost(), endpoint);
  }

  /** {@code AFTM_SESSION_CALENDAR} resolved, with {@code AFTM_HOLIDAYS_FILE} for TAIFEX. */
  static TradingCalendar tradingCalendar(AftmConfig config) {
    if (config.effectiveSessionCalendar() == SessionCalendarName.ALWAYS) {
      return AlwaysOpenCalendar.INSTANCE;
    }
    String holidays = config.holidaysFile();
    return new TaifexCalendar(
        holidays.isBlank() ? java.util.Set.of() : HolidaysFile.read(Path.of(holidays)));
  }

  /**
   * The check the start's reconciliation owed for instruments with orders on their way at the last
   * stop, run once the system has settled (docs/architecture.md §12); on its own daemon thread
   * {@code reconciliation-settled}, which gives up after {@link #SETTLED_CHECK_DEADLINE}.
   */
  /**
   * The audit trail of {@code AFTM_AUDIT_DURABILITY}, after the journal's records a crash left
   * behind are replayed into the database (also when the mode is {@code database}, so that no
   * journaled record is ever skipped). With a journal, the rows are written behind by the
   * order-journal thread on its connection, in order with the lifecycle's updates of them; answers
   * are read on the main connection.
   */
  private OrderAuditPort openAudit(SqliteDatabase journalDatabase) {
    AuditDurability mode = config.auditDurability();
    boolean journaled = mode != AuditDurability.DATABASE;
    if (!journaled && !Files.exists(config.dataDir().resolve(AuditJournal.FILE_NAME))) {
      return store;
    }
    AuditJournal auditJournal =
        AuditJournal.open(
            config.dataDir(),
            mode == AuditDurability.POWER
                ? AuditJournal.Durability.POWER
                : AuditJournal.Durability.PROCESS);
    JournaledOrderAudit opened;
    try {
      opened = JournaledOrderAudit.open(auditJournal, journalDatabase, database, journal);
    } catch (RuntimeException e) {
      auditJournal.close();
      throw e;
    }
    if (!journaled) {
      opened.close();
      return store;
    }
    closeOrder.push(opened);
    return opened;
  }

  private void startSettledReconciliation() {
    if (!reconciliation.owesSettledCheck()) {
      return;
    }
    Thread checker =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + SETTLED_CHECK_DEADLINE.toNanos();
              try {
                while (System.nanoTime() < deadline) {
                  if (reconciliation.reconcileOnceSettled(Duration.ofSeconds(1))) {
                    return;
                  }
                  Thread.sleep(2_000);
                }
                LOG.warn(
                    "Reconciliation: the system did not settle within {}; run aftm reconcile",
                    SETTLED_CHECK_DEADLINE);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.error("Reconciliation once settled failed; run aftm reconcile", e);
              }
            },
            "reconciliation-settled");
    checker.setDaemon(true);
    checker.start();
    closeOrder.push(checker::interrupt);
  }

  /**
   * Records where this process can be reached, so operator commands find it by themselves; written
   * again when an instrument is registered and when trading starts or stops.
   */
  private void recordSession() {
    boolean first = session == null;
    session =
        new RunningSession(
            ProcessHandle.current().pid(),
            gateway.endpoint(),
            tickEndpoint,
            orderUpdates.endpoint(),
            http == null ? -1 : http.port(),
            orderAccount,
            itemCode,
            System.currentTimeMillis(),
            List.copyOf(itemCodes),
            tradingStage != null);
    session.write(config.dataDir());
    if (first) {
      closeOrder.push(() -> session.remove(config.dataDir()));
    }
  }

  /** Starts both children and, once they are ready, the alerts, all in a new trading stage. */
  private void startChildren(Consumer<ChildRole> onReady) throws IOException {
    ShutdownSequence stage = new ShutdownSequence();
    tradingStage = stage;
    // Class-data sharing for the children, archived per build under the data directory; closed
    // after the supervisor, so that a stop waits for an archive being put in place.
    ChildLauncher launcher =
        ChildLauncher.likeThisJvm(
                "org.aftm.app.cli.ChildMain", config.childJvmOpts(), config.logDir())
            .withClassArchiveIn(config.dataDir().resolve("class-archives"));
    launcher.classArchive().ifPresent(stage::push);
    supervisor =
        new ProcessSupervisor(
            launcher, RestartPolicy.standard(), Duration.ofSeconds(5), this::onChildOverBudget);
    stage.push(supervisor);
    // Both children at once: the executor binds the signal endpoint chosen here, and the
    // strategy's signal connection waits for it (ZeroMQ connects before the bind). Every restart
    // of the executor rebinds the same endpoint, so the strategy's connection stays valid.
    signalEndpoint = signalEndpoint();
    long childrenNanos = System.nanoTime();
    supervisor.start(
        ChildRole.ORDER_EXECUTOR,
        role ->
            childArguments(
                role,
                List.of(
                    "--gateway-endpoint",
                    gateway.endpoint(),
                    "--order-account",
                    orderAccount,
                    "--signal-bind",
                    signalEndpoint)),
        role -> childKeys(role).toLine());
    supervisor.start(
        ChildRole.STRATEGY,
        role ->
            childArguments(
                role,
                List.of(
                    "--tick-endpoint",
                    tickEndpoint,
                    "--signal-endpoint",
                    signalEndpoint,
                    "--order-event-endpoint",
                    orderUpdates.endpoint(),
                    "--gateway-endpoint",
                    gateway.endpoint())),
        role -> childKeys(role).toLine());
    for (ChildRole role : List.of(ChildRole.ORDER_EXECUTOR, ChildRole.STRATEGY)) {
      awaitFact(role, ChildReport.READY);
      // The supervisor's launch → ready, or (its listener not yet run) launch → heard here.
      long heard = System.nanoTime() - childrenNanos;
      startupPhases.put(
          role.id(), supervisor.launchToReady(role).map(Duration::toNanos).orElse(heard));
      onReady.accept(role);
    }
    startupPhases.put("children", System.nanoTime() - childrenNanos);
    // From after the children's start; closed before they stop, so a stop raises no alert.
    stage.push(
        AlertSchedule.start(
            config.alerts(), alertSources(), prometheus.meters(), Clock.systemUTC()));
  }

  /**
   * The order executor's signal endpoint: {@code ZMQ_SIGNAL_PORT} on {@code AFTM_SIGNAL_HOST}, or,
   * for port 0, a port free now, chosen here so that both children can start at once. (Another
   * process could take that port before the executor binds it; the executor then fails with the
   * address in its log and the supervisor's restarts run out, which halts trading.)
   */
  private String signalEndpoint() throws IOException {
    if (config.signalPort() != 0) {
      // Tried here first, so a port in use is the operator's one line and exit 2 at the start
      // rather than an executor that fails until its restarts run out.
      new ListeningAddress(
              "the order executor's signals",
              ConfigKey.AFTM_SIGNAL_HOST,
              ConfigKey.ZMQ_SIGNAL_PORT,
              config.signalHost(),
              config.signalBindAddress())
          .bind(
              () -> {
                try (ServerSocket probe = new ServerSocket()) {
                  probe.bind(
                      new InetSocketAddress(
                          InetAddress.getByName(config.signalHost()), config.signalPort()),
                      1);
                }
                return null;
              });
      return config.signalBindAddress();
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(config.signalHost()), 0), 1);
      return ConfigHost.tcpEndpoint(config.signalHost(), probe.getLocalPort());
    } catch (IOException e) {
      throw new UnusableAddressException(
          "cannot find a free port for the order executor's signals on "
              + config.signalHost()
              + " (AFTM_SIGNAL_HOST): "
              + e.getMessage(),
          e);
    }
  }

  /** What a child gets on its stdin: its part of the link keys, never on its command line. */
  private ChildLinkKeys childKeys(ChildRole role) {
    if (config.linkSecurity() == LinkSecurityMode.NONE) {
      if (role != ChildRole.ORDER_EXECUTOR) {
        return ChildLinkKeys.none();
      }
      byte[] secret = linkKeys.orderIdSecret();
      try {
        return ChildLinkKeys.none(secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    return role == ChildRole.ORDER_EXECUTOR
        ? ChildLinkKeys.forOrderExecutor(linkKeys)
        : ChildLinkKeys.forStrategy(linkKeys);
  }

  /**
   * The per-install secret of the order-id proofs ({@code <data>/keys/order-id.secret}); a copy,
   * which the caller should wipe once it has built its proof from it.
   */
  private byte[] orderIdSecret() {
    return linkKeys.orderIdSecret();
  }

  private List<String> childArguments(ChildRole role, List<String> specific) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "child",
                role.id(),
                "--parent-pid",
                Long.toString(ProcessHandle.current().pid()),
                "--telemetry",
                telemetry.endpoint()));
    arguments.addAll(specific);
    config
        .toFlags()
        .forEach(
            (key, value) -> {
              arguments.add("-c");
              arguments.add(key + "=" + value);
            });
    return arguments;
  }

  private String awaitFact(ChildRole role, String fact) {
    try {
      Optional<String> value =
          telemetry.awaitFact(
              role,
              fact,
              // The process running now: a stopped one's last report must not count.
              () -> supervisor.status().get(role).pid(),
              CHILD_START_TIMEOUT,
              () -> supervisor.status().get(role).gaveUp());
      if (value.isPresent()) {
        return value.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException(
        role.id()
            + " did not report "
            + fact
            + " within "
            + CHILD_START_TIMEOUT
            + "; see "
            + config.logDir().resolve(role.id() + ".log"));
  }

  /**
   * The supervisor gave up on a child: it died more often than the restart budget allows. The rest
   * of the system must not trade on without it ("on paper"), so trading halts until the operator
   * resumes; {@code /health} is unhealthy meanwhile ({@link #childrenHealthy()} is false for a
   * child given up on).
   */
  private void onChildOverBudget(String why) {
    childOverBudget = why;
    LOG.error("Trading must stop: {}", why);
    tradingControl.trip(TradingState.HALTED, "child over its restart budget: " + why);
  }

  /** Both children running, ready, not given up on, and heard from within the last few seconds. */
  public boolean childrenHealthy() {
    if (supervisor == null || telemetry == null) {
      return false;
    }
    for (ChildRole role : ChildRole.values()) {
      if (!"ready".equals(childState(role))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A child's state for {@code /ready}: {@code ready}, {@code starting} (running, not ready yet),
   * {@code silent} (ready once, but no heartbeat for a while), {@code down} (not running, a restart
   * may follow), {@code given_up} (over its restart budget) or {@code not_started}.
   */
  public String childState(ChildRole role) {
    ProcessSupervisor.ChildStatus child = supervisor == null ? null : supervisor.status().get(role);
    if (child == null || telemetry == null) {
      return "not_started";
    }
    if (child.gaveUp()) {
      return "given_up";
    }
    if (!child.alive()) {
      return "down";
    }
    if (!child.ready()) {
      return "starting";
    }
    return heardRecently(role) ? "ready" : "silent";
  }

  /** Running and heartbeating ({@code aftm_process_up}). */
  private boolean childUp(ChildRole role) {
    ProcessSupervisor.ChildStatus child = supervisor == null ? null : supervisor.status().get(role);
    return child != null && child.alive() && telemetry != null && heardRecently(role);
  }

  private boolean heardRecently(ChildRole role) {
    return telemetry.silence(role).map(d -> d.compareTo(HEARTBEAT_TIMEOUT) < 0).orElse(false);
  }

  /** The order gateway serving, the broker connected and the storage healthy. */
  private boolean gatewayHealthy() {
    return gateway != null
        && gateway.isRunning()
        && exchange.isConnected()
        && storageHealth != null
        && storageHealth.healthy();
  }

  /** This process's own part of ready: logged in, the gateway healthy, the breaker closed. */
  private boolean mainReady() {
    return exchange.isLoggedIn() && gatewayHealthy() && "CLOSED".equals(breakerState.get());
  }

  /**
   * {@code GET /ready}: logged in, both children ready, the gateway healthy and the breaker closed;
   * each component named with its state.
   */
  public CheckReadinessUseCase.ReadinessReport checkReadiness() {
    Map<String, String> components = new LinkedHashMap<>();
    boolean loggedIn = exchange.isLoggedIn();
    components.put("broker_login", loggedIn ? "logged_in" : "logged_out");
    String strategy = childState(ChildRole.STRATEGY);
    String executor = childState(ChildRole.ORDER_EXECUTOR);
    components.put(ProcessLabel.of(ChildRole.STRATEGY), strategy);
    components.put(ProcessLabel.of(ChildRole.ORDER_EXECUTOR), executor);
    boolean gatewayHealthy = gatewayHealthy();
    components.put("gateway", gatewayHealthy ? "healthy" : "unhealthy");
    String breaker = breakerState.get();
    components.put("breaker", breaker.toLowerCase(java.util.Locale.ROOT));
    boolean ready =
        loggedIn
            && "ready".equals(strategy)
            && "ready".equals(executor)
            && gatewayHealthy
            && "CLOSED".equals(breaker);
    return new CheckReadinessUseCase.ReadinessReport(ready, components);
  }

  /** Whether pid is the role's running process now (for a report of a replaced pid). */
  private boolean isRunningChild(ChildRole role, long pid) {
    ProcessSupervisor sup = supervisor;
    if (sup == null) {
      return false;
    }
    ProcessSupervisor.ChildStatus status = sup.status().get(role);
    return status != null && status.alive() && status.pid() == pid;
  }

  /** All three processes' metrics, as {@code /metrics} serves them. */
  public PrometheusMetrics prometheusMetrics() {
    return prometheus;
  }

  /**
   * What the alert rules read, over this process's metrics; evaluate on one thread (see {@link
   * AlertSources}).
   */
  public AlertSources alertSources() {
    return new MetricsAlertSources(
        prometheus.meters(),
        component ->
            switch (component) {
              case GATEWAY -> ProcessLabel.MAIN;
              case STRATEGY -> ProcessLabel.of(ChildRole.STRATEGY);
              case EXECUTOR -> ProcessLabel.of(ChildRole.ORDER_EXECUTOR);
            },
        () -> OrderCounts.of(metrics),
        () ->
            childTotals.histogram(
                ChildRole.ORDER_EXECUTOR, HopLatencyPort.Hop.TICK_TO_ORDER.label()),
        System::nanoTime);
  }

  /** Everything the status page and status line show. */
  public Map<String, Object> statusSnapshot() {
    Map<String, Object> status = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    status.put("timestamp", Instant.ofEpochMilli(now).toString());
    status.put("timestamp_ms", now);
    status.put("order_account", orderAccount);
    status.put("item_code", itemCode);
    status.put("item_codes", List.copyOf(itemCodes));
    status.put("trading_started", tradingStage != null);
    status.put("ticks_published", ticksPublished());
    status.put("ticks_dropped", tickPublisher == null ? 0 : tickPublisher.droppedCount());
    status.put("orders_sent", metrics.sent());
    status.put("orders_refused", metrics.refused());
    status.put("orders_duplicate", metrics.duplicates());
    status.put("fills", fills());
    status.put("order_events_refused", lifecycle == null ? 0 : lifecycle.eventsRefused());
    status.put("working_orders", lifecycle == null ? 0 : lifecycle.workingCount());
    status.put("order_updates_dropped", orderUpdates == null ? 0 : orderUpdates.droppedCount());
    status.put("order_journal_failures", journal == null ? 0 : journal.failures());
    if (tradingControl != null) {
      TradingStatus trading = tradingControl.tradingStatus();
      status.put("trading_state", trading.state().wire());
      status.put("trading_reason", trading.reason());
    }
    if (dailyPnl != null) {
      status.put("daily_pnl_twd", Price.ofUnits(dailyPnl.lastUnits()).toBigDecimal());
    }
    if (storageHealth != null) {
      status.put("storage_healthy", storageHealth.healthy());
      status.put("storage_failures", storageHealth.failures());
    }
    status.put(
        "gateway_client_limit_refusals", gateway == null ? 0 : gateway.clientLimitRefusals());
    status.put("gateway_clients", gateway == null ? 0 : gateway.trackedClients());
    if (portfolio != null) {
      List<Map<String, Object>> positions = new ArrayList<>();
      long realizedTwd = 0;
      long unrealizedTwd = 0;
      for (Position p : portfolio.positions(orderAccount)) {
        realizedTwd += p.realizedPnl().units();
        unrealizedTwd += p.unrealizedPnl().units();
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("item_code", p.itemCode());
        position.put("quantity", p.quantity());
        position.put("working_quantity", portfolio.workingQuantity(orderAccount, p.itemCode()));
        position.put("average_price", p.averagePrice().toBigDecimal());
        position.put("last_price", p.lastPrice().toBigDecimal());
        position.put("realized_pnl_points", p.realizedPnlPoints().toBigDecimal());
        position.put("unrealized_pnl_points", p.unrealizedPnlPoints().toBigDecimal());
        position.put("realized_pnl_twd", p.realizedPnl().toBigDecimal());
        position.put("unrealized_pnl_twd", p.unrealizedPnl().toBigDecimal());
        positions.add(position);
      }
      status.put("positions", positions);
      // Per instrument above; the total in TWD only (points of different instruments never add).
      Map<String, Object> pnl = new LinkedHashMap<>();
      pnl.put("realized_twd", Price.plain(realizedTwd));
      pnl.put("unrealized_twd", Price.plain(unrealizedTwd));
      pnl.put("total_twd", Price.plain(realizedTwd + unrealizedTwd));
      status.put("pnl", pnl);
    }
    if (reconciliationAtStart != null) {
      List<Map<String, Object>> differences = new ArrayList<>();
      for (ReconcileUseCase.Difference d : reconciliationAtStart.differences()) {
        differences.add(
            Map.of(
                "kind", d.kind(), "subject", d.subject(), "broker", d.broker(), "aftm", d.aftm()));
      }
      status.put("reconciliation_at_start", differences);
    }
    tradingStatus()
        .ifPresent(
            trading -> {
              Map<String, Object> state = new LinkedHashMap<>();
              state.put("state", trading.state().wire());
              state.put("reason", trading.reason());
              state.put("automatic", trading.automatic());
              state.put("since_ms", trading.sinceMillis());
              status.put("trading", state);
            });
    status.put("breaker_state", breakerState.get());
    status.put("children_healthy", childrenHealthy());
    if (childOverBudget != null) {
      status.put("child_over_budget", childOverBudget);
    }
    if (telemetry != null) {
      for (ChildRole role : ChildRole.values()) {
        // Summed over the child's restarts: a new pid counts from 0 again.
        childTotals.report(role).ifPresent(report -> status.put(role.id(), report.counters()));
      }
    }
    if (supervisor != null) {
      supervisor
          .status()
          .forEach(
              (role, child) ->
                  status.put(
                      role.id() + "_process",
                      Map.of(
                          "pid",
                          child.pid(),
                          "alive",
                          child.alive(),
                          "ready",
                          child.ready(),
                          "restarts",
                          child.restarts())));
    }
    return status;
  }

  /** The trading state now; empty before the main process has started serving. */
  public Optional<TradingStatus> tradingStatus() {
    TradingControl control = tradingControl;
    return control == null ? Optional.empty() : Optional.of(control.tradingStatus());
  }

  /** Ticks the publisher sent to the strategy so far. */
  public long ticksPublished() {
    return tickPublisher == null ? 0 : tickPublisher.publishedCount();
  }

  /**
   * The first registered item's last trade price in {@link org.aftm.domain.model.Price} units, 0
   * before its first tick (each position's own last price is in {@link #positions()}).
   */
  public long lastPriceUnits() {
    return lastPriceUnits;
  }

  /**
   * Publishes a trade print to the strategy as the broker's ticks are published (numbered, stamped,
   * through the tick publisher), but without the broker: for {@code aftm bench throughput}, which
   * offers more ticks than the simulated market generates. Thread-safe, like the broker's feed.
   */
  public void publishTick(MarketTick tick) {
    marketData.onTick(tick);
  }

  /**
   * Publishes trade prints that arrived together, as a feed delivers a burst: numbered and stamped
   * like {@link #publishTick}, and a run of one instrument's prints travels as one batch frame. The
   * list is read during the call only. Thread-safe.
   */
  public void publishTicks(List<MarketTick> ticks) {
    marketData.onTicks(ticks);
  }

  /** Ticks the publisher could not send (a subscriber's queue full) so far. */
  public long ticksDropped() {
    return tickPublisher == null ? 0 : tickPublisher.droppedCount();
  }

  /** Reconciliation with the broker: {@code aftm reconcile} and its {@code --accept-broker}. */
  public ReconcileUseCase reconcile() {
    return reconciliation;
  }

  /** The operator's controls of the trading state: halt, reduce, resume, flatten. */
  public ControlTradingUseCase tradingControl() {
    return tradingControl;
  }

  public ExchangeApi exchange() {
    return exchange;
  }

  public SimExchangeApi simulatedBroker() {
    return sim;
  }

  public OrderFlowMetrics metrics() {
    return metrics;
  }

  public Portfolio portfolio() {
    return portfolio;
  }

  /**
   * The trade blotter and daily report over this process's database (the recorded fills), for the
   * console's trades view: see {@code org.aftm.app.cli.TradesView}. It reads on the main
   * connection, on the caller's thread: a few milliseconds per thousand fills, which the gateway's
   * reads of answers wait out; {@link TradeDesk} reads on a connection of its own.
   */
  public TradeHistoryUseCase tradeHistory() {
    return TradeDesk.history(config, store);
  }

  public OrderLifecycle orderLifecycle() {
    return lifecycle;
  }

  public String orderEventEndpoint() {
    return orderUpdates.endpoint();
  }

  /**
   * What a new condition is checked against: the broker's contracts as it lists them now, or the
   * configured simulator's listing (the FIX adapter's fallback) when it lists none or cannot
   * answer.
   */
  private ConditionRules conditionRules() {
    List<Contract> listed;
    try {
      // Before the broker is set up (the first stage of the console) the configured list applies.
      listed = exchange == null ? List.of() : exchange.contracts();
    } catch (RuntimeException e) {
      LOG.warn(
          "The broker did not list its contracts ({}); checking conditions against the configured list",
          e.getMessage());
      listed = List.of();
    }
    return new ConditionRules(
        listed.isEmpty() ? SimulatedBrokers.contracts(config) : listed, config.maxOrderQuantity());
  }

  public ConditionCatalogService conditions() {
    return conditions;
  }

  /**
   * The order path every order takes (pre-trade checks, audit, broker, lifecycle): for the
   * operator's manual orders. Null before serving.
   */
  public PlaceOrderUseCase orders() {
    return placeOrder;
  }

  public String orderAccount() {
    return orderAccount;
  }

  /** The first registered instrument (see {@link #itemCodes()}), or null before any. */
  public String itemCode() {
    return itemCode;
  }

  public String gatewayEndpoint() {
    return gateway.endpoint();
  }

  public String tickEndpoint() {
    return tickEndpoint;
  }

  public Optional<Integer> httpPort() {
    return http == null ? Optional.empty() : Optional.of(http.port());
  }

  /** The status page's address for the operator, e.g. {@code http://[::1]:5558/status}. */
  public Optional<String> statusPageUrl() {
    return httpPort()
        .map(port -> "http://" + ConfigHost.urlHost(config.httpHost()) + ":" + port + "/status");
  }

  /** The role's latest heartbeat: its current pid's counters, which start at 0 with each pid. */
  public Optional<ChildReport> childReport(ChildRole role) {
    return telemetry.latest(role);
  }

  /**
   * The role's latest heartbeat with its counters and histograms summed over all its pids: what the
   * operator sees (status line, {@code /status}, {@code /metrics}), since a restarted child counts
   * from 0 again.
   */
  public Optional<ChildReport> childTotals(ChildRole role) {
    return childTotals.report(role);
  }

  public ProcessSupervisor supervisor() {
    return supervisor;
  }

  public long fills() {
    return lifecycle == null ? 0 : lifecycle.fillsApplied();
  }

  /**
   * The portfolio's positions of the order account (built from fills, not asked of the broker);
   * empty before serving.
   */
  public List<Position> positions() {
    Portfolio held = portfolio;
    return held == null || !serving ? List.of() : held.positions(orderAccount);
  }

  /**
   * Stops everything in reverse start order; each step's failure is logged and the rest still run.
   */
  @Override
  public void close() {
    closing = true;
    closeOrder.close();
  }

  /** The broker refused the login, the order account or the item. */
  public static final class LoginRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoginRefusedException(String message) {
      super(message);
    }
  }
}
