package org.aftm.adapter.out.fix;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import quickfix.Group;
import quickfix.Message;
import quickfix.UtcTimestampPrecision;

/**
 * The messages AFTM sends, built field by field so one code path serves FIX 4.4 and 4.2 (the
 * session fills the header's BeginString and CompIDs). Field use follows the AFTM FIX conventions
 * (docs/architecture.md, the FIX adapter section).
 */
final class FixRequests {

  static final String SECURITY_TYPE_FUTURE = "FUT";

  private FixRequests() {}

  /** NewOrderSingle (D). */
  static Message newOrderSingle(OrderRequest request, String account, long nowMillis) {
    Message message = message("D");
    message.setString(11, request.clientOrderId());
    message.setString(1, account);
    message.setString(55, request.itemCode());
    message.setString(167, SECURITY_TYPE_FUTURE);
    message.setChar(54, side(request.side()));
    message.setInt(38, request.quantity());
    boolean limit = request.orderType() == OrderType.LIMIT;
    message.setChar(40, limit ? '2' : '1');
    if (limit) {
      message.setDecimal(44, Price.plain(request.price().units()));
    }
    message.setChar(59, timeInForce(request.timeInForce()));
    message.setChar(21, '1'); // HandlInst: automated, required by FIX 4.2
    message.setUtcTimeStamp(60, utc(nowMillis), UtcTimestampPrecision.MILLIS);
    return message;
  }

  /** OrderCancelRequest (F) for the order placed as {@code original}. */
  static Message orderCancelRequest(
      OrderRequest original, String cancelId, String account, long nowMillis) {
    Message message = message("F");
    message.setString(41, original.clientOrderId());
    message.setString(11, cancelId);
    message.setString(1, account);
    message.setString(55, original.itemCode());
    message.setChar(54, side(original.side()));
    message.setInt(38, original.quantity());
    message.setUtcTimeStamp(60, utc(nowMillis), UtcTimestampPrecision.MILLIS);
    return message;
  }

  /** OrderStatusRequest (H) by ClOrdID; symbol and side are the order's when AFTM placed it. */
  static Message orderStatusRequest(String clientOrderId, String itemCode, Side side) {
    Message message = message("H");
    message.setString(11, clientOrderId);
    message.setString(55, itemCode == null ? "NONE" : itemCode);
    message.setChar(54, side == null ? '1' : side(side));
    return message;
  }

  /** OrderMassStatusRequest (AF) for all the account's orders. */
  static Message orderMassStatusRequest(String requestId, String account) {
    Message message = message("AF");
    message.setString(584, requestId);
    message.setInt(585, 7);
    message.setString(1, account);
    return message;
  }

  /** RequestForPositions (AN). */
  static Message requestForPositions(String requestId, String account, long nowMillis) {
    Message message = message("AN");
    message.setString(710, requestId);
    message.setInt(724, 0);
    message.setString(1, account);
    message.setInt(581, 1);
    message.setString(
        715,
        LocalDate.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC)
            .toString()
            .replace("-", ""));
    message.setUtcTimeStamp(60, utc(nowMillis), UtcTimestampPrecision.MILLIS);
    return message;
  }

  /** SecurityListRequest (x) for every instrument. */
  static Message securityListRequest(String requestId) {
    Message message = message("x");
    message.setString(320, requestId);
    message.setInt(559, 4);
    return message;
  }

  /** MarketDataRequest (V): subscribe (bid, offer, trades, incremental) or unsubscribe. */
  static Message marketDataRequest(String requestId, String itemCode, boolean subscribe) {
    Message message = message("V");
    message.setString(262, requestId);
    message.setChar(263, subscribe ? '1' : '2');
    message.setInt(264, 1);
    message.setInt(265, 1);
    for (char type : new char[] {'0', '1', '2'}) {
      Group entryType = new Group(267, 269);
      entryType.setChar(269, type);
      message.addGroup(entryType);
    }
    Group symbol = new Group(146, 55);
    symbol.setString(55, itemCode);
    message.addGroup(symbol);
    return message;
  }

  private static Message message(String type) {
    Message message = new Message();
    message.getHeader().setString(35, type);
    return message;
  }

  static char side(Side side) {
    return side == Side.BUY ? '1' : '2';
  }

  static char timeInForce(TimeInForce timeInForce) {
    return switch (timeInForce) {
      case ROD -> '0';
      case IOC -> '3';
      case FOK -> '4';
    };
  }

  static LocalDateTime utc(long epochMillis) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(epochMillis, 1000),
        (int) Math.floorMod(epochMillis, 1000) * 1_000_000,
        ZoneOffset.UTC);
  }
}
