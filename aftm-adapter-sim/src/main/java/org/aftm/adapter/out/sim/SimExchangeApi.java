package org.aftm.adapter.out.sim;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aftm.domain.order.ErrorCode;
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
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderReply;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.Position;
import org.aftm.domain.order.PositionBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated broker (DESIGN §5), good enough to run the whole system on a fresh machine: a demo
 * login, TXF and MXF front and next months, order accounts, a seeded market-data generator, replay
 * through {@link #feed}, and fills for market and limit orders with positions, average price and
 * P&amp;L.
 *
 * <p><b>Instruments.</b> Orders, quotes and ticks take a listed code ({@code "TXFL6"}) or a bare
 * product code ({@code "TXF"}, {@code "MXF"}), which means that product's front month. Both move
 * the same market, but positions, fills and ticks keep the code the caller used, so a position
 * opened on {@code "TXF"} is closed on {@code "TXF"}.
 *
 * <p><b>Matching.</b> Market and MarketPrice orders, and limit orders that the last price reaches,
 * fill in full at the last price. A limit ROD order that does not rests and fills at its limit
 * price when a later trade reaches it; an IOC or FOK one is cancelled unfilled. A close order
 * ({@link OpenClose#CLOSE}) is refused when it would close more than is held. There is no queue
 * position and no partial fill.
 *
 * <p><b>Events.</b> Order replies and fills are delivered synchronously on the caller's thread
 * before {@link #placeOrder} or {@link #feed} returns (a fill first, then the reply that reports
 * it); generated quotes on the {@value SimMarketDataGenerator#THREAD_NAME} thread. Listeners are
 * never called while the broker's lock is held, and one that throws is logged and skipped.
 *
 * <p>Thread-safe. {@link #feed} allocates nothing unless the tick fills a resting order.
 */
public final class SimExchangeApi implements ExchangeApi, FeedMarketPort, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimExchangeApi.class);

  private static final ExchangeListener[] NO_LISTENERS = {};

  private final String demoAccount;
  private final char[] demoPassword;
  private final List<String> orderAccounts;
  private final Clock clock;
  private final List<Contract> contracts;

  /**
   * Listed codes and product aliases; never changed after construction, so read without the lock.
   */
  private final Map<String, SimOrderBook> books;

  private final SimMarketDataGenerator generator;

  /** Item codes fed but not listed, so the warning is logged once per code. */
  private final Set<String> unlistedFed = ConcurrentHashMap.newKeySet();

  private final Object lock = new Object();
  private final PositionBook positionBook = new PositionBook(); // guarded by lock
  private long lastSerial; // guarded by lock
  private volatile boolean loggedIn;
  private volatile boolean connected = true;

  /** Copied on write under the lock; read without it, so delivering events never allocates. */
  private volatile ExchangeListener[] listeners = NO_LISTENERS;

  /**
   * A connected broker listing the front and next months of the settings clock's date in Taipei.
   */
  public SimExchangeApi(SimSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.demoAccount = settings.demoAccount();
    this.demoPassword = settings.demoPassword();
    this.orderAccounts = settings.orderAccounts();
    this.clock = settings.clock();
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
    this.generator =
        new SimMarketDataGenerator(
            settings.seed(), settings.ticksPerSecond(), clock, this::onGeneratedStep);
    LOG.info(
        "Simulated broker ready: contracts {}, order accounts {}",
        contracts.stream().map(Contract::code).toList(),
        orderAccounts);
  }

  @Override
  public LoginResult login(String account, char[] password) {
    // Both checks always run, so the answer's timing does not tell which one failed.
    boolean accountMatches = demoAccount.equals(account);
    boolean passwordMatches = password != null && constantTimeEquals(demoPassword, password);
    if (!connected) {
      return LoginResult.refused("the simulated broker is closed");
    }
    if (accountMatches & passwordMatches) {
      loggedIn = true;
      LOG.info("Demo login of account {} accepted", account);
      return LoginResult.ok("logged in to the simulated broker as " + account);
    }
    LOG.warn("Demo login refused for account {}", account);
    return LoginResult.refused("login refused: unknown account or wrong password");
  }

  /** Compares in time that depends only on the expected length. */
  private static boolean constantTimeEquals(char[] expected, char[] given) {
    int difference = expected.length ^ given.length;
    for (int i = 0; i < expected.length; i++) {
      char other = i < given.length ? given[i] : 0;
      difference |= expected[i] ^ other;
    }
    return difference == 0;
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
      throw new IllegalStateException("the simulated broker is closed");
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

  /**
   * Moves the market to the tick's price, fills the resting limit orders it reaches, and delivers
   * the tick (then any fills and replies) to the listeners on the caller's thread. A tick for an
   * instrument that is not listed is still delivered, but trades nothing.
   */
  @Override
  public void feed(MarketTick tick) {
    SimOrderBook book = books.get(tick.itemCode());
    List<Object> events = null;
    if (book != null) {
      synchronized (lock) {
        events = trade(book, tick.priceUnits(), tick.exchangeTimeMillis());
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
    if (events != null) {
      deliver(events);
    }
  }

  private void onGeneratedStep(SimMarketDataGenerator.Step step) {
    SimOrderBook book = books.get(step.contractCode());
    List<Object> events;
    synchronized (lock) {
      events = trade(book, step.priceUnits(), step.timeMillis());
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
    if (events != null) {
      deliver(events);
    }
  }

  /** Records a trade and fills what it crosses; guarded by the lock. */
  private List<Object> trade(SimOrderBook book, long priceUnits, long timeMillis) {
    List<SimOrderBook.RestingOrder> crossed = book.trade(priceUnits, timeMillis);
    if (crossed == null) {
      return null;
    }
    List<Object> events = new ArrayList<>(crossed.size() * 2);
    for (SimOrderBook.RestingOrder order : crossed) {
      OrderRequest request = order.request();
      fill(order.serial(), request, order.limitUnits(), timeMillis, events);
      events.add(
          new OrderReply(
              order.serial(),
              request.orderAccount(),
              OrderState.FILLED,
              request.quantity(),
              0,
              "filled at limit " + Price.format(order.limitUnits())));
    }
    return events;
  }

  /**
   * Places an order; refusals are values. Its fill (if any) and reply reach the listeners before
   * this returns.
   */
  @Override
  public OrderResult placeOrder(OrderRequest request) {
    Objects.requireNonNull(request, "request");
    List<Object> events = new ArrayList<>(2);
    OrderResult result;
    synchronized (lock) {
      result = place(request, events);
    }
    if (result.sent()) {
      LOG.debug(
          "Order {} {} {} {} x{}: {}",
          result.orderSerial(),
          request.side().wire(),
          request.itemCode(),
          request.orderType().wire(),
          request.quantity(),
          result.status().wire());
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
    deliver(events);
    return result;
  }

  /** Guarded by the lock. */
  private OrderResult place(OrderRequest request, List<Object> events) {
    if (!loggedIn) {
      return refuse(request, ErrorCode.NOT_LOGGED_IN, "not logged in to the simulated broker");
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
    boolean limit = request.orderType() == OrderType.LIMIT;
    long limitUnits = request.price().units();
    if (limit && !contract.accepts(limitUnits)) {
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
    if (request.openClose() == OpenClose.CLOSE) {
      int held = positionBook.quantity(request.orderAccount(), request.itemCode());
      boolean closes = held != 0 && Integer.signum(held) != request.side().sign();
      if (!closes || request.quantity() > Math.abs(held)) {
        return refuse(
            request,
            ErrorCode.BROKER_REJECTED,
            "close order to "
                + request.side().wire()
                + " "
                + request.quantity()
                + " "
                + request.itemCode()
                + " but the position is "
                + held
                + " lots");
      }
    }
    String serial = String.valueOf(++lastSerial);
    String account = request.orderAccount();
    int quantity = request.quantity();
    if (!limit || book.isMarketable(request.side(), limitUnits)) {
      long price = book.lastPriceUnits();
      fill(serial, request, price, book.lastTimeMillis(), events);
      events.add(
          new OrderReply(
              serial,
              account,
              OrderState.FILLED,
              quantity,
              0,
              "filled at " + Price.format(price)));
      return OrderResult.accepted(
          request.note(), serial, request.clientOrderId(), OrderState.FILLED, quantity);
    }
    if (request.timeInForce() == TimeInForce.ROD) {
      book.rest(new SimOrderBook.RestingOrder(serial, request, limitUnits));
      events.add(
          new OrderReply(
              serial,
              account,
              OrderState.ACCEPTED,
              0,
              quantity,
              "resting at limit " + Price.format(limitUnits)));
      return OrderResult.accepted(
          request.note(), serial, request.clientOrderId(), OrderState.ACCEPTED, 0);
    }
    events.add(
        new OrderReply(
            serial,
            account,
            OrderState.CANCELLED,
            0,
            0,
            request.timeInForce().wire()
                + " limit "
                + Price.format(limitUnits)
                + " not reached by the last price "
                + Price.format(book.lastPriceUnits())
                + ": cancelled"));
    return OrderResult.accepted(
        request.note(), serial, request.clientOrderId(), OrderState.CANCELLED, 0);
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

  /** Guarded by the lock. */
  private void fill(
      String serial, OrderRequest request, long priceUnits, long timeMillis, List<Object> events) {
    Fill fill =
        new Fill(
            serial,
            request.orderAccount(),
            request.itemCode(),
            request.side(),
            request.quantity(),
            Price.ofUnits(priceUnits),
            timeMillis);
    positionBook.apply(fill);
    events.add(fill);
  }

  private void deliver(List<Object> events) {
    ExchangeListener[] current = listeners;
    for (Object event : events) {
      for (ExchangeListener listener : current) {
        try {
          if (event instanceof Fill fill) {
            listener.onFill(fill);
          } else if (event instanceof OrderReply reply) {
            listener.onOrderReply(reply);
          }
        } catch (RuntimeException e) {
          LOG.warn("Listener {} failed on {}", listener, event, e);
        }
      }
    }
  }

  /**
   * Every instrument the account has traded (flat ones keep their realized P&amp;L), valued at the
   * last price; empty for an account that never traded. Positions are in memory, so this answers
   * without a login.
   */
  @Override
  public List<Position> positions(String account) {
    synchronized (lock) {
      return positionBook.positions(account, this::lastPriceOf, this::pointValueOf);
    }
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

  /** Stops the market-data thread and disconnects. Idempotent. */
  @Override
  public void close() {
    generator.close();
    boolean wasConnected;
    synchronized (lock) {
      wasConnected = connected;
      connected = false;
      loggedIn = false;
    }
    if (wasConnected) {
      LOG.info("Simulated broker closed");
      for (ExchangeListener listener : listeners) {
        try {
          listener.onConnectionChanged(false);
        } catch (RuntimeException e) {
          LOG.warn("Listener {} failed on disconnect", listener, e);
        }
      }
    }
  }
}
