package org.aftm.application.service;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-trade checks every order passes before the broker sees it (strategy, manual and replay
 * orders alike), in order: an entry's age, the login, the lots per order, the net position counting
 * orders in flight, and for a close what may be closed. A close that names the entry it closes is
 * judged against that entry's own fills, not against the account's net, which other conditions
 * share; it is then sent as a close only when the account's net can absorb it, else as AUTO, since
 * a futures account nets.
 *
 * <p>Thread-safe as its sources are; it keeps no state of its own.
 */
public final class PreTradeRisk {

  private static final Logger LOG = LoggerFactory.getLogger(PreTradeRisk.class);

  private final RiskLimits limits;
  private final Portfolio portfolio;
  private final OrderLifecycle lifecycle;
  private final BooleanSupplier loggedIn;
  private final LongSupplier nanoClock;

  public PreTradeRisk(
      RiskLimits limits,
      Portfolio portfolio,
      OrderLifecycle lifecycle,
      BooleanSupplier loggedIn,
      LongSupplier nanoClock) {
    this.limits = limits;
    this.portfolio = portfolio;
    this.lifecycle = lifecycle;
    this.loggedIn = loggedIn;
    this.nanoClock = nanoClock;
  }

  /**
   * What the checks decide: place {@code request} (possibly resized or turned into AUTO), or refuse
   * with a code and a message that names the limit and the value.
   */
  public record Decision(OrderRequest request, ErrorCode refusal, String message) {
    static Decision place(OrderRequest request) {
      return new Decision(request, null, "");
    }

    public boolean refused() {
      return refusal != null;
    }
  }

  public Decision check(PlaceOrderCommand command) {
    OrderRequest request = command.request();
    boolean closing = request.openClose() == OpenClose.CLOSE;
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
    return checkClose(request, command.closesClientOrderId(), held);
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
            request.clientOrderId(),
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
            request.clientOrderId(),
            quantity,
            request.itemCode(),
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
          request.itemCode(),
          Math.abs(held));
      return Decision.place(request.withQuantity(Math.abs(held)));
    }
    return Decision.place(request);
  }

  private static Decision refuse(OrderRequest request, ErrorCode code, String message) {
    LOG.warn("Order {} refused ({}): {}", request.clientOrderId(), code.wire(), message);
    return new Decision(request, code, message);
  }
}
