package org.aftm.adapter.out.fix.venue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.adapter.out.fix.venue.VenueOrder.OrdStatus;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.UnsupportedMessageType;
import quickfix.UtcTimestampPrecision;

/**
 * The venue's FIX side: turns the initiator's requests into calls on the fronted {@link
 * ExchangeApi} and the broker's events into ExecutionReports and market data, by the message
 * conventions of docs/architecture.md §5.3.
 *
 * <p><b>Threads.</b> QuickFIX/J calls {@link Application} methods on its session thread; the broker
 * calls {@link ExchangeListener} methods on its own threads. Neither ever sends: every outgoing
 * message is built on the thread that caused it, under the lock that orders it ({@link #orderLock}
 * for an order's reports, {@link #marketLock} for market data), and handed to {@code outbound}, one
 * thread that sends them in that order. So a broker callback never waits for a socket, and a
 * snapshot always goes out before the increments after it.
 */
final class VenueApplication implements Application, ExchangeListener {

  private static final Logger LOG = LoggerFactory.getLogger(VenueApplication.class);

  static final String LOGIN_REFUSED = "login refused";

  /** Tags the venue reads and writes that QuickFIX/J's generated field classes would only wrap. */
  static final class Tag {
    static final int ACCOUNT = 1;
    static final int AVG_PX = 6;
    static final int CL_ORD_ID = 11;
    static final int CUM_QTY = 14;
    static final int EXEC_ID = 17;
    static final int EXEC_TRANS_TYPE = 20;
    static final int LAST_PX = 31;
    static final int LAST_QTY = 32;
    static final int MSG_TYPE = 35;
    static final int ORDER_ID = 37;
    static final int ORDER_QTY = 38;
    static final int ORD_STATUS = 39;
    static final int ORD_TYPE = 40;
    static final int ORIG_CL_ORD_ID = 41;
    static final int PRICE = 44;
    static final int SIDE = 54;
    static final int SYMBOL = 55;
    static final int TEXT = 58;
    static final int TIME_IN_FORCE = 59;
    static final int TRANSACT_TIME = 60;
    static final int CXL_REJ_REASON = 102;
    static final int ORD_REJ_REASON = 103;
    static final int SECURITY_DESC = 107;
    static final int NO_RELATED_SYM = 146;
    static final int EXEC_TYPE = 150;
    static final int LEAVES_QTY = 151;
    static final int SECURITY_TYPE = 167;
    static final int MATURITY_MONTH_YEAR = 200;
    static final int CONTRACT_MULTIPLIER = 231;
    static final int MD_REQ_ID = 262;
    static final int SUBSCRIPTION_REQUEST_TYPE = 263;
    static final int NO_MD_ENTRY_TYPES = 267;
    static final int NO_MD_ENTRIES = 268;
    static final int MD_ENTRY_TYPE = 269;
    static final int MD_ENTRY_PX = 270;
    static final int MD_ENTRY_SIZE = 271;
    static final int MD_ENTRY_DATE = 272;
    static final int MD_ENTRY_TIME = 273;
    static final int MD_UPDATE_ACTION = 279;
    static final int MD_REQ_REJ_REASON = 281;
    static final int SECURITY_REQ_ID = 320;
    static final int SECURITY_RESPONSE_ID = 322;
    static final int CXL_REJ_RESPONSE_TO = 434;
    static final int USERNAME = 553;
    static final int PASSWORD = 554;
    static final int SECURITY_REQUEST_RESULT = 560;
    static final int ACCOUNT_TYPE = 581;
    static final int MASS_STATUS_REQ_ID = 584;
    static final int PARTY_ID_SOURCE = 447;
    static final int PARTY_ID = 448;
    static final int PARTY_ROLE = 452;
    static final int NO_PARTY_IDS = 453;
    static final int NO_POSITIONS = 702;
    static final int POS_AMT_TYPE = 707;
    static final int POS_AMT = 708;
    static final int NO_POS_AMT = 753;
    static final int POS_TYPE = 703;
    static final int LONG_QTY = 704;
    static final int SHORT_QTY = 705;
    static final int POS_REQ_ID = 710;
    static final int CLEARING_BUSINESS_DATE = 715;
    static final int POS_MAINT_RPT_ID = 721;
    static final int TOTAL_NUM_POS_REPORTS = 727;
    static final int POS_REQ_RESULT = 728;
    static final int POS_REQ_STATUS = 729;
    static final int SETTL_PRICE = 730;
    static final int SETTL_PRICE_TYPE = 731;
    static final int PRIOR_SETTL_PRICE = 734;
    static final int TOT_NUM_REPORTS = 911;
    static final int LAST_RPT_REQUESTED = 912;
    static final int MIN_PRICE_INCREMENT = 969;

    private Tag() {}
  }

  private static final int[] MD_ENTRY_ORDER = {
    Tag.MD_UPDATE_ACTION,
    Tag.MD_ENTRY_TYPE,
    Tag.SYMBOL,
    Tag.MD_ENTRY_PX,
    Tag.MD_ENTRY_SIZE,
    Tag.MD_ENTRY_DATE,
    Tag.MD_ENTRY_TIME,
    0
  };
  private static final int[] SNAPSHOT_ENTRY_ORDER = {
    Tag.MD_ENTRY_TYPE, Tag.MD_ENTRY_PX, Tag.MD_ENTRY_SIZE, 0
  };

  /**
   * FIX 4.4's Instrument order; MinPriceIncrement(969) is FIX 5's, so it goes last, where an
   * initiator that allows unknown fields (as AFTM's does) reads it.
   */
  private static final int[] SECURITY_ORDER = {
    Tag.SYMBOL,
    Tag.SECURITY_TYPE,
    Tag.MATURITY_MONTH_YEAR,
    Tag.CONTRACT_MULTIPLIER,
    Tag.SECURITY_DESC,
    Tag.MIN_PRICE_INCREMENT,
    0
  };

  private static final int[] POSITION_ORDER = {Tag.POS_TYPE, Tag.LONG_QTY, Tag.SHORT_QTY, 0};
  private static final int[] PARTY_ORDER = {Tag.PARTY_ID, Tag.PARTY_ID_SOURCE, Tag.PARTY_ROLE, 0};
  private static final int[] AMOUNT_ORDER = {Tag.POS_AMT_TYPE, Tag.POS_AMT, 0};

  private static final char BID = '0';
  private static final char OFFER = '1';
  private static final char TRADE = '2';

  private final ExchangeApi broker;
  private final SessionID sessionId;
  private final boolean fix42;
  private final ExecutorService outbound;

  /** Makes ExecIDs and report ids unique across restarts of the venue: its start time. */
  private final String idPrefix;

  private final AtomicLong idCounter = new AtomicLong();
  private final VenueCounts.Counters counts = new VenueCounts.Counters();

  private final Object orderLock = new Object();

  /** Every order taken over FIX since start, by ClOrdID. Guarded by {@link #orderLock}. */
  private final Map<String, VenueOrder> orders = new HashMap<>();

  private final Object marketLock = new Object();

  /** MDReqIDs subscribed per symbol. Guarded by {@link #marketLock}. */
  private final Map<String, List<String>> subscriptions = new HashMap<>();

  /** The last trade and best bid/offer per symbol, for snapshots; written by broker threads. */
  private final Map<String, MarketTick> lastTrades = new ConcurrentHashMap<>();

  private final Map<String, BestBidOffer> lastQuotes = new ConcurrentHashMap<>();

  /** Username(553) of the last accepted Logon; written on the session thread. */
  private volatile String logonUser;

  VenueApplication(
      ExchangeApi broker,
      SessionID sessionId,
      FixVersion version,
      ExecutorService outbound,
      long startMillis) {
    this.broker = broker;
    this.sessionId = sessionId;
    this.fix42 = version == FixVersion.FIX42;
    this.outbound = outbound;
    this.idPrefix = "V" + Long.toString(startMillis, 36) + "-";
  }

  /**
   * The broker's order account for a request's Account(1): no Account, or the logon's Username,
   * means the logged-on user's first order account (what a broker's own front end does for a login
   * with one account), so an initiator need not know the broker's account names; any other Account
   * goes to the broker as sent, and the broker refuses it if it is not the user's.
   */
  private String brokerAccount(String requested) {
    if (requested == null || requested.isEmpty() || requested.equals(logonUser)) {
      List<String> accounts = broker.orderAccounts();
      if (!accounts.isEmpty()) {
        return accounts.get(0);
      }
    }
    return requested == null ? "" : requested;
  }

  VenueCounts counts() {
    return counts.snapshot();
  }

  // ---- session (QuickFIX/J's session thread)

  @Override
  public void onCreate(SessionID session) {
    LOG.info("FIX venue session {} ready", session);
  }

  @Override
  public void onLogon(SessionID session) {
    counts.logons.incrementAndGet();
    LOG.info("FIX venue session {} logged on", session);
  }

  @Override
  public void onLogout(SessionID session) {
    LOG.info("FIX venue session {} logged out; its market data subscriptions end", session);
    List<String> symbols;
    synchronized (marketLock) {
      symbols = new ArrayList<>(subscriptions.keySet());
      subscriptions.clear();
    }
    for (String symbol : symbols) {
      unsubscribeQuietly(symbol);
    }
  }

  @Override
  public void toAdmin(Message message, SessionID session) {}

  @Override
  public void fromAdmin(Message message, SessionID session) throws FieldNotFound, RejectLogon {
    if (!"A".equals(message.getHeader().getString(Tag.MSG_TYPE))) {
      return;
    }
    char[] password = null;
    try {
      String account = message.isSetField(Tag.USERNAME) ? message.getString(Tag.USERNAME) : "";
      password =
          message.isSetField(Tag.PASSWORD)
              ? message.getString(Tag.PASSWORD).toCharArray()
              : new char[0];
      // The parsed Logon is not kept, but drop the field at once all the same.
      message.removeField(Tag.PASSWORD);
      LoginResult login = broker.login(account, password);
      if (login.success()) {
        logonUser = account;
        LOG.info("FIX logon of {} accepted for account '{}'", session, account);
        return;
      }
      LOG.warn("FIX logon of {} refused for account '{}'", session, account);
    } catch (RuntimeException e) {
      // Whatever went wrong, the answer says no more than "login refused": an exception's text
      // could quote the password.
      LOG.warn("FIX logon of {} refused: the broker failed ({})", session, e.getClass().getName());
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
    counts.refusedLogons.incrementAndGet();
    throw new RejectLogon(LOGIN_REFUSED);
  }

  @Override
  public void toApp(Message message, SessionID session) {}

  @Override
  public void fromApp(Message message, SessionID session)
      throws FieldNotFound, UnsupportedMessageType {
    String type = message.getHeader().getString(Tag.MSG_TYPE);
    switch (type) {
      case "D" -> newOrderSingle(message);
      case "F" -> cancelRequest(message);
      case "H" -> statusRequest(message);
      case "AF" -> massStatusRequest(message);
      case "AN" -> positionsRequest(message);
      case "V" -> marketDataRequest(message);
      case "x" -> securityListRequest(message);
      default -> throw new UnsupportedMessageType();
    }
  }

  // ---- orders

  private void newOrderSingle(Message message) throws FieldNotFound {
    String clOrdId = message.getString(Tag.CL_ORD_ID);
    String symbol = message.isSetField(Tag.SYMBOL) ? message.getString(Tag.SYMBOL) : "NONE";
    char side = message.isSetField(Tag.SIDE) ? message.getChar(Tag.SIDE) : '1';
    int quantity = lots(message);
    VenueOrder order = new VenueOrder(clOrdId, symbol, side, Math.max(quantity, 0));
    counts.orders.incrementAndGet();
    boolean duplicate;
    synchronized (orderLock) {
      duplicate = orders.containsKey(clOrdId);
    }
    // A ClOrdID from before a restart of the venue is still the broker's.
    duplicate = duplicate || broker.orderState(clOrdId).isPresent();
    synchronized (orderLock) {
      duplicate = duplicate || orders.putIfAbsent(clOrdId, order) != null;
    }
    if (duplicate) {
      LOG.warn("Duplicate ClOrdID {} rejected, not placed again", clOrdId);
      rejectUnplaced(order, "DUPLICATE_ORDER: ClOrdID " + clOrdId + " was used before", '6');
      return;
    }
    OrderRequest request;
    try {
      request = orderRequest(message, clOrdId, symbol, side, quantity);
    } catch (IllegalArgumentException | FieldNotFound e) {
      refuse(order, "INVALID_ORDER: " + e.getMessage(), '0');
      return;
    }
    OrderResult result;
    try {
      // Its events may come before it returns, on this thread: the order is registered already.
      result = broker.placeOrder(request);
    } catch (RuntimeException e) {
      LOG.warn("The broker failed on order {}: {}", clOrdId, e.toString());
      refuse(order, "EXCHANGE_UNAVAILABLE: " + e.getMessage(), '0');
      return;
    }
    if (!result.sent()) {
      refuse(order, result.errorCode() + ": " + result.errorMessage(), '0');
    } else {
      synchronized (orderLock) {
        if (VenueOrder.NO_ORDER_ID.equals(order.orderId) && !result.orderSerial().isEmpty()) {
          order.orderId = result.orderSerial();
        }
      }
    }
  }

  private static int lots(Message message) throws FieldNotFound {
    if (!message.isSetField(Tag.ORDER_QTY)) {
      return 0;
    }
    BigDecimal quantity = message.getDecimal(Tag.ORDER_QTY);
    try {
      return quantity.intValueExact();
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  private OrderRequest orderRequest(
      Message message, String clOrdId, String symbol, char side, int quantity)
      throws FieldNotFound {
    if (quantity <= 0) {
      throw new IllegalArgumentException("OrderQty(38) must be a whole number of lots above 0");
    }
    Side aftmSide =
        switch (side) {
          case '1' -> Side.BUY;
          case '2' -> Side.SELL;
          default -> throw new IllegalArgumentException("Side(54) must be 1 or 2 but was " + side);
        };
    char ordType = message.isSetField(Tag.ORD_TYPE) ? message.getChar(Tag.ORD_TYPE) : '1';
    OrderType type =
        switch (ordType) {
          case '1' -> OrderType.MARKET;
          case '2' -> OrderType.LIMIT;
          default ->
              throw new IllegalArgumentException("OrdType(40) must be 1 or 2 but was " + ordType);
        };
    Price price =
        type == OrderType.LIMIT
            ? Price.ofUnits(VenuePrices.units(message.getDecimal(Tag.PRICE)))
            : Price.ZERO;
    char tif = message.isSetField(Tag.TIME_IN_FORCE) ? message.getChar(Tag.TIME_IN_FORCE) : '0';
    TimeInForce timeInForce =
        switch (tif) {
          case '0' -> TimeInForce.ROD;
          case '3' -> TimeInForce.IOC;
          case '4' -> TimeInForce.FOK;
          default ->
              throw new IllegalArgumentException(
                  "TimeInForce(59) must be 0, 3 or 4 but was " + tif);
        };
    String account =
        brokerAccount(message.isSetField(Tag.ACCOUNT) ? message.getString(Tag.ACCOUNT) : null);
    return new OrderRequest(
        account,
        symbol,
        aftmSide,
        type,
        price,
        quantity,
        OpenClose.AUTO,
        "",
        DayTrade.NO,
        timeInForce,
        clOrdId);
  }

  /** Rejects an order the broker refused, or never saw, unless an event ended it already. */
  private void refuse(VenueOrder order, String text, char ordRejReason) {
    synchronized (orderLock) {
      if (order.finished) {
        return;
      }
      finishRejected(order, text, ordRejReason);
    }
  }

  /** Rejects an order that is not the venue's (a duplicate ClOrdID): its record stays as it was. */
  private void rejectUnplaced(VenueOrder order, String text, char ordRejReason) {
    VenueOrder copy = new VenueOrder(order.clOrdId, order.symbol, order.side, order.quantity);
    synchronized (orderLock) {
      finishRejected(copy, text, ordRejReason);
    }
  }

  private void finishRejected(VenueOrder order, String text, char ordRejReason) {
    order.finished = true;
    order.ordStatus = OrdStatus.REJECTED;
    Message report = executionReport(order, '8', nextId(), System.currentTimeMillis());
    report.setString(Tag.TEXT, text(text, "rejected"));
    report.setChar(Tag.ORD_REJ_REASON, ordRejReason);
    send(report);
  }

  @Override
  public void onOrderEvent(OrderEvent event) {
    synchronized (orderLock) {
      VenueOrder order = orders.get(event.clientOrderId());
      if (order == null) {
        LOG.debug("Order event for {} not taken over FIX: skipped", event.clientOrderId());
        return;
      }
      if (order.finished) {
        LOG.debug("Order event for finished order {} skipped: {}", order.clOrdId, event);
        return;
      }
      Message report = report(order, event);
      if (report != null) {
        send(report);
      }
    }
  }

  private Message report(VenueOrder order, OrderEvent event) {
    long time = event.timeMillis();
    if (event instanceof OrderEvent.Accepted accepted) {
      order.orderId = accepted.orderSerial();
      order.ordStatus = OrdStatus.NEW;
      return executionReport(order, '0', nextId(), time);
    }
    if (event instanceof OrderEvent.Filled filled) {
      order.orderId = filled.orderSerial();
      int lots = Math.min(filled.quantity(), order.quantity - order.cumQty);
      order.cumQty += lots;
      order.costUnits += filled.price().units() * lots;
      order.ordStatus =
          order.cumQty >= order.quantity ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED;
      order.finished = order.ordStatus == OrdStatus.FILLED;
      Message report = executionReport(order, 'F', filled.executionId(), time);
      report.setInt(Tag.LAST_QTY, lots);
      report.setDecimal(Tag.LAST_PX, VenuePrices.decimal(filled.price().units()));
      counts.fills.incrementAndGet();
      return report;
    }
    if (event instanceof OrderEvent.Cancelled cancelled) {
      return ended(order, '4', OrdStatus.CANCELED, cancelled.reason(), time);
    }
    if (event instanceof OrderEvent.Expired expired) {
      return ended(order, 'C', OrdStatus.EXPIRED, expired.reason(), time);
    }
    if (event instanceof OrderEvent.Rejected rejected) {
      order.finished = true;
      order.ordStatus = OrdStatus.REJECTED;
      Message report = executionReport(order, '8', nextId(), time);
      report.setString(Tag.TEXT, text(rejected.errorCode() + ": " + rejected.reason(), "rejected"));
      report.setChar(Tag.ORD_REJ_REASON, '0');
      return report;
    }
    LOG.warn("The broker lost track of order {}: {}", order.clOrdId, event);
    return null;
  }

  private Message ended(VenueOrder order, char execType, char status, String reason, long time) {
    order.finished = true;
    order.ordStatus = status;
    Message report = executionReport(order, execType, nextId(), time);
    report.setString(Tag.TEXT, text(reason, "ended"));
    if (execType == '4' && order.cancelClOrdId != null) {
      // The answer to a cancel request names it, and the order it took off in OrigClOrdID.
      report.setString(Tag.CL_ORD_ID, order.cancelClOrdId);
      report.setString(Tag.ORIG_CL_ORD_ID, order.clOrdId);
    }
    return report;
  }

  private Message executionReport(VenueOrder order, char execType, String execId, long time) {
    Message report = message("8");
    report.setString(Tag.ORDER_ID, order.orderId);
    report.setString(Tag.EXEC_ID, execId);
    report.setString(Tag.CL_ORD_ID, order.clOrdId);
    if (fix42) {
      // FIX 4.2 has no ExecType F (trade) or I (status): a fill is 1 or 2 as the order stands,
      // and a status report repeats the order's status with ExecTransType 3 (status).
      report.setChar(Tag.EXEC_TRANS_TYPE, execType == 'I' ? '3' : '0');
      if (execType == 'F' || execType == 'I') {
        execType = order.ordStatus;
      }
    }
    report.setChar(Tag.EXEC_TYPE, execType);
    report.setChar(Tag.ORD_STATUS, order.ordStatus);
    report.setString(Tag.SYMBOL, order.symbol);
    report.setChar(Tag.SIDE, order.side);
    report.setInt(Tag.ORDER_QTY, order.quantity);
    report.setInt(Tag.CUM_QTY, order.cumQty);
    report.setInt(Tag.LEAVES_QTY, order.leavesQty());
    report.setDecimal(Tag.AVG_PX, order.averagePrice());
    report.setUtcTimeStamp(Tag.TRANSACT_TIME, utc(time), UtcTimestampPrecision.MILLIS);
    return report;
  }

  /**
   * Asks the fronted broker to cancel a working order ({@link ExchangeApi#cancelOrder}); its {@code
   * Cancelled} event then goes out as ExecType 4 naming the cancel request in ClOrdID and the order
   * in OrigClOrdID. An OrderCancelReject says why otherwise: unknown order, too late (final), not
   * cancellable now (the broker executes it at once or is deciding it), or a broker that offers no
   * cancel. Called outside the order lock: the broker may deliver the event on this thread.
   */
  private void cancelRequest(Message message) throws FieldNotFound {
    String origClOrdId = message.getString(Tag.ORIG_CL_ORD_ID);
    String clOrdId = message.getString(Tag.CL_ORD_ID);
    VenueOrder order;
    synchronized (orderLock) {
      order = orders.get(origClOrdId);
      if (order == null) {
        cancelReject(null, origClOrdId, clOrdId, 1, "unknown order");
        return;
      }
      if (order.finished) {
        cancelReject(order, origClOrdId, clOrdId, 0, "too late to cancel: the order is final");
        return;
      }
      order.cancelClOrdId = clOrdId;
    }
    int reason;
    String text;
    try {
      if (broker.cancelOrder(origClOrdId)) {
        return;
      }
      reason = 0;
      text = "the order cannot be cancelled now: the broker is executing it or it is final";
    } catch (UnsupportedOperationException e) {
      reason = 2;
      text = "the broker behind this venue takes no cancel requests";
    } catch (RuntimeException e) {
      LOG.warn("The broker failed on the cancel of {}: {}", origClOrdId, e.toString());
      reason = 2;
      text = "EXCHANGE_UNAVAILABLE: " + e.getMessage();
    }
    synchronized (orderLock) {
      if (clOrdId.equals(order.cancelClOrdId)) {
        order.cancelClOrdId = null;
      }
      cancelReject(order, origClOrdId, clOrdId, order.finished ? 0 : reason, text);
    }
  }

  /** Sends an OrderCancelReject; called under the order lock. */
  private void cancelReject(
      VenueOrder order, String origClOrdId, String clOrdId, int reason, String text) {
    Message reject = message("9");
    reject.setString(Tag.ORDER_ID, order == null ? VenueOrder.NO_ORDER_ID : order.orderId);
    reject.setString(Tag.CL_ORD_ID, clOrdId);
    reject.setString(Tag.ORIG_CL_ORD_ID, origClOrdId);
    reject.setChar(Tag.ORD_STATUS, order == null ? OrdStatus.REJECTED : order.ordStatus);
    reject.setChar(Tag.CXL_REJ_RESPONSE_TO, '1');
    reject.setInt(Tag.CXL_REJ_REASON, reason);
    reject.setString(Tag.TEXT, text(text, "cancel rejected"));
    send(reject);
  }

  private void statusRequest(Message message) throws FieldNotFound {
    String clOrdId = message.getString(Tag.CL_ORD_ID);
    Optional<OrderUpdate> state = broker.orderState(clOrdId);
    synchronized (orderLock) {
      VenueOrder known = orders.get(clOrdId);
      if (state.isEmpty() && known == null) {
        Message report =
            statusReport(
                new VenueOrder(
                    clOrdId,
                    message.isSetField(Tag.SYMBOL) ? message.getString(Tag.SYMBOL) : "NONE",
                    message.isSetField(Tag.SIDE) ? message.getChar(Tag.SIDE) : '1',
                    0),
                OrdStatus.REJECTED);
        report.setChar(Tag.ORD_REJ_REASON, '5');
        report.setString(Tag.TEXT, "unknown order");
        send(report);
        return;
      }
      VenueOrder order =
          state.isPresent()
              ? fromUpdate(state.get(), known, message)
              : copyOf(known); // placed over FIX but refused before the broker acknowledged it
      send(statusReport(order, order.ordStatus));
    }
  }

  private void massStatusRequest(Message message) throws FieldNotFound {
    String requestId = message.getString(Tag.MASS_STATUS_REQ_ID);
    String account = message.isSetField(Tag.ACCOUNT) ? message.getString(Tag.ACCOUNT) : "";
    List<OrderUpdate> working = broker.workingOrders(brokerAccount(account));
    synchronized (orderLock) {
      if (working.isEmpty()) {
        Message none = statusReport(new VenueOrder("NONE", "NONE", '1', 0), OrdStatus.NEW);
        none.setString(Tag.MASS_STATUS_REQ_ID, requestId);
        none.setInt(Tag.TOT_NUM_REPORTS, 0);
        none.setBoolean(Tag.LAST_RPT_REQUESTED, true);
        send(none);
        return;
      }
      for (int i = 0; i < working.size(); i++) {
        OrderUpdate update = working.get(i);
        VenueOrder order = fromUpdate(update, orders.get(update.clientOrderId()), null);
        Message report = statusReport(order, order.ordStatus);
        report.setString(Tag.MASS_STATUS_REQ_ID, requestId);
        report.setInt(Tag.TOT_NUM_REPORTS, working.size());
        if (i == working.size() - 1) {
          report.setBoolean(Tag.LAST_RPT_REQUESTED, true);
        }
        send(report);
      }
    }
  }

  /** The broker's word on an order, with what only the venue knows (OrderID, symbol, side). */
  private static VenueOrder fromUpdate(OrderUpdate update, VenueOrder known, Message request)
      throws FieldNotFound {
    String symbol;
    char side;
    if (known != null) {
      symbol = known.symbol;
      side = known.side;
    } else if (request != null) {
      symbol = request.isSetField(Tag.SYMBOL) ? request.getString(Tag.SYMBOL) : "NONE";
      side = request.isSetField(Tag.SIDE) ? request.getChar(Tag.SIDE) : '1';
    } else {
      symbol = "NONE";
      side = '1';
    }
    VenueOrder order = new VenueOrder(update.clientOrderId(), symbol, side, update.quantity());
    order.orderId = known != null ? known.orderId : VenueOrder.NO_ORDER_ID;
    order.cumQty = update.filledQuantity();
    order.costUnits = update.filledCostUnits();
    order.finished = update.state().isFinal();
    order.ordStatus = ordStatus(update.state());
    return order;
  }

  private static VenueOrder copyOf(VenueOrder known) {
    VenueOrder order = new VenueOrder(known.clOrdId, known.symbol, known.side, known.quantity);
    order.orderId = known.orderId;
    order.cumQty = known.cumQty;
    order.costUnits = known.costUnits;
    order.finished = known.finished;
    order.ordStatus = known.ordStatus;
    return order;
  }

  private static char ordStatus(OrderState state) {
    return switch (state) {
      case SUBMITTED, ACCEPTED, UNKNOWN -> OrdStatus.NEW;
      case PARTIALLY_FILLED -> OrdStatus.PARTIALLY_FILLED;
      case FILLED -> OrdStatus.FILLED;
      case REJECTED -> OrdStatus.REJECTED;
      case CANCELLED -> OrdStatus.CANCELED;
      case EXPIRED -> OrdStatus.EXPIRED;
    };
  }

  private Message statusReport(VenueOrder order, char ordStatus) {
    order.ordStatus = ordStatus;
    return executionReport(order, 'I', nextId(), System.currentTimeMillis());
  }

  // ---- positions

  private void positionsRequest(Message message) throws FieldNotFound {
    String requestId = message.getString(Tag.POS_REQ_ID);
    String account = message.isSetField(Tag.ACCOUNT) ? message.getString(Tag.ACCOUNT) : "";
    List<Position> positions = broker.positions(brokerAccount(account));
    LocalDate businessDate = LocalDate.now(ZoneOffset.UTC);
    String reportId = nextId();
    Message ack = message("AO");
    ack.setString(Tag.POS_MAINT_RPT_ID, reportId);
    ack.setString(Tag.POS_REQ_ID, requestId);
    ack.setInt(Tag.TOTAL_NUM_POS_REPORTS, positions.size());
    ack.setInt(Tag.POS_REQ_RESULT, 0);
    ack.setInt(Tag.POS_REQ_STATUS, 0);
    ack.addGroup(party(account));
    ack.setString(Tag.ACCOUNT, account);
    ack.setInt(Tag.ACCOUNT_TYPE, 1);
    List<Message> reports = new ArrayList<>(positions.size() + 1);
    reports.add(ack);
    for (Position position : positions) {
      Message report = message("AP");
      report.setString(Tag.POS_MAINT_RPT_ID, nextId());
      report.setString(Tag.POS_REQ_ID, requestId);
      report.setInt(Tag.TOTAL_NUM_POS_REPORTS, positions.size());
      report.setInt(Tag.POS_REQ_RESULT, 0);
      report.setUtcDateOnly(Tag.CLEARING_BUSINESS_DATE, businessDate);
      report.addGroup(party(account));
      report.setString(Tag.ACCOUNT, account);
      report.setInt(Tag.ACCOUNT_TYPE, 1);
      report.setString(Tag.SYMBOL, position.itemCode());
      Group lots = new Group(Tag.NO_POSITIONS, Tag.POS_TYPE, POSITION_ORDER);
      lots.setString(Tag.POS_TYPE, "TOT");
      lots.setInt(Tag.LONG_QTY, Math.max(position.quantity(), 0));
      lots.setInt(Tag.SHORT_QTY, Math.max(-position.quantity(), 0));
      report.addGroup(lots);
      report.setDecimal(Tag.SETTL_PRICE, VenuePrices.decimal(position.lastPrice().units()));
      report.setInt(Tag.SETTL_PRICE_TYPE, 1);
      report.setDecimal(
          Tag.PRIOR_SETTL_PRICE, VenuePrices.decimal(position.averagePrice().units()));
      // FIX 4.4 requires an amount: the open P&L in money at the settlement (last) price.
      Group amount = new Group(Tag.NO_POS_AMT, Tag.POS_AMT_TYPE, AMOUNT_ORDER);
      amount.setString(Tag.POS_AMT_TYPE, "FMTM");
      amount.setDecimal(Tag.POS_AMT, VenuePrices.decimal(position.unrealizedPnl().units()));
      report.addGroup(amount);
      reports.add(report);
    }
    synchronized (orderLock) {
      reports.forEach(this::send);
    }
  }

  /** The account as the one party FIX 4.4 requires on position messages (role 24, customer). */
  private static Group party(String account) {
    Group party = new Group(Tag.NO_PARTY_IDS, Tag.PARTY_ID, PARTY_ORDER);
    party.setString(Tag.PARTY_ID, account.isEmpty() ? "NONE" : account);
    party.setChar(Tag.PARTY_ID_SOURCE, 'D');
    party.setInt(Tag.PARTY_ROLE, 24);
    return party;
  }

  // ---- instruments

  private void securityListRequest(Message message) throws FieldNotFound {
    Message list = message("y");
    list.setString(Tag.SECURITY_REQ_ID, message.getString(Tag.SECURITY_REQ_ID));
    list.setString(Tag.SECURITY_RESPONSE_ID, nextId());
    list.setInt(Tag.SECURITY_REQUEST_RESULT, 0);
    for (Contract contract : broker.contracts()) {
      Group security = new Group(Tag.NO_RELATED_SYM, Tag.SYMBOL, SECURITY_ORDER);
      security.setString(Tag.SYMBOL, contract.code());
      security.setString(Tag.SECURITY_DESC, text(contract.name(), contract.code()));
      security.setString(Tag.SECURITY_TYPE, "FUT");
      security.setString(Tag.MATURITY_MONTH_YEAR, contract.deliveryMonth());
      security.setDecimal(
          Tag.CONTRACT_MULTIPLIER,
          VenuePrices.decimal(Price.ofPoints(contract.pointValue()).units()));
      security.setDecimal(
          Tag.MIN_PRICE_INCREMENT, VenuePrices.decimal(contract.tickSize().units()));
      list.addGroup(security);
    }
    send(list);
  }

  // ---- market data

  private void marketDataRequest(Message message) throws FieldNotFound {
    String requestId = message.getString(Tag.MD_REQ_ID);
    char type = message.getChar(Tag.SUBSCRIPTION_REQUEST_TYPE);
    List<String> symbols = new ArrayList<>();
    for (Group group : message.getGroups(Tag.NO_RELATED_SYM)) {
      symbols.add(group.getString(Tag.SYMBOL));
    }
    if (type == '2') {
      for (String symbol : symbols) {
        boolean last;
        synchronized (marketLock) {
          List<String> ids = subscriptions.getOrDefault(symbol, List.of());
          List<String> rest = new ArrayList<>(ids);
          rest.remove(requestId);
          last = rest.isEmpty() && !ids.isEmpty();
          if (rest.isEmpty()) {
            subscriptions.remove(symbol);
          } else {
            subscriptions.put(symbol, List.copyOf(rest));
          }
        }
        if (last) {
          unsubscribeQuietly(symbol);
        }
      }
      return;
    }
    if (symbols.isEmpty()) {
      rejectMarketData(requestId, "no symbol requested in NoRelatedSym(146)");
      return;
    }
    List<String> subscribed = new ArrayList<>();
    for (String symbol : symbols) {
      try {
        broker.subscribeQuotes(symbol);
        subscribed.add(symbol);
      } catch (RuntimeException e) {
        subscribed.forEach(this::unsubscribeQuietly);
        rejectMarketData(requestId, "unknown symbol '" + symbol + "': " + e.getMessage());
        return;
      }
    }
    synchronized (marketLock) {
      for (String symbol : symbols) {
        send(snapshot(requestId, symbol));
        List<String> ids = new ArrayList<>(subscriptions.getOrDefault(symbol, List.of()));
        if (!ids.contains(requestId)) {
          ids.add(requestId);
        }
        subscriptions.put(symbol, List.copyOf(ids));
      }
    }
  }

  private void rejectMarketData(String requestId, String text) {
    Message reject = message("Y");
    reject.setString(Tag.MD_REQ_ID, requestId);
    reject.setChar(Tag.MD_REQ_REJ_REASON, '0');
    reject.setString(Tag.TEXT, text(text, "rejected"));
    synchronized (marketLock) {
      send(reject);
    }
  }

  private void unsubscribeQuietly(String symbol) {
    try {
      broker.unsubscribeQuotes(symbol);
    } catch (RuntimeException e) {
      LOG.debug("Unsubscribing {} failed: {}", symbol, e.toString());
    }
  }

  private Message snapshot(String requestId, String symbol) {
    Message snapshot = message("W");
    snapshot.setString(Tag.MD_REQ_ID, requestId);
    snapshot.setString(Tag.SYMBOL, symbol);
    BestBidOffer quote = lastQuotes.get(symbol);
    if (quote != null) {
      snapshot.addGroup(snapshotEntry(BID, quote.bidUnits(), quote.bidQuantity()));
      snapshot.addGroup(snapshotEntry(OFFER, quote.askUnits(), quote.askQuantity()));
    }
    MarketTick trade = lastTrades.get(symbol);
    if (trade != null) {
      snapshot.addGroup(snapshotEntry(TRADE, trade.priceUnits(), trade.quantity()));
    }
    if (quote == null && trade == null) {
      snapshot.setInt(Tag.NO_MD_ENTRIES, 0);
    }
    return snapshot;
  }

  private static Group snapshotEntry(char type, long priceUnits, long size) {
    Group entry = new Group(Tag.NO_MD_ENTRIES, Tag.MD_ENTRY_TYPE, SNAPSHOT_ENTRY_ORDER);
    entry.setChar(Tag.MD_ENTRY_TYPE, type);
    entry.setDecimal(Tag.MD_ENTRY_PX, VenuePrices.decimal(priceUnits));
    entry.setDecimal(Tag.MD_ENTRY_SIZE, BigDecimal.valueOf(size));
    return entry;
  }

  @Override
  public void onTick(MarketTick tick) {
    lastTrades.put(tick.itemCode(), tick);
    synchronized (marketLock) {
      List<String> ids = subscriptions.get(tick.itemCode());
      if (ids == null) {
        return;
      }
      for (String id : ids) {
        Message increment = increment(id);
        increment.addGroup(
            entry(
                TRADE,
                tick.itemCode(),
                tick.priceUnits(),
                tick.quantity(),
                tick.exchangeTimeMillis()));
        send(increment);
      }
    }
  }

  /** Trades delivered together go out together: one X per subscription with all of them. */
  @Override
  public void onTicks(List<MarketTick> ticks) {
    for (int i = 0; i < ticks.size(); i++) {
      MarketTick tick = ticks.get(i);
      lastTrades.put(tick.itemCode(), tick);
    }
    synchronized (marketLock) {
      for (Map.Entry<String, List<String>> subscription : subscriptions.entrySet()) {
        String symbol = subscription.getKey();
        for (String id : subscription.getValue()) {
          Message increment = null;
          for (int i = 0; i < ticks.size(); i++) {
            MarketTick tick = ticks.get(i);
            if (tick.itemCode().equals(symbol)) {
              if (increment == null) {
                increment = increment(id);
              }
              increment.addGroup(
                  entry(
                      TRADE,
                      symbol,
                      tick.priceUnits(),
                      tick.quantity(),
                      tick.exchangeTimeMillis()));
            }
          }
          if (increment != null) {
            send(increment);
          }
        }
      }
    }
  }

  @Override
  public void onBestBidOffer(BestBidOffer quote) {
    lastQuotes.put(quote.itemCode(), quote);
    synchronized (marketLock) {
      List<String> ids = subscriptions.get(quote.itemCode());
      if (ids == null) {
        return;
      }
      for (String id : ids) {
        Message increment = increment(id);
        increment.addGroup(
            entry(
                BID,
                quote.itemCode(),
                quote.bidUnits(),
                quote.bidQuantity(),
                quote.exchangeTimeMillis()));
        increment.addGroup(
            entry(
                OFFER,
                quote.itemCode(),
                quote.askUnits(),
                quote.askQuantity(),
                quote.exchangeTimeMillis()));
        send(increment);
      }
    }
  }

  private Message increment(String requestId) {
    Message increment = message("X");
    increment.setString(Tag.MD_REQ_ID, requestId);
    return increment;
  }

  private static Group entry(
      char type, String symbol, long priceUnits, long size, long timeMillis) {
    Group entry = new Group(Tag.NO_MD_ENTRIES, Tag.MD_UPDATE_ACTION, MD_ENTRY_ORDER);
    entry.setChar(Tag.MD_UPDATE_ACTION, '0');
    entry.setChar(Tag.MD_ENTRY_TYPE, type);
    entry.setString(Tag.SYMBOL, symbol);
    entry.setDecimal(Tag.MD_ENTRY_PX, VenuePrices.decimal(priceUnits));
    entry.setDecimal(Tag.MD_ENTRY_SIZE, BigDecimal.valueOf(size));
    LocalDateTime time = utc(timeMillis);
    entry.setUtcDateOnly(Tag.MD_ENTRY_DATE, time.toLocalDate());
    entry.setUtcTimeOnly(Tag.MD_ENTRY_TIME, time.toLocalTime(), UtcTimestampPrecision.MILLIS);
    return entry;
  }

  // ---- sending

  private static Message message(String type) {
    Message message = new Message();
    message.getHeader().setString(Tag.MSG_TYPE, type);
    return message;
  }

  /**
   * Free text as FIX 4.4 strings carry it: printable ASCII. QuickFIX/J writes ISO-8859-1 and counts
   * characters, so a contract's Chinese name would break the message's length and checksum; its
   * ASCII part (e.g. "TAIEX Futures") is kept, or {@code fallback} when nothing is left.
   */
  static String text(String value, String fallback) {
    StringBuilder ascii = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        ascii.append(c);
      }
    }
    String cleaned = ascii.toString().trim().replaceAll(" {2,}", " ");
    return cleaned.isEmpty() ? fallback : cleaned;
  }

  private static String messageType(Message message) {
    try {
      return message.getHeader().getString(Tag.MSG_TYPE);
    } catch (FieldNotFound e) {
      throw new IllegalStateException("a venue message without MsgType", e);
    }
  }

  private String nextId() {
    return idPrefix + idCounter.incrementAndGet();
  }

  private static LocalDateTime utc(long epochMillis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  /**
   * Queues a message for the sending thread. Called under the lock that orders it, so the queue
   * holds messages in the order they were made. While the initiator is away QuickFIX/J stores what
   * is sent, and resends it when asked after the next logon.
   */
  private void send(Message message) {
    String type = messageType(message);
    if ("8".equals(type)) {
      counts.executionReports.incrementAndGet();
    } else if ("W".equals(type) || "X".equals(type)) {
      counts.marketDataMessages.incrementAndGet();
    }
    try {
      outbound.execute(
          () -> {
            try {
              Session.sendToTarget(message, sessionId);
            } catch (SessionNotFound e) {
              LOG.warn("FIX venue session {} is gone; {} not sent", sessionId, type);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("FIX venue stopping; {} not sent", type);
    }
  }
}
