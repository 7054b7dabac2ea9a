package org.aftm.adapter.out.fix;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import quickfix.FieldMap;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;

/**
 * Reads the venue's messages into AFTM's values: execution reports into order events and order
 * states, market data into ticks and quotes, position reports and security lists. Prices convert
 * exactly ({@link Price#of(BigDecimal)}): a price with more than four decimals is refused, never
 * rounded.
 */
final class FixReports {

  /** A reject text of the form {@code CODE: message}, the venue's convention for AFTM codes. */
  private static final Pattern CODED_TEXT =
      Pattern.compile("([A-Z][A-Z0-9_]*): (.*)", Pattern.DOTALL);

  private FixReports() {}

  /** ExecType (150) of a report that answers a status request rather than reporting a change. */
  static final char ORDER_STATUS = 'I';

  static char execType(Message report) throws FieldNotFound {
    return report.getChar(150);
  }

  /**
   * Whether a report answers a status request: ExecType I, or in FIX 4.2 (which has no I)
   * ExecTransType(20) 3, status, whose ExecType repeats the order's status (2 for a filled order,
   * with no LastShares: no new fill).
   */
  static boolean isStatus(Message report) throws FieldNotFound {
    return execType(report) == ORDER_STATUS || "3".equals(optional(report, 20, ""));
  }

  /**
   * The order event an execution report carries, or {@code null} for one that is no lifecycle event
   * (pending, replaced, restated, status).
   */
  static OrderEvent event(Message report, long nowMillis) throws FieldNotFound {
    String id = report.getString(11);
    String serial = optional(report, 37, "");
    long time = transactTime(report, nowMillis);
    return switch (execType(report)) {
      case '0' -> new OrderEvent.Accepted(id, serial, time);
      case 'F', '1', '2' -> fill(report, id, serial, time);
      case '4' -> new OrderEvent.Cancelled(id, serial, optional(report, 58, "cancelled"), time);
      case '8' -> rejected(report, id, time);
      case 'C' -> new OrderEvent.Expired(id, serial, optional(report, 58, "expired"), time);
      default -> null;
    };
  }

  private static OrderEvent fill(Message report, String id, String serial, long time)
      throws FieldNotFound {
    BigDecimal lastQty = report.getDecimal(32);
    if (lastQty.signum() <= 0) {
      return null; // a FIX 4.2 status-like report of a fill with nothing new in it
    }
    return new OrderEvent.Filled(
        id,
        serial,
        report.getString(17),
        lastQty.intValueExact(),
        Price.of(report.getDecimal(31)),
        time);
  }

  private static OrderEvent.Rejected rejected(Message report, String id, long time) {
    String[] coded = codedText(optional(report, 58, "rejected by the FIX venue"));
    return new OrderEvent.Rejected(id, coded[0], coded[1], time);
  }

  /** {@code CODE: message} as the code and the message; other text as BROKER_REJECTED. */
  static String[] codedText(String text) {
    Matcher matcher = CODED_TEXT.matcher(text);
    if (matcher.matches()) {
      return new String[] {matcher.group(1), matcher.group(2)};
    }
    return new String[] {ErrorCode.BROKER_REJECTED.wire(), text};
  }

  /**
   * The order as a status report describes it, or {@code null} for an order the venue does not know
   * (OrdRejReason 5, or OrderID {@code NONE}).
   */
  static OrderUpdate orderUpdate(Message report) throws FieldNotFound {
    char status = report.getChar(39);
    if (status == '8'
        && ((report.isSetField(103) && report.getInt(103) == 5)
            || "NONE".equals(optional(report, 37, "")))) {
      return null;
    }
    int quantity = report.getDecimal(38).intValueExact();
    int filled = report.getDecimal(14).intValueExact();
    BigDecimal average = report.isSetField(6) ? report.getDecimal(6) : BigDecimal.ZERO;
    // Cumulative cost in price units; a venue's rounded average can make it inexact by a unit.
    long cost =
        average
            .multiply(BigDecimal.valueOf(filled))
            .movePointRight(Price.SCALE)
            .setScale(0, RoundingMode.HALF_EVEN)
            .longValueExact();
    OrderState state =
        switch (status) {
          case '0', '6', 'E' -> OrderState.ACCEPTED; // new, pending cancel, pending replace
          case '1' -> OrderState.PARTIALLY_FILLED;
          case '2' -> OrderState.FILLED;
          case '4' -> OrderState.CANCELLED;
          case '8' -> OrderState.REJECTED;
          case 'C' -> OrderState.EXPIRED;
          case 'A' -> OrderState.SUBMITTED;
          default -> OrderState.UNKNOWN;
        };
    String text = optional(report, 58, "");
    String code = "";
    if (state == OrderState.REJECTED) {
      String[] coded = codedText(text.isEmpty() ? "rejected by the FIX venue" : text);
      code = coded[0];
      text = coded[1];
    }
    return new OrderUpdate(report.getString(11), state, quantity, filled, cost, code, text);
  }

  /** A PositionReport (AP) as a position; its point value from the known contracts, else 1. */
  static Position position(Message report, List<Contract> contracts) throws FieldNotFound {
    String itemCode = report.getString(55);
    long net = 0;
    for (Group quantities : report.getGroups(702)) {
      net +=
          quantities.getDecimal(704).longValueExact() - quantities.getDecimal(705).longValueExact();
    }
    Price last = report.isSetField(730) ? Price.of(report.getDecimal(730)) : Price.ZERO;
    Price average = report.isSetField(734) ? Price.of(report.getDecimal(734)) : Price.ZERO;
    long pointValue = 1;
    for (Contract contract : contracts) {
      if (contract.code().equals(itemCode) || contract.product().equals(itemCode)) {
        pointValue = contract.pointValue();
        break;
      }
    }
    int quantity = Math.toIntExact(net);
    Price unrealized = quantity == 0 ? Price.ZERO : last.minus(average).times(quantity);
    return new Position(
        report.getString(1),
        itemCode,
        quantity,
        quantity == 0 ? Price.ZERO : average,
        last,
        Price.ZERO,
        unrealized,
        pointValue);
  }

  /** A SecurityList (y)'s instruments as contracts; limits unknown, so 0 to the largest price. */
  static List<Contract> contracts(Message list) throws FieldNotFound {
    List<Contract> contracts = new ArrayList<>();
    for (Group security : list.getGroups(146)) {
      String code = security.getString(55);
      String product = code.length() > 3 ? code.substring(0, 3) : code;
      contracts.add(
          new Contract(
              code,
              product,
              optional(security, 107, code),
              optional(security, 200, ""),
              security.isSetField(969) ? Price.of(security.getDecimal(969)) : Price.ofPoints(1),
              security.isSetField(231) ? security.getDecimal(231).longValueExact() : 1,
              Price.ZERO,
              Price.ofUnits(Price.MAX_UNITS)));
    }
    return contracts;
  }

  /** The trades of a market-data message (W or X) for {@code symbol}, in message order. */
  static void trades(Message message, String snapshotSymbol, long nowMillis, List<MarketTick> into)
      throws FieldNotFound {
    for (Group entry : message.getGroups(268)) {
      if (entry.getChar(269) != '2') {
        continue;
      }
      String symbol = snapshotSymbol != null ? snapshotSymbol : entry.getString(55);
      into.add(
          new MarketTick(
              symbol,
              Price.of(entry.getDecimal(270)).units(),
              entry.isSetField(271) ? entry.getDecimal(271).longValueExact() : 0,
              entryTime(entry, nowMillis)));
    }
  }

  /**
   * Applies the bid and offer entries of a market-data message to the quote book; returns the
   * symbols whose best bid or offer changed.
   */
  static List<String> quotes(Message message, String snapshotSymbol, long nowMillis, QuoteBook book)
      throws FieldNotFound {
    List<String> changed = new ArrayList<>(2);
    for (Group entry : message.getGroups(268)) {
      char type = entry.getChar(269);
      if (type != '0' && type != '1') {
        continue;
      }
      String symbol = snapshotSymbol != null ? snapshotSymbol : entry.getString(55);
      boolean delete = entry.isSetField(279) && entry.getChar(279) == '2';
      long price = delete || !entry.isSetField(270) ? 0 : Price.of(entry.getDecimal(270)).units();
      long size = delete || !entry.isSetField(271) ? 0 : entry.getDecimal(271).longValueExact();
      book.set(symbol, type == '0', price, size, entryTime(entry, nowMillis));
      if (!changed.contains(symbol)) {
        changed.add(symbol);
      }
    }
    return changed;
  }

  /** MDEntryDate (272) and MDEntryTime (273) in UTC; what is missing is taken from now. */
  private static long entryTime(FieldMap entry, long nowMillis) throws FieldNotFound {
    if (!entry.isSetField(273)) {
      return nowMillis;
    }
    LocalTime time = entry.getUtcTimeOnly(273);
    LocalDate date =
        entry.isSetField(272)
            ? entry.getUtcDateOnly(272)
            : LocalDate.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
    return date.atTime(time).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static long transactTime(Message report, long nowMillis) throws FieldNotFound {
    return report.isSetField(60)
        ? report.getUtcTimeStamp(60).toInstant(ZoneOffset.UTC).toEpochMilli()
        : nowMillis;
  }

  static String optional(FieldMap fields, int tag, String otherwise) {
    try {
      return fields.isSetField(tag) ? fields.getString(tag) : otherwise;
    } catch (FieldNotFound e) {
      return otherwise;
    }
  }

  /**
   * The last best bid and offer per symbol; owned by the QuickFIX/J thread that reads market data.
   */
  static final class QuoteBook {
    private final java.util.Map<String, long[]> bySymbol = new java.util.HashMap<>();

    void set(String symbol, boolean bid, long price, long size, long time) {
      long[] quote = bySymbol.computeIfAbsent(symbol, s -> new long[5]);
      quote[bid ? 0 : 2] = price;
      quote[bid ? 1 : 3] = size;
      quote[4] = time;
    }

    BestBidOffer quote(String symbol) {
      long[] q = bySymbol.get(symbol);
      return new BestBidOffer(symbol, q[0], q[1], q[2], q[3], q[4]);
    }
  }
}
