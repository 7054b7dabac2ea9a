package org.aftm.application.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.calendar.AlwaysOpenCalendar;
import org.aftm.domain.calendar.TradingCalendar;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-trade risk engine (docs/architecture.md §12): the one component every order passes before
 * the broker sees it, whoever sent it (strategy, manual, replay, flatten). Checks, cheapest first:
 * an entry's age, the login, the lots per order, the trading state, the trading hours, the order
 * rate, the price band of a limit order, the net position counting orders in flight, and for a
 * close what may be closed. A close that names the entry it closes is judged against that entry's
 * own fills, not against the account's net, which other conditions share; it is then sent as a
 * close only when the account's net can absorb it, else as AUTO, since a futures account nets.
 *
 * <p>An order <em>reduces the position</em> when it is a close, or its side is opposite to the
 * account's net plus working lots in the instrument and it is no larger than them. Such orders pass
 * {@code REDUCING}, the hours, the rate limit and the price band: a refused exit would leave a
 * position without its stop loss (and a rate refusal is final for a condition). Flatten passes
 * every state, the hours and the rate limit.
 *
 * <p>Thread-safe as its sources are. Its only state is the rate window and the cached session
 * close; on the gateway thread, a check of an order that passes allocates nothing but its decision.
 */
public final class RiskEngine {

  private static final Logger LOG = LoggerFactory.getLogger(RiskEngine.class);

  private final RiskLimits limits;
  private final Portfolio portfolio;
  private final OrderLifecycle lifecycle;
  private final BooleanSupplier loggedIn;
  private final LongSupplier nanoClock;
  private final Supplier<TradingStatus> tradingStatus;
  private final TradingCalendar calendar;
  private final InstantSource clock;
  private final OrderRateWindow rate;

  /**
   * The price band in millionths of a percent, so the check compares exact longs: a price is never
   * a double (docs/architecture.md §4), and 5 % of 20000 is exactly 1000.
   */
  private final long priceBandMicroPct;

  /** The band as configured, for messages: {@code 5}, not {@code 5.0}. */
  private final String priceBandText;

  /**
   * Until when (epoch millis) the session last found open stays open: saves asking the calendar.
   */
  private volatile long openUntilMillis = Long.MIN_VALUE;

  /** Instruments whose missing last price was logged already (the band passes them). */
  private final Set<String> noPriceLogged = ConcurrentHashMap.newKeySet();

  /**
   * An engine with the quantity, position, age and login checks only: always active, always open,
   * no rate limit, no price band. For replays and tests.
   */
  public RiskEngine(
      RiskLimits limits,
      Portfolio portfolio,
      OrderLifecycle lifecycle,
      BooleanSupplier loggedIn,
      LongSupplier nanoClock) {
    this(
        limits,
        portfolio,
        lifecycle,
        loggedIn,
        nanoClock,
        () -> ALWAYS_ACTIVE,
        AlwaysOpenCalendar.INSTANCE,
        InstantSource.system(),
        null,
        0);
  }

  private static final TradingStatus ALWAYS_ACTIVE = TradingStatus.initial(0);

  /**
   * @param tradingStatus the trading state now ({@link TradingControl#tradingStatus}), read on
   *     every order
   * @param calendar when an opening order may be placed
   * @param clock wall time, for the calendar
   * @param rate the order-rate window, or {@code null} for no rate limit
   * @param priceBandPct how far (percent) a limit order's price may be from the last trade price; 0
   *     for no band
   */
  public RiskEngine(
      RiskLimits limits,
      Portfolio portfolio,
      OrderLifecycle lifecycle,
      BooleanSupplier loggedIn,
      LongSupplier nanoClock,
      Supplier<TradingStatus> tradingStatus,
      TradingCalendar calendar,
      InstantSource clock,
      OrderRateWindow rate,
      double priceBandPct) {
    if (!(priceBandPct >= 0)) {
      throw new IllegalArgumentException("priceBandPct must be >= 0 but was " + priceBandPct);
    }
    this.limits = limits;
    this.portfolio = portfolio;
    this.lifecycle = lifecycle;
    this.loggedIn = loggedIn;
    this.nanoClock = nanoClock;
    this.tradingStatus = tradingStatus;
    this.calendar = calendar;
    this.clock = clock;
    this.rate = rate;
    this.priceBandMicroPct = Math.round(priceBandPct * 1_000_000);
    this.priceBandText = BigDecimal.valueOf(priceBandPct).stripTrailingZeros().toPlainString();
  }

  /**
   * What the checks decide: place {@code request} (possibly resized or turned into AUTO), or refuse
   * with a code and a message that names the limit and the value.
   *
   * @param throttled the refusal is the order rate's: the gateway neither audits nor journals it,
   *     so a flood cannot grow the trail
   */
  public record Decision(
      OrderRequest request, ErrorCode refusal, String message, boolean throttled) {
    static Decision place(OrderRequest request) {
      return new Decision(request, null, "", false);
    }

    public boolean refused() {
      return refusal != null;
    }
  }

  public Decision check(PlaceOrderCommand command) {
    OrderRequest request = command.request();
    boolean closing = request.openClose() == OpenClose.CLOSE;
    boolean flatten = command.origin() == OrderOrigin.FLATTEN;
    if (!closing && command.originNanos() > 0) {
      long age = nanoClock.getAsLong() - command.originNanos();
      if (age > limits.maxOrderAgeNanos()) {
        return refuse(
            request,
            ErrorCode.STALE_ORDER,
            "the tick behind this entry is "
                + age / 1_000_000
                + " ms old, over the limit of "
                + limits.maxOrderAgeNanos() / 1_000_000
                + " ms; not placed late");
      }
    }
    if (!loggedIn.getAsBoolean()) {
      return refuse(request, ErrorCode.NOT_LOGGED_IN, "not logged in to the broker");
    }
    if (request.quantity() > limits.maxOrderQuantity()) {
      return refuse(
          request,
          ErrorCode.RISK_LIMIT,
          "AFTM_MAX_ORDER_QTY: quantity "
              + request.quantity()
              + " exceeds the limit of "
              + limits.maxOrderQuantity()
              + " lots per order");
    }
    Decision market = checkMarket(request, closing, flatten);
    if (market != null) {
      return market;
    }
    Decision decision = checkPosition(request, closing, command.closesClientOrderId());
    if (rate != null && !flatten && !decision.refused()) {
      rate.record(nanoClock.getAsLong());
    }
    return decision;
  }

  /**
   * The trading state, the hours, the order rate and the price band; {@code null} when they pass.
   * Whether the order reduces the position is found only when one of them needs to know.
   */
  private Decision checkMarket(OrderRequest request, boolean closing, boolean flatten) {
    int reduces = UNKNOWN;
    TradingStatus status = tradingStatus.get();
    if (status.state() != TradingState.ACTIVE) {
      reduces = reduces(request, closing);
      if (!status.state().allows(reduces == YES, flatten)) {
        return refuse(
            request,
            ErrorCode.TRADING_HALTED,
            "trading is "
                + status.state().wire()
                + " ("
                + status.reason()
                + "): "
                + (status.state() == TradingState.HALTED
                    ? "nothing passes except flatten"
                    : "only orders that reduce a position pass"));
      }
    }
    if (flatten) {
      return null;
    }
    if (!sessionOpen()) {
      if (reduces == UNKNOWN) {
        reduces = reduces(request, closing);
      }
      if (reduces == NO) {
        return refuse(
            request,
            ErrorCode.MARKET_CLOSED,
            "no trading session is open now ("
                + calendar
                + "); only orders that reduce a position pass");
      }
    }
    if (rate != null) {
      OrderRateWindow.Breach breach = rate.breach(nanoClock.getAsLong());
      if (breach != OrderRateWindow.Breach.NONE) {
        if (reduces == UNKNOWN) {
          reduces = reduces(request, closing);
        }
        if (reduces == NO) {
          boolean second = breach == OrderRateWindow.Breach.PER_SECOND;
          // Not logged here: a flood would flood the log; the gateway logs a count per second.
          return new Decision(
              request,
              ErrorCode.RISK_LIMIT,
              second
                  ? "AFTM_MAX_ORDERS_PER_SECOND: over the limit of "
                      + rate.maxPerSecond()
                      + " orders in any one second"
                  : "AFTM_MAX_ORDERS_PER_MINUTE: over the limit of "
                      + rate.maxPerMinute()
                      + " orders in any one minute",
              true);
        }
      }
    }
    if (priceBandMicroPct > 0 && request.orderType() == OrderType.LIMIT) {
      if (reduces == UNKNOWN) {
        reduces = reduces(request, closing);
      }
      if (reduces == NO) {
        return checkPriceBand(request);
      }
    }
    return null;
  }

  private static final int UNKNOWN = 0;
  private static final int YES = 1;
  private static final int NO = 2;

  /** A close, or an order against the net plus working lots and no larger than them. */
  private int reduces(OrderRequest request, boolean closing) {
    if (closing) {
      return YES;
    }
    String account = request.orderAccount();
    String item = request.itemCode();
    int projected = portfolio.netQuantity(account, item) + portfolio.workingQuantity(account, item);
    boolean against = projected != 0 && Integer.signum(projected) != request.side().sign();
    return against && request.quantity() <= Math.abs(projected) ? YES : NO;
  }

  /** Whether a session is open now; the calendar is asked again only once the last one closed. */
  private boolean sessionOpen() {
    long now = clock.millis();
    if (now < openUntilMillis) {
      return true;
    }
    Optional<Instant> close = calendar.sessionClose(Instant.ofEpochMilli(now));
    if (close.isPresent()) {
      openUntilMillis = close.get().toEpochMilli();
      return true;
    }
    if (calendar.isOpen(Instant.ofEpochMilli(now))) {
      // Open with no close (always open): no need to ask again for a while.
      openUntilMillis = now + 1_000;
      return true;
    }
    return false;
  }

  private Decision checkPriceBand(OrderRequest request) {
    long last = portfolio.lastPrice(request.itemCode());
    if (last <= 0) {
      if (noPriceLogged.add(request.itemCode())) {
        LOG.warn(
            "No trade price of {} known yet: limit orders pass the price band until one is",
            UntrustedText.quote(request.itemCode(), 40));
      }
      return null;
    }
    long price = request.price().units();
    long deviation = Math.abs(price - last);
    // deviation / last > band% ⇔ deviation × 100 × 10^6 > band (millionths of a percent) × last;
    // both sides stay far below Long.MAX_VALUE for any listed price.
    if (deviation * 100_000_000L > priceBandMicroPct * last) {
      BigDecimal deviationPct =
          BigDecimal.valueOf(deviation * 100)
              .divide(BigDecimal.valueOf(last), 2, RoundingMode.HALF_UP)
              .stripTrailingZeros();
      return refuse(
          request,
          ErrorCode.RISK_LIMIT,
          "AFTM_PRICE_BAND_PCT: limit price "
              + Price.format(price)
              + " is "
              + deviationPct.toPlainString()
              + "% from the last trade price "
              + Price.format(last)
              + ", over the band of "
              + priceBandText
              + "%");
    }
    return null;
  }

  private Decision checkPosition(OrderRequest request, boolean closing, String closes) {
    String account = request.orderAccount();
    String item = request.itemCode();
    int held = portfolio.netQuantity(account, item);
    if (!closing) {
      long projected =
          (long) held
              + portfolio.workingQuantity(account, item)
              + (long) request.side().sign() * request.quantity();
      if (Math.abs(projected) > limits.maxPositionQuantity()
          && Math.abs(projected) > Math.abs(held)) {
        return refuse(
            request,
            ErrorCode.RISK_LIMIT,
            "AFTM_MAX_POSITION_QTY: position in "
                + item
                + " would be "
                + projected
                + " lots counting orders in flight, over the limit of "
                + limits.maxPositionQuantity());
      }
      return Decision.place(request);
    }
    return checkClose(request, closes, held);
  }

  private Decision checkClose(OrderRequest request, String closes, int held) {
    int quantity = request.quantity();
    if (closes != null) {
      int closable = lifecycle.closableFor(closes);
      if (closable == 0) {
        return refuse(
            request,
            ErrorCode.NO_POSITION_TO_CLOSE,
            "the entry "
                + closes
                + " this order closes has no lots left to close (unfilled, or closed already)");
      }
      if (quantity > closable) {
        LOG.warn(
            "Exit {} for {} lots clamped to the {} its entry {} has open",
            UntrustedText.quote(request.clientOrderId()),
            quantity,
            closable,
            closes);
        quantity = closable;
      }
      // What the account will hold once the orders already working fill: a close larger than
      // that would be refused by the broker.
      int projected = held + portfolio.workingQuantity(request.orderAccount(), request.itemCode());
      boolean netAbsorbs = projected != 0 && Integer.signum(projected) != request.side().sign();
      if (!netAbsorbs || quantity > Math.abs(projected)) {
        // Other conditions' legs net against this one in the account: closing the condition's
        // own lots is then an ordinary order to the broker, not a close of the account's net.
        LOG.info(
            "Exit {} of {} lots sent as AUTO: the account's net position in {} is {}, {} counting"
                + " orders in flight",
            UntrustedText.quote(request.clientOrderId()),
            quantity,
            UntrustedText.quote(request.itemCode(), 40),
            held,
            projected);
        return Decision.place(request.withQuantityAndOpenClose(quantity, OpenClose.AUTO));
      }
      return Decision.place(
          quantity == request.quantity() ? request : request.withQuantity(quantity));
    }
    if (held == 0 || Integer.signum(held) == request.side().sign()) {
      return refuse(
          request,
          ErrorCode.NO_POSITION_TO_CLOSE,
          "nothing to close: "
              + request.side().wire()
              + " "
              + request.itemCode()
              + " while holding "
              + held);
    }
    if (quantity > Math.abs(held)) {
      LOG.warn(
          "Close order for {} lots of {} clamped to the {} held",
          quantity,
          UntrustedText.quote(request.itemCode(), 40),
          Math.abs(held));
      return Decision.place(request.withQuantity(Math.abs(held)));
    }
    return Decision.place(request);
  }

  private static Decision refuse(OrderRequest request, ErrorCode code, String message) {
    // The message may quote the request's own text (an item code, an order id).
    LOG.warn(
        "Order {} refused ({}): {}",
        UntrustedText.quote(request.clientOrderId()),
        code.wire(),
        UntrustedText.oneLine(message, UntrustedText.MAX_CHARS));
    return new Decision(request, code, message, false);
  }
}
