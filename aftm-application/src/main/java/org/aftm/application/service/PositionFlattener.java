package org.aftm.application.service;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.application.port.in.OrderOrigin;
import org.aftm.application.port.in.PlaceOrderCommand;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flatten: closes the order account's net position of one instrument, or of all, at market (MARKET
 * IOC, {@code CLOSE}), through the gateway's order path so it is checked and audited like any
 * order, with {@link OrderOrigin#FLATTEN} so it passes every trading state. An order larger than
 * {@code AFTM_MAX_ORDER_QTY} is split. The conditions' entries of each flattened instrument are
 * marked closed first, so a condition's later exit is refused ({@code NO_POSITION_TO_CLOSE})
 * instead of opening a new position; when each flatten order ends, the lifecycle tells the
 * conditions whose lots it closed ({@link FlattenedConditionRelay}). Working orders are left alone
 * and logged: cancelling them ({@code ExchangeApi.cancelOrder}) is not part of flatten yet.
 *
 * <p>Thread-safe as the order path is; runs on the caller's thread (an operator command, the risk
 * monitor).
 */
public final class PositionFlattener {

  private static final Logger LOG = LoggerFactory.getLogger(PositionFlattener.class);

  /** Every flatten order's client order id starts with it. */
  public static final String CLIENT_ORDER_ID_PREFIX = "flatten-";

  private final PlaceOrderUseCase orders;
  private final Portfolio portfolio;
  private final OrderLifecycle lifecycle;
  private final String orderAccount;
  private final int maxOrderQuantity;
  private final InstantSource clock;

  public PositionFlattener(
      PlaceOrderUseCase orders,
      Portfolio portfolio,
      OrderLifecycle lifecycle,
      String orderAccount,
      int maxOrderQuantity,
      InstantSource clock) {
    if (maxOrderQuantity <= 0) {
      throw new IllegalArgumentException("maxOrderQuantity must be > 0");
    }
    this.orders = orders;
    this.portfolio = portfolio;
    this.lifecycle = lifecycle;
    this.orderAccount = orderAccount;
    this.maxOrderQuantity = maxOrderQuantity;
    this.clock = clock;
  }

  /**
   * @param itemCode one instrument, or empty for every one held
   */
  public FlattenReport flatten(Optional<String> itemCode) {
    String stamp = Long.toString(clock.millis(), 36);
    List<OrderResult> results = new ArrayList<>();
    for (Position position : portfolio.positions(orderAccount)) {
      String item = position.itemCode();
      if (position.isFlat() || (itemCode.isPresent() && !itemCode.get().equals(item))) {
        continue;
      }
      lifecycle.closeEntriesOf(
          orderAccount, item, "flattened by the operator or the session close");
      logWorking(item);
      Side side = position.quantity() > 0 ? Side.SELL : Side.BUY;
      int remaining = Math.abs(position.quantity());
      LOG.warn("Flatten {} {}: {} {} lots at market", orderAccount, item, side.wire(), remaining);
      for (int part = 0; remaining > 0; part++) {
        int quantity = Math.min(remaining, maxOrderQuantity);
        String clientOrderId =
            CLIENT_ORDER_ID_PREFIX + stamp + "-" + item + (part == 0 ? "" : "-" + part);
        OrderRequest request =
            new OrderRequest(
                orderAccount,
                item,
                side,
                OrderType.MARKET,
                Price.ZERO,
                quantity,
                OpenClose.CLOSE,
                "flatten",
                DayTrade.NO,
                TimeInForce.IOC,
                clientOrderId);
        OrderResult result =
            orders.placeOrder(
                new PlaceOrderCommand(
                    request, 0, null, OrderOrigin.FLATTEN, OrderSender.MAIN_PROCESS));
        results.add(result);
        if (!result.sent()) {
          LOG.error(
              "Flatten order {} refused: {} {}",
              clientOrderId,
              result.errorCode(),
              result.errorMessage());
          break;
        }
        remaining -= quantity;
      }
    }
    if (results.isEmpty()) {
      LOG.warn(
          "Flatten: nothing held{}",
          itemCode.map(item -> " in " + UntrustedText.quote(item)).orElse(""));
    }
    return new FlattenReport(results);
  }

  private void logWorking(String item) {
    for (Order order : lifecycle.workingOrders()) {
      OrderRequest request = order.request();
      if (request.orderAccount().equals(orderAccount) && request.itemCode().equals(item)) {
        LOG.warn(
            "Flatten {}: order {} ({} {} lots) is still working and is left as it is",
            item,
            order.clientOrderId(),
            request.side().wire(),
            order.workingQuantity());
      }
    }
  }
}
