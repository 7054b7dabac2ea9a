package org.aftm.adapter.out.sim;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.FeedMarketPort;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.order.PositionBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated broker (docs/architecture.md §5), good enough to run the whole system on a fresh
 * machine: a demo login, TXF and MXF front and next months, order accounts, a seeded market-data
 * generator, replay through {@link #feed}, and event-driven order handling with positions, average
 * price and P&amp;L.
 *
 * <p><b>Instruments.</b> Orders, quotes and ticks take a listed code ({@code "TXFL6"}) or a bare
 * product code ({@code "TXF"}, {@code "MXF"}), which means that product's front month. Both move
 * the same market, but positions, fills and ticks keep the code the caller used, so a position
 * opened on {@code "TXF"} is closed on {@code "TXF"}.
 *
 * <p><b>Orders.</b> {@link #placeOrder} answers at once: a refusal (not logged in, no client order
 * id, unknown account or instrument, a limit price off the grid or outside the limits, no market
 * price yet, a close larger than held) or an acknowledgement with the order's serial, status {@code
 * submitted}. Then {@link ExchangeListener#onOrderEvent} events follow, keyed by the client order
 * id: {@code Rejected} ({@link SimSettings#rejectRate()} of the orders), or {@code Accepted} and
 * then the execution. Market and MarketPrice orders, and limit orders the last price reaches, fill
 * at the last price; a ROD limit order that does not rests and fills at its limit when a later
 * trade reaches it; an IOC or FOK one is cancelled. With {@link SimSettings#partialFillRate()} an
 * immediate order (market, IOC) fills only part and the rest is cancelled; a FOK is then cancelled
 * whole. A close order whose position went away before it executed is cancelled. Every sequence
 * follows {@link Order}'s lifecycle; positions change on fills only. Outcomes come from one random
 * generator seeded from {@link SimSettings#seed()} (apart from the market data's), three draws per
 * acknowledged order, so the same seed and the same orders give the same outcomes.
 *
 * <p><b>Events.</b> Without delays, order events are delivered on the calling thread before {@link
 * #placeOrder} or {@link #feed} returns (a replay relies on this: an order at a tick fills at that
 * tick's price), unless another thread is delivering at that moment: that thread then delivers them
 * right after its own, so the events of all orders keep the order they happened in. With {@link
 * SimSettings#ackDelayMillis()} or {@link SimSettings#fillDelayMillis()} above zero, every order
 * event goes through one daemon thread, {@value #EVENT_THREAD_NAME}, and a fill is priced at the
 * last price when it executes. Generated quotes come on the {@value
 * SimMarketDataGenerator#THREAD_NAME} thread. Listeners are never called while the broker's lock is
 * held, and one that throws is logged and skipped.
 *
 * <p><b>State.</b> With a {@link SimSettings#stateDirectory()}, every acknowledged order and every
 * event is appended to the journal {@value SimBrokerJournal#FILE_NAME} there and forced to disk
 * before it is delivered; a new broker on the same directory reads it back: positions, order states
 * ({@link #orderState}), the serial counter and resting limit orders, as a real broker keeps them
 * across a restart of its client. An order the previous broker left unfinished is rejected (never
 * acknowledged) or cancelled (accepted, not executed). If the journal cannot be written, the broker
 * disconnects rather than deliver what it did not record.
 *
 * <p>Thread-safe. {@link #feed} allocates nothing unless the tick fills a resting order.
 */
public final class SimExchangeApi implements ExchangeApi, FeedMarketPort, AutoCloseable {

  /** The thread that delivers order events when the settings delay them. */
  public static final String EVENT_THREAD_NAME = "sim-broker-events";

  /** The reason of a {@link SimSettings#rejectRate()} rejection. */
  public static final String SIMULATED_REJECTION = "simulated broker rejection";

  private static final Logger LOG = LoggerFactory.getLogger(SimExchangeApi.class);

  private static final ExchangeListener[] NO_LISTENERS = {};

  /** Mixed into the seed so order outcomes do not draw from the market data's sequences. */
  private static final long OUTCOME_SEED_MIX = 0x6A09E667F3BCC909L;

  private static final long CLOSE_WAIT_MILLIS = 2_000;

  /** What a locked section left for the caller to do once the lock is released. */
  private static final int NOTHING = 0;

  private static final int DELIVER = 1;
  private static final int DISCONNECTED = 2;

  /** One order as the broker keeps it. Guarded by the broker's lock. */
  private static final class SimOrder {
    final String serial;
    final OrderRequest request;
    final Order lifecycle;

    /** The outcome rolls, drawn when it was acknowledged; unused for an order read back. */
    final boolean reject;

    final boolean partial;
    final int partialLots;
    int executions;
    boolean resting;

    SimOrder(String serial, OrderRequest request, boolean reject, boolean partial, int lots) {
      this.serial = serial;
      this.request = request;
      this.lifecycle = new Order(request, null);
      this.reject = reject;
      this.partial = partial;
      this.partialLots = lots;
    }

    String clientOrderId() {
      return request.clientOrderId();
    }
  }

  /** The journal lines and events of one locked section: written, then queued for delivery. */
  private static final class Batch {
    final List<String> lines = new ArrayList<>(4);
    final List<OrderEvent> events = new ArrayList<>(4);
  }

  private final String demoAccount;
  private final DemoPassword demoPassword;
  private final List<String> orderAccounts;
  private final Clock clock;
  private final List<Contract> contracts;
  private final double rejectRate;
  private final double partialFillRate;
  private final long ackDelayMillis;
  private final long fillDelayMillis;

  /**
   * Listed codes and product aliases; never changed after construction, so read without the lock.
   */
  private final Map<String, SimOrderBook> books;

  private final SimMarketDataGenerator generator;

  /** Item codes fed but not listed, so the warning is logged once per code. */
  private final Set<String> unlistedFed = ConcurrentHashMap.newKeySet();

  private final Object lock = new Object();
  private final PositionBook positionBook = new PositionBook(); // guarded by lock
  private final SplittableRandom outcomes; // guarded by lock

  /**
   * By client order id, in the order they were acknowledged; finished ones beyond {@link
   * #MAX_ORDERS_KEPT} are forgotten, oldest first. Guarded by lock.
   */
  private final Map<String, SimOrder> orders = new LinkedHashMap<>();

  /**
   * Orders the broker remembers: a flood of orders must not grow the main process's heap for ever.
   * A finished order older than that is no longer known to {@link #orderState} (a real broker, too,
   * answers status requests only for a while).
   */
  static final int MAX_ORDERS_KEPT = 100_000;

  /** {@code null} when the broker keeps its state in memory only. Written under the lock. */
  private final SimBrokerJournal journal;

  /** {@code null} without delays: events are then delivered by the thread that made them. */
  private final ScheduledThreadPoolExecutor eventThread;

  private volatile Thread eventThreadRunner;

  /** Events made under the lock, in the order they happened, waiting for delivery. */
  private final Queue<OrderEvent> undelivered = new ConcurrentLinkedQueue<>();

  /** Set while a thread delivers {@link #undelivered}, so one thread at a time does. */
  private final AtomicBoolean delivering = new AtomicBoolean();

  private long lastSerial; // guarded by lock
  private volatile boolean loggedIn;
  private volatile boolean connected = true;
  private volatile String disconnectReason = "the simulated broker is closed";

  /** Copied on write under the lock; read without it, so delivering events never allocates. */
  private volatile ExchangeListener[] listeners = NO_LISTENERS;

  /**
   * A connected broker listing the front and next months of the settings clock's date in Taipei;
   * with a state directory, its journal read back.
   *
   * @throws SimJournalException when the journal cannot be opened, read back or written
   */
  public SimExchangeApi(SimSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.demoAccount = settings.demoAccount();
    this.demoPassword = settings.demoPassword();
    this.orderAccounts = settings.orderAccounts();
    this.clock = settings.clock();
    this.rejectRate = settings.rejectRate();
    this.partialFillRate = settings.partialFillRate();
    this.ackDelayMillis = settings.ackDelayMillis();
    this.fillDelayMillis = settings.fillDelayMillis();
    this.outcomes = new SplittableRandom(settings.seed() ^ OUTCOME_SEED_MIX);
    LocalDate today = LocalDate.now(clock.withZone(SimSettings.EXCHANGE_ZONE));
    this.contracts = SimContracts.listing(today, settings.startingPrices());
    Map<String, SimOrderBook> byCode = new HashMap<>();
    for (Contract contract : contracts) {
      long reference =
          settings
              .startingPrices()
              .getOrDefault(contract.product(), SimContracts.DEFAULT_REFERENCE_PRICE)
              .units();
      SimOrderBook book = new SimOrderBook(contract, reference);
      byCode.put(contract.code(), book);
      // The listing puts each product's front month first: the bare product code means it.
      byCode.putIfAbsent(contract.product(), book);
    }
    this.books = byCode;
    this.journal =
        settings.stateDirectory() == null ? null : SimBrokerJournal.open(settings.stateDirectory());
    try {
      if (journal != null) {
        synchronized (lock) {
          recover();
        }
      }
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
    if (settings.delaysEvents()) {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              runnable -> {
                Thread thread = new Thread(runnable, EVENT_THREAD_NAME);
                thread.setDaemon(true);
                eventThreadRunner = thread;
                return thread;
              });
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      this.eventThread = executor;
    } else {
      this.eventThread = null;
    }
    this.generator =
        new SimMarketDataGenerator(
            settings.seed(), settings.ticksPerSecond(), clock, this::onGeneratedStep);
    LOG.info(
        "Simulated broker ready: contracts {}, order accounts {}, {}",
        contracts.stream().map(Contract::code).toList(),
        orderAccounts,
        journal == null ? "state in memory" : "state in " + journal.file());
  }

  // ---- recovery

  /** Reads the journal back; guarded by the lock. */
  private void recover() {
    List<SimBrokerJournal.Line> lines = journal.lines();
    for (int i = 0; i < lines.size(); i++) {
      SimBrokerJournal.Line line = lines.get(i);
      try {
        replay(SimJournalCodec.parse(line.text()));
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
        if (i < lines.size() - 1) {
          throw new SimJournalException(journal.file(), line.number(), e.getMessage(), e);
        }
        try {
          journal.dropLastLine(e.getMessage());
        } catch (IOException io) {
          throw new SimJournalException(
              journal.file(), line.number(), "cannot cut off the unreadable last line: " + io, io);
        }
      }
    }
    // The outcome generator continues where the previous broker left it.
    for (long serial = 1; serial <= lastSerial; serial++) {
      drawOutcomes();
    }
    finishLeftovers();
  }

  private void replay(SimJournalCodec.Record record) {
    if (record instanceof SimJournalCodec.Placed placed) {
      if (placed.serial() != lastSerial + 1) {
        throw new IllegalStateException(
            "order serial " + placed.serial() + " does not follow " + lastSerial);
      }
      String clientOrderId = placed.request().clientOrderId();
      if (orders.containsKey(clientOrderId)) {
        throw new IllegalStateException("order " + clientOrderId + " placed twice");
      }
      lastSerial = placed.serial();
      orders.put(
          clientOrderId,
          new SimOrder(Long.toString(placed.serial()), placed.request(), false, false, 0));
    } else if (record instanceof SimJournalCodec.Rested rested) {
      SimOrder order = known(rested.clientOrderId());
      if (order.lifecycle.state() != OrderState.ACCEPTED
          || order.request.orderType() != OrderType.LIMIT
          || order.request.timeInForce() != TimeInForce.ROD) {
        throw new IllegalStateException(
            "order " + order.clientOrderId() + " cannot rest: it is not an accepted ROD limit");
      }
      order.resting = true;
    } else {
      OrderEvent event = ((SimJournalCodec.Event) record).event();
      SimOrder order = known(event.clientOrderId());
      if (event instanceof OrderEvent.Filled filled && !filled.orderSerial().equals(order.serial)) {
        throw new IllegalStateException(
            "fill of serial " + filled.orderSerial() + " for order serial " + order.serial);
      }
      applyEvent(order, event);
    }
  }

  private SimOrder known(String clientOrderId) {
    SimOrder order = orders.get(clientOrderId);
    if (order == null) {
      throw new IllegalStateException("record for unknown order " + clientOrderId);
    }
    return order;
  }

  /**
   * Puts resting orders back on their books, and ends the orders the previous broker left
   * unfinished; recorded, not delivered (nobody listens yet): {@link #orderState} tells.
   */
  private void finishLeftovers() {
    Batch batch = new Batch();
    long now = clock.millis();
    for (SimOrder order : orders.values()) {
      OrderState state = order.lifecycle.state();
      if (state.isFinal()) {
        continue;
      }
      String id = order.clientOrderId();
      if (order.resting) {
        SimOrderBook book = books.get(order.request.itemCode());
        if (book != null) {
          book.rest(
              new SimOrderBook.RestingOrder(
                  order.serial, order.request, order.request.price().units()));
        } else {
          order.resting = false;
          emit(
              order,
              new OrderEvent.Expired(
                  id,
                  order.serial,
                  "instrument " + order.request.itemCode() + " is no longer listed",
                  now),
              batch);
        }
      } else if (state == OrderState.SUBMITTED) {
        emit(
            order,
            new OrderEvent.Rejected(
                id,
                ErrorCode.BROKER_REJECTED.wire(),
                "the simulated broker restarted before it acknowledged the order",
                now),
            batch);
      } else {
        emit(
            order,
            new OrderEvent.Cancelled(
                id, order.serial, "the simulated broker restarted before the order executed", now),
            batch);
      }
    }
    if (!batch.lines.isEmpty()) {
      try {
        journal.append(batch.lines);
      } catch (IOException e) {
        throw new SimJournalException(journal.file(), 0, "cannot append: " + e, e);
      }
    }
    long resting = orders.values().stream().filter(o -> o.resting).count();
    LOG.info(
        "Simulated broker read back {} orders ({} resting), last serial {}, {} left unfinished"
            + " now ended",
        orders.size(),
        resting,
        lastSerial,
        batch.events.size());
  }

  @Override
  public LoginResult login(String account, char[] password) {
    // Both checks always run, so the answer's timing does not tell which one failed.
    boolean accountMatches = demoAccount.equals(account);
    boolean passwordMatches = demoPassword.matches(password);
    if (!connected) {
      return LoginResult.refused(disconnectReason);
    }
    if (accountMatches & passwordMatches) {
      loggedIn = true;
      LOG.info("Demo login of account {} accepted", account);
      return LoginResult.ok("logged in to the simulated broker as " + account);
    }
    LOG.warn("Demo login refused for account {}", account);
    return LoginResult.refused("login refused: unknown account or wrong password");
  }

  @Override
  public void logout() {
    if (loggedIn) {
      loggedIn = false;
      LOG.info("Logged out of the simulated broker");
    }
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public boolean isLoggedIn() {
    return loggedIn;
  }

  /**
   * The contracts a broker with these settings lists today, without making one: what {@code aftm
   * condition} checks a condition against when it cannot ask the running broker.
   */
  public static List<Contract> listing(SimSettings settings) {
    return SimContracts.listing(
        LocalDate.now(settings.clock().withZone(SimSettings.EXCHANGE_ZONE)),
        settings.startingPrices());
  }

  @Override
  public List<Contract> contracts() {
    return contracts;
  }

  /** The configured order accounts once logged in; empty before. */
  @Override
  public List<String> orderAccounts() {
    return loggedIn ? orderAccounts : List.of();
  }

  /**
   * Starts generated ticks and best bid/offer quotes for the instrument, under the code given.
   *
   * @throws IllegalArgumentException when the instrument is not listed
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public void subscribeQuotes(String itemCode) {
    SimOrderBook book = listedBook(itemCode);
    if (!connected) {
      throw new IllegalStateException(disconnectReason);
    }
    synchronized (lock) {
      book.quoteNames().add(itemCode);
      long start = book.hasPrice() ? book.lastPriceUnits() : book.referenceUnits();
      generator.subscribe(book.contract(), start);
    }
    LOG.info("Subscribed to simulated quotes of {}", itemCode);
  }

  /** Stops quotes under that code; a quote already being delivered may still arrive. */
  @Override
  public void unsubscribeQuotes(String itemCode) {
    SimOrderBook book = listedBook(itemCode);
    synchronized (lock) {
      book.quoteNames().remove(itemCode);
      if (book.quoteNames().isEmpty()) {
        generator.unsubscribe(book.contract().code());
      }
    }
    LOG.info("Unsubscribed from simulated quotes of {}", itemCode);
  }

  private SimOrderBook listedBook(String itemCode) {
    SimOrderBook book = itemCode == null ? null : books.get(itemCode);
    if (book == null) {
      throw new IllegalArgumentException(
          "instrument '" + itemCode + "' is not listed; listed: " + listedCodes());
    }
    return book;
  }

  private String listedCodes() {
    return contracts.stream().map(Contract::code).toList()
        + " or a product code (TXF, MXF) for its front month";
  }

  @Override
  public void addListener(ExchangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      ExchangeListener[] current = listeners;
      ExchangeListener[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = listener;
      listeners = next;
    }
  }

  @Override
  public void removeListener(ExchangeListener listener) {
    synchronized (lock) {
      ExchangeListener[] current = listeners;
      for (int i = 0; i < current.length; i++) {
        if (current[i] == listener) {
          ExchangeListener[] next = new ExchangeListener[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          listeners = next;
          return;
        }
      }
    }
  }

  // ---- market

  /**
   * Moves the market to the tick's price, fills the resting limit orders it reaches, and delivers
   * the tick (then the order events) to the listeners on the caller's thread. A tick for an
   * instrument that is not listed is still delivered, but trades nothing; so is one after {@link
   * #close()}.
   */
  @Override
  public void feed(MarketTick tick) {
    SimOrderBook book = books.get(tick.itemCode());
    int next = NOTHING;
    if (book != null) {
      synchronized (lock) {
        if (connected) {
          next = trade(book, tick.priceUnits(), tick.exchangeTimeMillis());
        }
      }
    } else if (unlistedFed.add(tick.itemCode())) {
      LOG.warn(
          "Fed ticks for {}, which the simulated broker does not list: delivered, but nothing trades on them",
          tick.itemCode());
    }
    for (ExchangeListener listener : listeners) {
      try {
        listener.onTick(tick);
      } catch (RuntimeException e) {
        LOG.warn("Listener {} failed on a tick", listener, e);
      }
    }
    afterLock(next);
  }

  private void onGeneratedStep(SimMarketDataGenerator.Step step) {
    SimOrderBook book = books.get(step.contractCode());
    int next = NOTHING;
    synchronized (lock) {
      if (connected) {
        next = trade(book, step.priceUnits(), step.timeMillis());
      }
    }
    ExchangeListener[] current = listeners;
    for (String name : book.quoteNames()) {
      MarketTick tick = new MarketTick(name, step.priceUnits(), step.quantity(), step.timeMillis());
      BestBidOffer quote =
          new BestBidOffer(
              name,
              step.bidUnits(),
              step.bidQuantity(),
              step.askUnits(),
              step.askQuantity(),
              step.timeMillis());
      for (ExchangeListener listener : current) {
        try {
          listener.onTick(tick);
          listener.onBestBidOffer(quote);
        } catch (RuntimeException e) {
          LOG.warn("Listener {} failed on a quote", listener, e);
        }
      }
    }
    afterLock(next);
  }

  /**
   * Records a trade and fills the resting orders it crosses, at their limits; guarded by the lock.
   */
  private int trade(SimOrderBook book, long priceUnits, long timeMillis) {
    List<SimOrderBook.RestingOrder> crossed = book.trade(priceUnits, timeMillis);
    if (crossed == null) {
      return NOTHING;
    }
    Batch batch = new Batch();
    for (SimOrderBook.RestingOrder resting : crossed) {
      SimOrder order = orders.get(resting.request().clientOrderId());
      order.resting = false;
      String problem = closeProblem(order.request, order.request.quantity());
      if (problem != null) {
        cancel(order, "cancelled: " + problem, timeMillis, batch);
      } else {
        fill(order, order.request.quantity(), resting.limitUnits(), timeMillis, batch);
      }
    }
    return commit(batch);
  }

  // ---- orders

  /**
   * Places an order: a refusal, or an acknowledgement (status {@code submitted}) whose events
   * follow; without delays they reach the listeners before this returns.
   */
  @Override
  public OrderResult placeOrder(OrderRequest request) {
    Objects.requireNonNull(request, "request");
    OrderResult result;
    SimOrder scheduled = null;
    int next = NOTHING;
    synchronized (lock) {
      result = refusal(request);
      if (result == null) {
        SimOrder known = orders.get(request.clientOrderId());
        if (known != null) {
          LOG.info(
              "Order {} was placed before as serial {}: acknowledged again, not placed twice",
              request.clientOrderId(),
              known.serial);
          result = acknowledgement(known);
        } else {
          SimOrder order = acknowledge(request);
          if (order == null) {
            next = DISCONNECTED;
            result =
                refuse(
                    request,
                    ErrorCode.ORDER_EXECUTION_ERROR,
                    "the simulated broker could not record the order: " + disconnectReason);
          } else {
            result = acknowledgement(order);
            if (eventThread == null) {
              Batch batch = new Batch();
              if (answer(order, batch)) {
                execute(order, batch);
              }
              next = commit(batch);
            } else {
              scheduled = order;
            }
          }
        }
      }
    }
    log(request, result);
    if (scheduled != null) {
      schedule(scheduled, true, ackDelayMillis);
    }
    afterLock(next);
    return result;
  }

  /**
   * Cancels a resting ROD limit order: it leaves its book and a {@code Cancelled} event follows
   * (journalled, then delivered like any other). Only a resting order can be cancelled: market, IOC
   * and FOK orders execute at once, and an order whose delayed accept or execution is still to come
   * is decided by that stage; for those, and for an unknown or final order, nothing happens.
   *
   * @return whether the order was resting and is now cancelled
   */
  @Override
  public boolean cancelOrder(String clientOrderId) {
    if (clientOrderId == null) {
      return false;
    }
    int next;
    synchronized (lock) {
      SimOrder order = orders.get(clientOrderId);
      if (!connected || order == null || !order.resting) {
        return false;
      }
      SimOrderBook book = books.get(order.request.itemCode());
      if (book != null) {
        book.remove(clientOrderId);
      }
      order.resting = false;
      Batch batch = new Batch();
      cancel(order, "cancelled on request", clock.millis(), batch);
      next = commit(batch);
    }
    afterLock(next);
    return next != DISCONNECTED;
  }

  private static OrderResult acknowledgement(SimOrder order) {
    return OrderResult.accepted(
        order.request.note(), order.serial, order.clientOrderId(), OrderState.SUBMITTED, 0);
  }

  private static void log(OrderRequest request, OrderResult result) {
    if (result.sent()) {
      LOG.debug(
          "Order {} ({}) {} {} {} x{} acknowledged",
          result.orderSerial(),
          request.clientOrderId(),
          request.side().wire(),
          request.itemCode(),
          request.orderType().wire(),
          request.quantity());
    } else {
      LOG.info(
          "Simulated broker refused {} {} x{} for {} ({}): {}",
          request.side().wire(),
          request.itemCode(),
          request.quantity(),
          request.orderAccount(),
          result.errorCode(),
          result.errorMessage());
    }
  }

  /** Why the order is refused at once, or {@code null}; guarded by the lock. */
  private OrderResult refusal(OrderRequest request) {
    if (!loggedIn) {
      return refuse(request, ErrorCode.NOT_LOGGED_IN, "not logged in to the simulated broker");
    }
    if (request.clientOrderId() == null) {
      return refuse(
          request,
          ErrorCode.INVALID_ORDER,
          "client_order_id is required: order events are keyed by it");
    }
    if (orders.containsKey(request.clientOrderId())) {
      return null;
    }
    if (!orderAccounts.contains(request.orderAccount())) {
      return refuse(
          request,
          ErrorCode.BROKER_REJECTED,
          "unknown order account '"
              + request.orderAccount()
              + "'; this user's accounts are "
              + orderAccounts);
    }
    SimOrderBook book = books.get(request.itemCode());
    if (book == null) {
      return refuse(
          request,
          ErrorCode.UNKNOWN_INSTRUMENT,
          "instrument '" + request.itemCode() + "' is not listed; listed: " + listedCodes());
    }
    Contract contract = book.contract();
    long limitUnits = request.price().units();
    if (request.orderType() == OrderType.LIMIT && !contract.accepts(limitUnits)) {
      return refuse(request, ErrorCode.BROKER_REJECTED, limitPriceProblem(contract, limitUnits));
    }
    if (!book.hasPrice()) {
      return refuse(
          request,
          ErrorCode.BROKER_REJECTED,
          "no market price yet for "
              + request.itemCode()
              + ": subscribe to its quotes or feed ticks before ordering");
    }
    String problem = closeProblem(request, request.quantity());
    if (problem != null) {
      return refuse(request, ErrorCode.BROKER_REJECTED, problem);
    }
    return null;
  }

  /**
   * Why a close order of {@code lots} cannot execute now (it would close more than is held, or
   * nothing), or {@code null}; guarded by the lock.
   */
  private String closeProblem(OrderRequest request, int lots) {
    if (request.openClose() != OpenClose.CLOSE) {
      return null;
    }
    int held = positionBook.quantity(request.orderAccount(), request.itemCode());
    boolean closes = held != 0 && Integer.signum(held) != request.side().sign();
    if (closes && lots <= Math.abs(held)) {
      return null;
    }
    return "close order to "
        + request.side().wire()
        + " "
        + lots
        + " "
        + request.itemCode()
        + " but the position is "
        + held
        + " lots";
  }

  private static String limitPriceProblem(Contract contract, long limitUnits) {
    if (limitUnits % contract.tickSize().units() != 0) {
      return "limit price "
          + Price.format(limitUnits)
          + " is not on the tick grid of "
          + contract.code()
          + " (tick size "
          + contract.tickSize()
          + ")";
    }
    return "limit price "
        + Price.format(limitUnits)
        + " is outside today's limits of "
        + contract.code()
        + " ("
        + contract.limitDown()
        + " to "
        + contract.limitUp()
        + ")";
  }

  private static OrderResult refuse(OrderRequest request, ErrorCode code, String message) {
    return OrderResult.rejected(request.note(), code.wire(), message, request.clientOrderId());
  }

  /**
   * Gives the order its serial, records it, and draws its outcome; {@code null} when the journal
   * failed (the broker is then disconnected). Guarded by the lock.
   */
  private SimOrder acknowledge(OrderRequest request) {
    long serial = lastSerial + 1;
    if (journal != null) {
      try {
        journal.append(
            List.of(SimJournalCodec.placed(serial, bookOf(request).lastTimeMillis(), request)));
      } catch (IOException e) {
        journalFailed(e);
        return null;
      }
    }
    lastSerial = serial;
    double[] rolls = drawOutcomes();
    SimOrder order =
        new SimOrder(
            Long.toString(serial),
            request,
            rolls[0] < rejectRate,
            rolls[1] < partialFillRate,
            (int) (rolls[2] * request.quantity()));
    orders.put(request.clientOrderId(), order);
    forgetOldFinishedOrders();
    return order;
  }

  /**
   * Forgets the oldest finished orders once more than {@link #MAX_ORDERS_KEPT} are kept; working
   * ones stay. Amortised: it walks from the oldest only when over the bound. Guarded by the lock.
   */
  private void forgetOldFinishedOrders() {
    if (orders.size() <= MAX_ORDERS_KEPT) {
      return;
    }
    int excess = orders.size() - MAX_ORDERS_KEPT + MAX_ORDERS_KEPT / 10;
    var oldest = orders.values().iterator();
    while (excess > 0 && oldest.hasNext()) {
      SimOrder order = oldest.next();
      if (order.lifecycle.state().isFinal()) {
        oldest.remove();
        excess--;
      }
    }
  }

  /**
   * Three draws per acknowledged order, whatever is used: whether it is rejected, whether it fills
   * in part, and the part. Guarded by the lock.
   */
  private double[] drawOutcomes() {
    return new double[] {outcomes.nextDouble(), outcomes.nextDouble(), outcomes.nextDouble()};
  }

  private SimOrderBook bookOf(OrderRequest request) {
    return books.get(request.itemCode());
  }

  /** The accept or the simulated reject; whether accepted. Guarded by the lock. */
  private boolean answer(SimOrder order, Batch batch) {
    long time = bookOf(order.request).lastTimeMillis();
    if (order.reject) {
      emit(
          order,
          new OrderEvent.Rejected(
              order.clientOrderId(), ErrorCode.BROKER_REJECTED.wire(), SIMULATED_REJECTION, time),
          batch);
      return false;
    }
    emit(order, new OrderEvent.Accepted(order.clientOrderId(), order.serial, time), batch);
    return true;
  }

  /**
   * Executes an accepted order against the last price: fills, rests or cancels. Guarded by the
   * lock.
   */
  private void execute(SimOrder order, Batch batch) {
    OrderRequest request = order.request;
    SimOrderBook book = bookOf(request);
    long time = book.lastTimeMillis();
    long price = book.lastPriceUnits();
    int quantity = request.quantity();
    String problem = closeProblem(request, quantity);
    if (problem != null) {
      cancel(order, "cancelled: " + problem, time, batch);
      return;
    }
    boolean limit = request.orderType() == OrderType.LIMIT;
    long limitUnits = request.price().units();
    TimeInForce timeInForce = request.timeInForce();
    if (limit && !book.isMarketable(request.side(), limitUnits)) {
      if (timeInForce == TimeInForce.ROD) {
        order.resting = true;
        book.rest(new SimOrderBook.RestingOrder(order.serial, request, limitUnits));
        batch.lines.add(SimJournalCodec.rested(order.clientOrderId()));
        return;
      }
      cancel(
          order,
          timeInForce.wire()
              + " limit "
              + Price.format(limitUnits)
              + " not reached by the last price "
              + Price.format(price)
              + ": cancelled",
          time,
          batch);
      return;
    }
    boolean immediate = !limit || timeInForce != TimeInForce.ROD;
    if (!immediate || !order.partial) {
      fill(order, quantity, price, time, batch);
      return;
    }
    if (timeInForce == TimeInForce.FOK) {
      cancel(
          order,
          "FOK: not enough volume at "
              + Price.format(price)
              + " for all "
              + quantity
              + " lots: cancelled with nothing filled",
          time,
          batch);
      return;
    }
    int lots = order.partialLots;
    if (lots > 0) {
      fill(order, lots, price, time, batch);
    }
    cancel(
        order,
        "only "
            + lots
            + " of "
            + quantity
            + " lots traded at "
            + Price.format(price)
            + ": the rest cancelled",
        time,
        batch);
  }

  private void fill(SimOrder order, int lots, long priceUnits, long timeMillis, Batch batch) {
    String executionId = order.serial + "-" + (order.executions + 1);
    emit(
        order,
        new OrderEvent.Filled(
            order.clientOrderId(),
            order.serial,
            executionId,
            lots,
            Price.ofUnits(priceUnits),
            timeMillis),
        batch);
  }

  private void cancel(SimOrder order, String reason, long timeMillis, Batch batch) {
    emit(
        order,
        new OrderEvent.Cancelled(order.clientOrderId(), order.serial, reason, timeMillis),
        batch);
  }

  /** Applies an event to the order (and a fill to the positions) and adds it to the batch. */
  private void emit(SimOrder order, OrderEvent event, Batch batch) {
    applyEvent(order, event);
    batch.lines.add(SimJournalCodec.event(event));
    batch.events.add(event);
  }

  /**
   * Applies an event to the order's lifecycle and a fill to the positions; guarded by the lock.
   *
   * @throws IllegalStateException when the lifecycle refuses it
   */
  private void applyEvent(SimOrder order, OrderEvent event) {
    if (order.lifecycle.apply(event) == Order.Outcome.REFUSED) {
      throw new IllegalStateException(order.lifecycle.lastRefusal());
    }
    if (event instanceof OrderEvent.Filled filled) {
      order.executions++;
      OrderRequest request = order.request;
      positionBook.apply(
          new Fill(
              filled.clientOrderId(),
              filled.executionId(),
              filled.orderSerial(),
              request.orderAccount(),
              request.itemCode(),
              request.side(),
              filled.quantity(),
              filled.price(),
              filled.timeMillis()));
    }
  }

  /**
   * Writes the batch to the journal, then queues its events for delivery; guarded by the lock.
   *
   * @return what to do after the lock: deliver, or tell the listeners the broker disconnected
   */
  private int commit(Batch batch) {
    if (batch.lines.isEmpty()) {
      return NOTHING;
    }
    if (journal != null) {
      try {
        journal.append(batch.lines);
      } catch (IOException e) {
        journalFailed(e);
        return DISCONNECTED;
      }
    }
    undelivered.addAll(batch.events);
    return batch.events.isEmpty() ? NOTHING : DELIVER;
  }

  /** Guarded by the lock: the broker stops rather than deliver what it did not record. */
  private void journalFailed(IOException e) {
    LOG.error(
        "Simulated broker cannot write its journal {}: disconnecting; order events not recorded"
            + " are not delivered",
        journal.file(),
        e);
    disconnectReason = "the simulated broker could not write its journal: " + e.getMessage();
    connected = false;
    loggedIn = false;
  }

  // ---- delayed events

  private void schedule(SimOrder order, boolean answer, long delayMillis) {
    try {
      eventThread.schedule(() -> runStage(order, answer), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      LOG.debug("Simulated broker closed before order {} went on", order.clientOrderId());
    }
  }

  /** On the event thread: the accept or reject, or the execution after it. */
  private void runStage(SimOrder order, boolean answer) {
    int next;
    boolean accepted = false;
    synchronized (lock) {
      if (!connected) {
        return;
      }
      Batch batch = new Batch();
      if (answer) {
        accepted = answer(order, batch);
      } else {
        execute(order, batch);
      }
      next = commit(batch);
    }
    afterLock(next);
    if (accepted && next != DISCONNECTED) {
      schedule(order, false, fillDelayMillis);
    }
  }

  // ---- delivery

  /** Delivers what a locked section queued, or tells the listeners the broker disconnected. */
  private void afterLock(int next) {
    if (next == DELIVER) {
      if (eventThread == null || Thread.currentThread() == eventThreadRunner) {
        deliverQueued();
      } else {
        try {
          eventThread.execute(this::deliverQueued);
        } catch (RejectedExecutionException closed) {
          LOG.debug("Simulated broker closed: queued order events not delivered");
        }
      }
    } else if (next == DISCONNECTED) {
      notifyConnection(false);
    }
  }

  /**
   * Delivers the queued events in order. One thread at a time: a thread that finds another one
   * delivering leaves its events to it, so no thread waits on another while listeners run.
   */
  private void deliverQueued() {
    while (!undelivered.isEmpty()) {
      if (!delivering.compareAndSet(false, true)) {
        return;
      }
      try {
        OrderEvent event;
        while ((event = undelivered.poll()) != null) {
          for (ExchangeListener listener : listeners) {
            try {
              listener.onOrderEvent(event);
            } catch (RuntimeException e) {
              LOG.warn("Listener {} failed on {}", listener, event, e);
            }
          }
        }
      } finally {
        delivering.set(false);
      }
    }
  }

  private void notifyConnection(boolean up) {
    for (ExchangeListener listener : listeners) {
      try {
        listener.onConnectionChanged(up);
      } catch (RuntimeException e) {
        LOG.warn("Listener {} failed on a connection change", listener, e);
      }
    }
  }

  /**
   * Every instrument the account has traded (flat ones keep their realized P&amp;L), valued at the
   * last price; empty for an account that never traded. Answers without a login.
   */
  @Override
  public List<Position> positions(String account) {
    synchronized (lock) {
      return positionBook.positions(account, this::lastPriceOf, this::pointValueOf);
    }
  }

  /**
   * The broker's record of the order: its state, quantities and cost, as its events left it; empty
   * for a client order id it never acknowledged. Answers without a login.
   */
  @Override
  public Optional<OrderUpdate> orderState(String clientOrderId) {
    if (clientOrderId == null) {
      return Optional.empty();
    }
    synchronized (lock) {
      SimOrder order = orders.get(clientOrderId);
      return order == null ? Optional.empty() : Optional.of(order.lifecycle.toUpdate());
    }
  }

  /**
   * The account's orders not final in the broker's record (resting limit orders, and orders whose
   * delayed outcome is still to come), in the order they were acknowledged. Answers without a
   * login. Walks every order the broker keeps: a query for reconciliation, not for the order path.
   */
  @Override
  public List<OrderUpdate> workingOrders(String account) {
    List<OrderUpdate> working = new ArrayList<>();
    synchronized (lock) {
      for (SimOrder order : orders.values()) {
        if (!order.lifecycle.state().isFinal() && order.request.orderAccount().equals(account)) {
          working.add(order.lifecycle.toUpdate());
        }
      }
    }
    return working;
  }

  private long lastPriceOf(String itemCode) {
    SimOrderBook book = books.get(itemCode);
    return book != null && book.hasPrice() ? book.lastPriceUnits() : 0;
  }

  private long pointValueOf(String itemCode) {
    SimOrderBook book = books.get(itemCode);
    return book != null ? book.contract().pointValue() : 1;
  }

  /** Whether the market-data thread is running (it starts with the first subscription). */
  public boolean isGeneratingQuotes() {
    return generator.isRunning();
  }

  /**
   * Stops the market-data and event threads, closes the journal and disconnects. Events still
   * waiting for their delay are dropped: their orders are ended when a broker reads the journal
   * back. Idempotent.
   */
  @Override
  public void close() {
    generator.close();
    boolean wasConnected;
    synchronized (lock) {
      wasConnected = connected;
      connected = false;
      loggedIn = false;
    }
    if (eventThread != null) {
      // Delayed events are dropped; a stage that is running finishes (it sees the broker closed).
      eventThread.shutdown();
      if (Thread.currentThread() != eventThreadRunner) {
        try {
          if (!eventThread.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("The {} thread did not stop in time", EVENT_THREAD_NAME);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (journal != null) {
      synchronized (lock) {
        journal.close();
      }
    }
    if (wasConnected) {
      LOG.info("Simulated broker closed");
      notifyConnection(false);
    }
  }
}
