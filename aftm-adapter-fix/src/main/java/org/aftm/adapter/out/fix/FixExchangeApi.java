package org.aftm.adapter.out.fix;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.DoNotSend;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.LogFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;

/**
 * The broker over FIX ({@code EXCHANGE_MODE=fix}): a QuickFIX/J initiator speaking the AFTM FIX
 * conventions (docs/architecture.md §5.2) to a venue.
 *
 * <p><b>Session.</b> {@link #login} starts the initiator and waits for the venue's Logon; the Logon
 * carries Username (553) and Password (554). The password is kept in memory while the session is
 * meant to be up, since every reconnect logs on again, and cleared by {@link #logout}, {@link
 * #close} or a refused login. Messages and sequence numbers persist in a QuickFIX/J file store (no
 * reset on logon), so a restart resumes the session; a dropped connection is retried with the
 * back-off of {@link FixSettings#reconnectSeconds()}. Tag 554 is masked in every log and in the
 * store ({@link MaskingLogFactory}, {@link MaskingStoreFactory}).
 *
 * <p><b>Orders.</b> {@link #placeOrder} sends a NewOrderSingle and answers {@code submitted} at
 * once; each ExecutionReport becomes one {@link OrderEvent}. A report whose ExecID was already
 * applied (a PossDup resend, a venue repeating itself) is dropped. An order the session would only
 * send as a resend (it was queued while the connection dropped) is not resent: a stale order must
 * not reach the market late; it is reported {@code Rejected} instead.
 *
 * <p><b>Threads.</b> QuickFIX/J's threads (its message processor, socket and timer threads) call
 * the session callbacks; they parse and hand every listener call to one thread, {@value
 * #EVENT_THREAD_NAME}, which delivers in arrival order and owns the set of applied ExecIDs. Queries
 * block their caller until the answer or {@link FixSettings#requestTimeout()}, never longer.
 */
public final class FixExchangeApi implements ExchangeApi, AutoCloseable {

  /** The thread that delivers every listener call. */
  public static final String EVENT_THREAD_NAME = "fix-events";

  private static final Logger LOG = LoggerFactory.getLogger(FixExchangeApi.class);

  private static final ExchangeListener[] NO_LISTENERS = {};

  /** ExecIDs remembered for duplicates; resends come within a session, far fewer than this. */
  static final int MAX_EXEC_IDS_KEPT = 100_000;

  /** Orders remembered for cancels and status requests, oldest forgotten first. */
  static final int MAX_ORDERS_KEPT = 100_000;

  private static final long CLOSE_WAIT_MILLIS = 2_000;

  private final FixSettings settings;
  private final SessionID sessionId;
  private final LogFactory logs;
  private final Clock clock;
  private final ThreadPoolExecutor events;
  private final AtomicLong requestNumbers = new AtomicLong();

  private final Object lock = new Object();
  private SocketInitiator initiator; // guarded by lock
  private char[] password; // guarded by lock; for the Logon of each (re)connect
  private String account; // guarded by lock

  private volatile boolean loggedIn;
  private volatile boolean sessionUp;

  /** Set while AFTM itself logs out, so the venue's answering Logout is no news. */
  private volatile boolean loggingOut;

  private volatile CompletableFuture<LoginResult> pendingLogin;

  /** The session's last connection error while a login waits, for the refusal's text. */
  private volatile String connectError;

  private volatile ExchangeListener[] listeners = NO_LISTENERS;
  private volatile List<Contract> contracts = List.of();

  /** Set once the venue answered that it has no SecurityList, so it is not asked again. */
  private volatile boolean venueListsNoContracts;

  /** Orders placed, by ClOrdID, for cancels and status requests. Guarded by itself. */
  private final Map<String, OrderRequest> placed =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderRequest> eldest) {
          return size() > MAX_ORDERS_KEPT;
        }
      };

  /** ExecIDs applied; owned by the event thread. */
  private final Map<String, Boolean> appliedExecIds =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_EXEC_IDS_KEPT;
        }
      };

  /**
   * Orders sent and not yet answered by any execution report, with the nano time they were sent: a
   * venue that leaves one unanswered past the request timeout is failing.
   */
  private final Map<String, Long> awaitingAnswer = new ConcurrentHashMap<>();

  private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

  /** Orders sending a subscription against the logon's re-sending of them all. */
  private final Object subscriptionLock = new Object();

  private final FixReports.QuoteBook quoteBook = new FixReports.QuoteBook(); // QFJ thread only
  private final List<MarketTick> tradeBatch = new ArrayList<>(); // QFJ thread only

  private final Map<String, CompletableFuture<Optional<OrderUpdate>>> statusRequests =
      new ConcurrentHashMap<>();
  private final Map<String, Collected<OrderUpdate>> massStatusRequests = new ConcurrentHashMap<>();
  private final Map<String, Collected<Position>> positionRequests = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<List<Contract>>> securityRequests =
      new ConcurrentHashMap<>();

  /** A venue that answers a request with BusinessMessageReject: it does not support it. */
  private static final class UnsupportedByVenue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedByVenue(String message) {
      super(message, null, false, false);
    }
  }

  /** Reports collected for one request until the last one arrives. */
  private static final class Collected<T> {
    final List<T> items = new ArrayList<>();
    final CompletableFuture<List<T>> done = new CompletableFuture<>();
    int expected = -1;
  }

  /** The adapter with QuickFIX/J's session logs going to SLF4J, masked. */
  public FixExchangeApi(FixSettings settings) {
    this(settings, null, Clock.systemUTC());
  }

  /**
   * @param logs where QuickFIX/J's session logs go (masked on the way), or {@code null} for SLF4J
   */
  public FixExchangeApi(FixSettings settings, LogFactory logs, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.logs = logs;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sessionId =
        new SessionID(
            settings.version().beginString(), settings.senderCompId(), settings.targetCompId());
    this.events =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, EVENT_THREAD_NAME);
              thread.setDaemon(true);
              return thread;
            });
    this.contracts = settings.fallbackContracts();
  }

  // ---- session

  @Override
  public LoginResult login(String loginAccount, char[] loginPassword) {
    Objects.requireNonNull(loginAccount, "account");
    Objects.requireNonNull(loginPassword, "password");
    CompletableFuture<LoginResult> answer = new CompletableFuture<>();
    synchronized (lock) {
      if (initiator != null) {
        if (loggedIn) {
          return LoginResult.ok("already logged in to the FIX venue as " + account);
        }
        stopInitiator(true);
      }
      account = loginAccount;
      password = loginPassword.clone();
      connectError = null;
      pendingLogin = answer;
      try {
        initiator = newInitiator();
        initiator.start();
      } catch (ConfigError | IOException | RuntimeException e) {
        pendingLogin = null;
        clearPassword();
        initiator = null;
        throw new ExchangeException("cannot start the FIX session: " + e.getMessage(), e);
      }
    }
    LoginResult result;
    try {
      result = answer.get(settings.logonTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result =
          LoginResult.refused(
              "no FIX Logon from "
                  + settings.host()
                  + ":"
                  + settings.port()
                  + " ("
                  + sessionId
                  + ") within "
                  + settings.logonTimeout().toMillis()
                  + " ms"
                  + connectHint());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = LoginResult.refused("interrupted while waiting for the FIX Logon");
    } catch (ExecutionException e) {
      result = LoginResult.refused("FIX logon failed: " + e.getCause().getMessage());
    }
    pendingLogin = null;
    if (result.success()) {
      loggedIn = true;
      LOG.info("Logged on to the FIX venue as {}: {}", loginAccount, sessionId);
    } else {
      LOG.warn("FIX login of account {} refused: {}", loginAccount, result.message());
      synchronized (lock) {
        stopInitiator(true);
        clearPassword();
      }
    }
    return result;
  }

  private SocketInitiator newInitiator() throws ConfigError, IOException {
    Path store = settings.storeDirectory();
    createOwnerOnly(store);
    SessionSettings session = new SessionSettings();
    session.setString(sessionId, "ConnectionType", "initiator");
    session.setString(sessionId, "SocketConnectHost", settings.host());
    session.setLong(sessionId, "SocketConnectPort", settings.port());
    session.setLong(sessionId, "HeartBtInt", settings.heartbeatSeconds());
    session.setString(
        sessionId,
        "ReconnectInterval",
        settings.reconnectSeconds().stream().map(String::valueOf).collect(Collectors.joining(";")));
    session.setString(sessionId, "NonStopSession", "Y");
    session.setString(sessionId, "ResetOnLogon", "N");
    session.setString(sessionId, "ResetOnLogout", "N");
    session.setString(sessionId, "ResetOnDisconnect", "N");
    session.setString(sessionId, "PersistMessages", "Y");
    session.setString(sessionId, "FileStorePath", store.toString());
    // Written at each message without fsync: survives a kill -9 of the process (the page cache
    // keeps it), not a power loss; the venue's resend covers the rest.
    session.setString(sessionId, "FileStoreSync", "N");
    session.setString(sessionId, "UseDataDictionary", "Y");
    session.setString(sessionId, "AllowUnknownMsgFields", "Y");
    session.setString(sessionId, "ValidateUserDefinedFields", "N");
    session.setLong(sessionId, "LogonTimeout", Math.max(1, settings.logonTimeout().toSeconds()));
    if (settings.tls()) {
      session.setString(sessionId, "SocketUseSSL", "Y");
      Path trustStore = settings.trustStore();
      String trustPassword = settings.trustStorePassword();
      if (trustStore == null) {
        // Without a trust store QuickFIX/J trusts any certificate: use the JVM's instead.
        trustStore = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        trustPassword = "changeit";
      }
      session.setString(sessionId, "SocketTrustStore", trustStore.toString());
      session.setString(sessionId, "SocketTrustStorePassword", trustPassword);
      session.setString(sessionId, "EndpointIdentificationAlgorithm", "HTTPS");
    }
    LogFactory sessionLogs = logs != null ? logs : new SLF4JLogFactory(session);
    return new SocketInitiator(
        new SessionCallbacks(),
        new MaskingStoreFactory(new FileStoreFactory(session)),
        session,
        new MaskingLogFactory(noticingErrors(sessionLogs)),
        new DefaultMessageFactory());
  }

  /**
   * Why no Logon came, when the socket says: nothing listening is the newcomer's usual case (the
   * venue not started, or another port).
   */
  private String connectHint() {
    String error = connectError;
    if (error == null) {
      return "";
    }
    if (error.contains("Connection refused")) {
      return ": nothing accepts connections there (connection refused); is the FIX venue running"
          + " and listening on that port?";
    }
    return ": " + error;
  }

  /** QuickFIX/J's session log, remembering the last error event for {@link #connectHint}. */
  private LogFactory noticingErrors(LogFactory delegate) {
    return id -> {
      quickfix.Log log = delegate.create(id);
      return new quickfix.Log() {
        @Override
        public void clear() {
          log.clear();
        }

        @Override
        public void onIncoming(String message) {
          log.onIncoming(message);
        }

        @Override
        public void onOutgoing(String message) {
          log.onOutgoing(message);
        }

        @Override
        public void onEvent(String text) {
          log.onEvent(text);
        }

        @Override
        public void onErrorEvent(String text) {
          if (pendingLogin != null) {
            connectError = text;
          }
          log.onErrorEvent(text);
        }

        @Override
        public void onWarnEvent(String text) {
          log.onWarnEvent(text);
        }
      };
    };
  }

  private static void createOwnerOnly(Path directory) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.createDirectories(directory);
    }
  }

  /** Guarded by the lock. */
  private void stopInitiator(boolean force) {
    if (initiator != null) {
      initiator.stop(force);
      initiator = null;
    }
  }

  /** Guarded by the lock. */
  private void clearPassword() {
    if (password != null) {
      Arrays.fill(password, '\0');
      password = null;
    }
  }

  /** Sends Logout, waits briefly for the venue's, and stops reconnecting. */
  @Override
  public void logout() {
    boolean wasLoggedIn = loggedIn;
    loggedIn = false;
    synchronized (lock) {
      loggingOut = true;
      try {
        stopInitiator(false);
      } finally {
        loggingOut = false;
      }
      clearPassword();
    }
    if (wasLoggedIn) {
      LOG.info("Logged out of the FIX venue {}", sessionId);
    }
  }

  /** Whether the FIX session is logged on now (false while it reconnects). */
  @Override
  public boolean isConnected() {
    return sessionUp;
  }

  /** Whether a login succeeded, was not logged out, and the session is up now. */
  @Override
  public boolean isLoggedIn() {
    return loggedIn && sessionUp;
  }

  /** The venue's SecurityList, asked once; the configured list when the venue has none. */
  @Override
  public List<Contract> contracts() {
    List<Contract> known = contracts;
    if ((!known.isEmpty() && known != settings.fallbackContracts()) || venueListsNoContracts) {
      return known;
    }
    if (!sessionUp) {
      return known;
    }
    String requestId = requestId("sec");
    CompletableFuture<List<Contract>> answer = new CompletableFuture<>();
    securityRequests.put(requestId, answer);
    try {
      send(FixRequests.securityListRequest(requestId), "SecurityListRequest");
      List<Contract> listed = await(answer, "the SecurityListRequest");
      if (!listed.isEmpty()) {
        contracts = listed;
        return listed;
      }
      LOG.info("The FIX venue lists no securities; using the configured contract list");
      venueListsNoContracts = true;
    } catch (UnsupportedByVenue e) {
      venueListsNoContracts = true;
      LOG.info(
          "No contract list from the FIX venue ({}); using the configured list of {} contracts",
          e.getMessage(),
          settings.fallbackContracts().size());
    } catch (ExchangeException e) {
      LOG.info(
          "No contract list from the FIX venue ({}); using the configured list of {} contracts",
          e.getMessage(),
          settings.fallbackContracts().size());
    } finally {
      securityRequests.remove(requestId);
    }
    return settings.fallbackContracts();
  }

  /** {@code AFTM_FIX_ACCOUNT} when configured, else the logon account; empty before a login. */
  @Override
  public List<String> orderAccounts() {
    if (!settings.account().isEmpty()) {
      return List.of(settings.account());
    }
    synchronized (lock) {
      return loggedIn && account != null ? List.of(account) : List.of();
    }
  }

  /** Subscribes now if the session is up, and again after every reconnect. */
  @Override
  public void subscribeQuotes(String itemCode) {
    Objects.requireNonNull(itemCode, "itemCode");
    // Under the lock the logon's re-subscription takes, so a subscription made while the session
    // comes up is sent once, by one of the two.
    synchronized (subscriptionLock) {
      if (subscribed.add(itemCode) && sessionUp) {
        sendQuietly(FixRequests.marketDataRequest(mdRequestId(itemCode), itemCode, true));
      }
    }
    LOG.info("Subscribed to FIX market data of {}", itemCode);
  }

  @Override
  public void unsubscribeQuotes(String itemCode) {
    synchronized (subscriptionLock) {
      if (subscribed.remove(itemCode) && sessionUp) {
        sendQuietly(FixRequests.marketDataRequest(mdRequestId(itemCode), itemCode, false));
      }
    }
  }

  private static String mdRequestId(String itemCode) {
    return "md-" + itemCode;
  }

  @Override
  public void addListener(ExchangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      ExchangeListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
      next[next.length - 1] = listener;
      listeners = next;
    }
  }

  @Override
  public void removeListener(ExchangeListener listener) {
    synchronized (lock) {
      List<ExchangeListener> next = new ArrayList<>(Arrays.asList(listeners));
      if (next.remove(listener)) {
        listeners = next.toArray(NO_LISTENERS);
      }
    }
  }

  // ---- orders

  /**
   * Sends a NewOrderSingle and answers {@code submitted} at once; refuses without sending when no
   * session is up or the order has no client order id.
   */
  @Override
  public OrderResult placeOrder(OrderRequest request) {
    String id = request.clientOrderId();
    if (id == null) {
      return OrderResult.rejected(
          request.note(),
          ErrorCode.INVALID_ORDER.wire(),
          "a FIX order needs a client order id (ClOrdID)",
          null);
    }
    if (!isLoggedIn()) {
      return OrderResult.rejected(
          request.note(),
          ErrorCode.NOT_LOGGED_IN.wire(),
          "the FIX session to " + settings.host() + ":" + settings.port() + " is not logged on",
          id);
    }
    long now = System.nanoTime();
    long deadline = settings.requestTimeout().toNanos();
    for (Map.Entry<String, Long> waiting : awaitingAnswer.entrySet()) {
      if (now - waiting.getValue() > deadline) {
        // A failure, not a refusal: the gateway's breaker counts it and opens on a silent venue.
        throw new ExchangeException(
            "the FIX venue has not answered order "
                + waiting.getKey()
                + " for "
                + (now - waiting.getValue()) / 1_000_000
                + " ms");
      }
    }
    synchronized (placed) {
      placed.put(id, request);
    }
    awaitingAnswer.put(id, now);
    Session session = Session.lookupSession(sessionId);
    boolean sent =
        session != null
            && session.send(
                FixRequests.newOrderSingle(request, request.orderAccount(), clock.millis()));
    if (!sent) {
      // Queued at most for a resend, which toApp refuses: the venue never sees it.
      synchronized (placed) {
        placed.remove(id);
      }
      awaitingAnswer.remove(id);
      return OrderResult.rejected(
          request.note(),
          ErrorCode.ORDER_EXECUTION_ERROR.wire(),
          "the FIX session dropped before the order was sent",
          id);
    }
    return OrderResult.accepted(request.note(), "", id, OrderState.SUBMITTED, 0);
  }

  /**
   * Sends an OrderCancelRequest for an order placed through this adapter; the outcome comes as a
   * {@code Cancelled} event, or nothing when the venue refuses (logged).
   *
   * @return whether the request went out: false for an order this adapter does not know or without
   *     a session
   */
  @Override
  public boolean cancelOrder(String clientOrderId) {
    OrderRequest original;
    synchronized (placed) {
      original = placed.get(clientOrderId);
    }
    if (original == null || !isLoggedIn()) {
      return false;
    }
    String cancelId = "cxl-" + requestNumbers.incrementAndGet() + "-" + clientOrderId;
    if (cancelId.length() > OrderRequest.MAX_TEXT_LENGTH) {
      cancelId = cancelId.substring(0, OrderRequest.MAX_TEXT_LENGTH);
    }
    Session session = Session.lookupSession(sessionId);
    return session != null
        && session.send(
            FixRequests.orderCancelRequest(
                original, cancelId, original.orderAccount(), clock.millis()));
  }

  /** OrderStatusRequest by ClOrdID; empty when the venue does not know the order. */
  @Override
  public Optional<OrderUpdate> orderState(String clientOrderId) {
    if (clientOrderId == null) {
      return Optional.empty();
    }
    requireSession("an order status");
    OrderRequest request;
    synchronized (placed) {
      request = placed.get(clientOrderId);
    }
    CompletableFuture<Optional<OrderUpdate>> answer = new CompletableFuture<>();
    statusRequests.put(clientOrderId, answer);
    try {
      send(
          FixRequests.orderStatusRequest(
              clientOrderId,
              request == null ? null : request.itemCode(),
              request == null ? null : request.side()),
          "OrderStatusRequest");
      return await(answer, "the OrderStatusRequest for " + clientOrderId);
    } catch (UnsupportedByVenue e) {
      throw new ExchangeException("the FIX venue does not answer order status requests", e);
    } finally {
      statusRequests.remove(clientOrderId, answer);
    }
  }

  /** OrderMassStatusRequest for the account's orders, as the venue reports them working. */
  @Override
  public List<OrderUpdate> workingOrders(String forAccount) {
    requireSession("working orders");
    String requestId = requestId("ms");
    Collected<OrderUpdate> answer = new Collected<>();
    massStatusRequests.put(requestId, answer);
    try {
      send(FixRequests.orderMassStatusRequest(requestId, forAccount), "OrderMassStatusRequest");
      return await(answer.done, "the OrderMassStatusRequest");
    } catch (UnsupportedByVenue e) {
      throw new ExchangeException("the FIX venue does not answer mass status requests", e);
    } finally {
      massStatusRequests.remove(requestId);
    }
  }

  /**
   * RequestForPositions; when the venue does not support it (BusinessMessageReject, or a request
   * result other than valid or none), the fallback of {@link FixSettings#fallbackPositions()}.
   */
  @Override
  public List<Position> positions(String forAccount) {
    requireSession("positions");
    String requestId = requestId("pos");
    Collected<Position> answer = new Collected<>();
    positionRequests.put(requestId, answer);
    try {
      send(FixRequests.requestForPositions(requestId, forAccount, clock.millis()), "positions");
      return await(answer.done, "the RequestForPositions");
    } catch (UnsupportedByVenue e) {
      LOG.info(
          "The FIX venue does not report positions ({}): positions of {} from AFTM's own fills",
          e.getMessage(),
          forAccount);
      return settings.fallbackPositions().apply(forAccount);
    } finally {
      positionRequests.remove(requestId);
    }
  }

  private void requireSession(String what) {
    if (!sessionUp) {
      throw new ExchangeException(
          "cannot ask the FIX venue for " + what + ": the session is not logged on");
    }
  }

  private void send(Message message, String what) {
    Session session = Session.lookupSession(sessionId);
    if (session == null || !session.send(message)) {
      throw new ExchangeException("could not send the " + what + ": the FIX session is down");
    }
  }

  private void sendQuietly(Message message) {
    Session session = Session.lookupSession(sessionId);
    if (session != null) {
      session.send(message);
    }
  }

  private <T> T await(CompletableFuture<T> answer, String what) {
    long millis = settings.requestTimeout().toMillis();
    try {
      return answer.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ExchangeException(
          "the FIX venue did not answer " + what + " within " + millis + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExchangeException("interrupted while waiting for " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ExchangeException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  private String requestId(String kind) {
    return "aftm-" + kind + "-" + clock.millis() + "-" + requestNumbers.incrementAndGet();
  }

  /** Logs out, stops the event thread and drops the listeners' queue. Idempotent. */
  @Override
  public void close() {
    logout();
    events.shutdown();
    try {
      if (!events.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.warn("The {} thread did not stop in time", EVENT_THREAD_NAME);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- delivery (the event thread)

  private void deliver(Runnable call) {
    try {
      events.execute(call);
    } catch (RejectedExecutionException closed) {
      LOG.debug("FIX adapter closed: an event was not delivered");
    }
  }

  /** On the event thread: applies a report's event once per ExecID. */
  private void deliverOrderEvent(String execId, boolean possibleDuplicate, OrderEvent event) {
    if (execId != null && appliedExecIds.putIfAbsent(execId, Boolean.TRUE) != null) {
      LOG.info(
          "FIX execution report {} for order {} already applied{}: ignored",
          execId,
          event.clientOrderId(),
          possibleDuplicate ? " (a resend)" : "");
      return;
    }
    for (ExchangeListener listener : listeners) {
      try {
        listener.onOrderEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Listener {} failed on {}", listener, event, e);
      }
    }
  }

  private void notifyConnection(boolean up) {
    deliver(
        () -> {
          for (ExchangeListener listener : listeners) {
            try {
              listener.onConnectionChanged(up);
            } catch (RuntimeException e) {
              LOG.warn("Listener {} failed on a connection change", listener, e);
            }
          }
        });
  }

  // ---- QuickFIX/J callbacks (its threads)

  /** The session callbacks: parse, route answers to waiting requests, hand events on. */
  private final class SessionCallbacks implements Application {

    @Override
    public void onCreate(SessionID id) {
      LOG.debug("FIX session {} created", id);
    }

    @Override
    public void onLogon(SessionID id) {
      synchronized (subscriptionLock) {
        sessionUp = true;
        for (String itemCode : subscribed) {
          sendQuietly(FixRequests.marketDataRequest(mdRequestId(itemCode), itemCode, true));
        }
      }
      CompletableFuture<LoginResult> login = pendingLogin;
      if (login != null) {
        login.complete(LoginResult.ok("logged on to the FIX venue " + id));
      } else {
        LOG.info("FIX session {} logged on again", id);
      }
      notifyConnection(true);
    }

    @Override
    public void onLogout(SessionID id) {
      boolean wasUp = sessionUp;
      sessionUp = false;
      ExchangeException down = new ExchangeException("the FIX session went down");
      statusRequests.values().forEach(f -> f.completeExceptionally(down));
      massStatusRequests.values().forEach(c -> c.done.completeExceptionally(down));
      positionRequests.values().forEach(c -> c.done.completeExceptionally(down));
      securityRequests.values().forEach(f -> f.completeExceptionally(down));
      // Orders still unanswered are resolved by the resend after the reconnect.
      awaitingAnswer.clear();
      if (wasUp && loggingOut) {
        notifyConnection(false);
      } else if (wasUp) {
        LOG.warn(
            "FIX session {} is down; reconnecting with back-off {} s",
            id,
            settings.reconnectSeconds());
        notifyConnection(false);
      }
    }

    /**
     * The venue's Logout text, with what to do about a numbering the venue is ahead of: the store
     * of this data directory is not the one the venue's session went on with.
     */
    private String logonRefusal(String text) {
      String refusal =
          "the FIX venue "
              + settings.host()
              + ":"
              + settings.port()
              + " refused the logon: "
              + text;
      if (text.startsWith("MsgSeqNum too low")) {
        refusal +=
            "; the venue numbers this session further than the FIX store "
                + settings.storeDirectory()
                + " does (a new or other data directory?): use the data directory that traded"
                + " with this venue, or start the session afresh on both sides (for aftm"
                + " fix-venue: stop it and delete its fix-venue/store)";
      }
      return refusal;
    }

    @Override
    public void toAdmin(Message message, SessionID id) {
      if (isType(message, "A")) {
        synchronized (lock) {
          if (account != null) {
            message.setString(553, account);
          }
          if (password != null) {
            // The String is unavoidable in QuickFIX/J; it lives until the message is collected.
            message.setString(554, new String(password));
          }
        }
      }
    }

    @Override
    public void fromAdmin(Message message, SessionID id) {
      if (isType(message, "5")) {
        String text = FixReports.optional(message, 58, "logged out by the venue");
        CompletableFuture<LoginResult> login = pendingLogin;
        if (login != null && !sessionUp) {
          login.complete(LoginResult.refused(logonRefusal(text)));
        } else if (!loggingOut) {
          LOG.warn("The FIX venue logged out: {}", text);
        }
      } else if (isType(message, "3")) {
        LOG.warn(
            "The FIX venue rejected message {}: {}",
            FixReports.optional(message, 45, "?"),
            FixReports.optional(message, 58, ""));
      }
    }

    @Override
    public void toApp(Message message, SessionID id) throws DoNotSend {
      if (isType(message, "D") && isResend(message)) {
        String clientOrderId = FixReports.optional(message, 11, "");
        OrderRequest request;
        synchronized (placed) {
          request = placed.remove(clientOrderId);
        }
        awaitingAnswer.remove(clientOrderId);
        LOG.warn(
            "Order {} was queued while the FIX session dropped: not resent late", clientOrderId);
        if (request != null) {
          OrderEvent.Rejected rejected =
              new OrderEvent.Rejected(
                  clientOrderId,
                  ErrorCode.ORDER_EXECUTION_ERROR.wire(),
                  "the FIX session dropped before the order reached the venue; not resent late",
                  clock.millis());
          deliver(() -> deliverOrderEvent(null, false, rejected));
        }
        throw new DoNotSend();
      }
      if (isType(message, "F") && isResend(message)) {
        throw new DoNotSend();
      }
    }

    @Override
    public void fromApp(Message message, SessionID id) throws FieldNotFound {
      String type = message.getHeader().getString(35);
      try {
        switch (type) {
          case "8" -> executionReport(message);
          case "9" ->
              LOG.warn(
                  "The FIX venue refused to cancel order {}: {}",
                  FixReports.optional(message, 41, "?"),
                  FixReports.optional(message, 58, ""));
          case "AO" -> positionsAck(message);
          case "AP" -> positionReport(message);
          case "y" -> securityList(message);
          case "W" -> marketData(message, message.getString(55));
          case "X" -> marketData(message, null);
          case "Y" ->
              LOG.warn(
                  "The FIX venue refused market data request {}: {}",
                  FixReports.optional(message, 262, "?"),
                  FixReports.optional(message, 58, ""));
          case "j" -> businessReject(message);
          default -> LOG.info("Ignored FIX message of type {}", type);
        }
      } catch (IllegalArgumentException | ArithmeticException e) {
        // A value AFTM cannot take exactly (a price with five decimals, a fractional lot).
        LOG.error("Unusable FIX message of type {} ignored: {}", type, e.getMessage());
      }
    }
  }

  private static boolean isType(Message message, String type) {
    return type.equals(FixReports.optional(message.getHeader(), 35, ""));
  }

  private static boolean isResend(Message message) {
    return "Y".equals(FixReports.optional(message.getHeader(), 43, "N"))
        || "Y".equals(FixReports.optional(message.getHeader(), 97, "N"));
  }

  private void executionReport(Message report) throws FieldNotFound {
    awaitingAnswer.remove(FixReports.optional(report, 11, ""));
    if (FixReports.isStatus(report)) {
      statusReport(report);
      return;
    }
    OrderEvent event = FixReports.event(report, clock.millis());
    if (event == null) {
      LOG.debug("FIX execution report without a lifecycle event: {}", report);
      return;
    }
    if (event instanceof OrderEvent.Cancelled cancelled && report.isSetField(41)) {
      // A cancel's report names the cancel request in ClOrdID and the order in OrigClOrdID.
      event =
          new OrderEvent.Cancelled(
              report.getString(41),
              cancelled.orderSerial(),
              cancelled.reason(),
              cancelled.timeMillis());
    }
    String execId = FixReports.optional(report, 17, null);
    boolean resend = isResend(report);
    OrderEvent applied = event;
    deliver(() -> deliverOrderEvent(execId, resend, applied));
  }

  private void statusReport(Message report) throws FieldNotFound {
    String massId = FixReports.optional(report, 584, null);
    if (massId != null) {
      Collected<OrderUpdate> collected = massStatusRequests.get(massId);
      if (collected == null) {
        return;
      }
      boolean none = report.isSetField(911) && report.getInt(911) == 0;
      if (!none) {
        OrderUpdate update = FixReports.orderUpdate(report);
        if (update != null) {
          collected.items.add(update);
        }
      }
      if (none || "Y".equals(FixReports.optional(report, 912, "N"))) {
        collected.done.complete(List.copyOf(collected.items));
      }
      return;
    }
    CompletableFuture<Optional<OrderUpdate>> waiting = statusRequests.get(report.getString(11));
    if (waiting != null) {
      waiting.complete(Optional.ofNullable(FixReports.orderUpdate(report)));
    }
  }

  private void positionsAck(Message ack) throws FieldNotFound {
    Collected<Position> collected = positionRequests.get(ack.getString(710));
    if (collected == null) {
      return;
    }
    int result = ack.getInt(728);
    if (result == 2) { // no positions found
      collected.done.complete(List.of());
    } else if (result != 0) {
      collected.done.completeExceptionally(
          new UnsupportedByVenue(
              "PosReqResult " + result + " " + FixReports.optional(ack, 58, "")));
    } else {
      collected.expected = ack.isSetField(727) ? ack.getInt(727) : 0;
      if (collected.items.size() >= collected.expected) {
        collected.done.complete(List.copyOf(collected.items));
      }
    }
  }

  private void positionReport(Message report) throws FieldNotFound {
    Collected<Position> collected = positionRequests.get(FixReports.optional(report, 710, ""));
    if (collected == null) {
      return;
    }
    collected.items.add(FixReports.position(report, contracts));
    if (collected.expected >= 0 && collected.items.size() >= collected.expected) {
      collected.done.complete(List.copyOf(collected.items));
    }
  }

  private void securityList(Message list) throws FieldNotFound {
    CompletableFuture<List<Contract>> waiting = securityRequests.get(list.getString(320));
    if (waiting == null) {
      return;
    }
    if (list.isSetField(560) && list.getInt(560) != 0) {
      waiting.completeExceptionally(
          new UnsupportedByVenue("SecurityRequestResult " + list.getInt(560)));
    } else {
      waiting.complete(FixReports.contracts(list));
    }
  }

  private void businessReject(Message reject) {
    String reference = FixReports.optional(reject, 379, "");
    UnsupportedByVenue unsupported =
        new UnsupportedByVenue(
            "BusinessMessageReject of "
                + FixReports.optional(reject, 372, "?")
                + ": "
                + FixReports.optional(reject, 58, ""));
    Collected<Position> positionsWaiting = positionRequests.get(reference);
    if (positionsWaiting != null) {
      positionsWaiting.done.completeExceptionally(unsupported);
    }
    Collected<OrderUpdate> massWaiting = massStatusRequests.get(reference);
    if (massWaiting != null) {
      massWaiting.done.completeExceptionally(unsupported);
    }
    CompletableFuture<List<Contract>> securitiesWaiting = securityRequests.get(reference);
    if (securitiesWaiting != null) {
      securitiesWaiting.completeExceptionally(unsupported);
    }
    CompletableFuture<Optional<OrderUpdate>> statusWaiting = statusRequests.get(reference);
    if (statusWaiting != null) {
      statusWaiting.completeExceptionally(unsupported);
    }
    LOG.warn("FIX venue: {}", unsupported.getMessage());
  }

  /** Trades of one message go to the listeners together, then the quotes it changed. */
  private void marketData(Message message, String snapshotSymbol) throws FieldNotFound {
    long now = clock.millis();
    tradeBatch.clear();
    FixReports.trades(message, snapshotSymbol, now, tradeBatch);
    List<String> changed = FixReports.quotes(message, snapshotSymbol, now, quoteBook);
    if (!tradeBatch.isEmpty()) {
      List<MarketTick> ticks = List.copyOf(tradeBatch);
      deliver(
          () -> {
            for (ExchangeListener listener : listeners) {
              try {
                listener.onTicks(ticks);
              } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on ticks", listener, e);
              }
            }
          });
    }
    for (String symbol : changed) {
      var quote = quoteBook.quote(symbol);
      deliver(
          () -> {
            for (ExchangeListener listener : listeners) {
              try {
                listener.onBestBidOffer(quote);
              } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on a quote", listener, e);
              }
            }
          });
    }
  }
}
