package org.aftm.adapter.out.sim;

import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;

/**
 * The line format of the simulated broker's journal: tab-separated fields, the first naming the
 * record; text fields escape backslash, tab, line feed and carriage return as {@code \\ \t \n \r}.
 * Prices are decimal points ({@code 22000}, {@code 21999.5}); enums are their wire values.
 *
 * <pre>
 * placed    serial time client_order_id account item side type price quantity open_close day_trade tif note
 * accepted  client_order_id serial time
 * rejected  client_order_id time error_code reason
 * filled    client_order_id serial execution_id quantity price time
 * cancelled client_order_id serial time reason
 * expired   client_order_id serial time reason
 * rested    client_order_id
 * </pre>
 *
 * Times are epoch milliseconds.
 */
final class SimJournalCodec {

  /** One record read back. */
  sealed interface Record permits Placed, Event, Rested {}

  /** An order the broker acknowledged, with its serial, as the caller sent it. */
  record Placed(long serial, long timeMillis, OrderRequest request) implements Record {}

  /** Something that happened to an order. */
  record Event(OrderEvent event) implements Record {}

  /** A limit order that did not trade and rests on the book. */
  record Rested(String clientOrderId) implements Record {}

  private SimJournalCodec() {}

  static String placed(long serial, long timeMillis, OrderRequest request) {
    return line(
        "placed",
        Long.toString(serial),
        Long.toString(timeMillis),
        request.clientOrderId(),
        request.orderAccount(),
        request.itemCode(),
        request.side().wire(),
        request.orderType().wire(),
        request.price().toString(),
        Integer.toString(request.quantity()),
        request.openClose().wire(),
        request.dayTrade().wire(),
        request.timeInForce().wire(),
        request.note());
  }

  static String rested(String clientOrderId) {
    return line("rested", clientOrderId);
  }

  static String event(OrderEvent event) {
    if (event instanceof OrderEvent.Accepted a) {
      return line("accepted", a.clientOrderId(), a.orderSerial(), Long.toString(a.timeMillis()));
    }
    if (event instanceof OrderEvent.Rejected r) {
      return line(
          "rejected", r.clientOrderId(), Long.toString(r.timeMillis()), r.errorCode(), r.reason());
    }
    if (event instanceof OrderEvent.Filled f) {
      return line(
          "filled",
          f.clientOrderId(),
          f.orderSerial(),
          f.executionId(),
          Integer.toString(f.quantity()),
          f.price().toString(),
          Long.toString(f.timeMillis()));
    }
    if (event instanceof OrderEvent.Cancelled c) {
      return line(
          "cancelled",
          c.clientOrderId(),
          c.orderSerial(),
          Long.toString(c.timeMillis()),
          c.reason());
    }
    if (event instanceof OrderEvent.Expired e) {
      return line(
          "expired", e.clientOrderId(), e.orderSerial(), Long.toString(e.timeMillis()), e.reason());
    }
    throw new IllegalArgumentException("the simulated broker never records " + event);
  }

  /**
   * Reads one line back.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Record parse(String line) {
    if (line == null) {
      throw new IllegalArgumentException("not UTF-8 text");
    }
    List<String> fields = split(line);
    String kind = fields.get(0);
    switch (kind) {
      case "placed":
        expect(fields, 14);
        return new Placed(
            number(fields, 1, "serial"),
            number(fields, 2, "time"),
            new OrderRequest(
                fields.get(4),
                fields.get(5),
                Side.fromWire(fields.get(6)),
                OrderType.fromWire(fields.get(7)),
                Price.parse(fields.get(8)),
                (int) number(fields, 9, "quantity"),
                OpenClose.fromWire(fields.get(10)),
                fields.get(13),
                DayTrade.fromWire(fields.get(11)),
                TimeInForce.fromWire(fields.get(12)),
                fields.get(3)));
      case "accepted":
        expect(fields, 4);
        return new Event(
            new OrderEvent.Accepted(fields.get(1), fields.get(2), number(fields, 3, "time")));
      case "rejected":
        expect(fields, 5);
        return new Event(
            new OrderEvent.Rejected(
                fields.get(1), fields.get(3), fields.get(4), number(fields, 2, "time")));
      case "filled":
        expect(fields, 7);
        return new Event(
            new OrderEvent.Filled(
                fields.get(1),
                fields.get(2),
                fields.get(3),
                (int) number(fields, 4, "quantity"),
                Price.parse(fields.get(5)),
                number(fields, 6, "time")));
      case "cancelled":
        expect(fields, 5);
        return new Event(
            new OrderEvent.Cancelled(
                fields.get(1), fields.get(2), fields.get(4), number(fields, 3, "time")));
      case "expired":
        expect(fields, 5);
        return new Event(
            new OrderEvent.Expired(
                fields.get(1), fields.get(2), fields.get(4), number(fields, 3, "time")));
      case "rested":
        expect(fields, 2);
        return new Rested(fields.get(1));
      default:
        throw new IllegalArgumentException("unknown record '" + kind + "'");
    }
  }

  private static void expect(List<String> fields, int count) {
    if (fields.size() != count) {
      throw new IllegalArgumentException(
          fields.get(0) + " record needs " + count + " fields but has " + fields.size());
    }
  }

  private static long number(List<String> fields, int index, String name) {
    String text = fields.get(index);
    try {
      long value = Long.parseLong(text);
      if (value < 0 || (name.equals("quantity") && value > Integer.MAX_VALUE)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a count: '" + text + "'", e);
    }
  }

  private static String line(String... fields) {
    StringBuilder line = new StringBuilder(96);
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.append('\t');
      }
      escape(fields[i], line);
    }
    return line.toString();
  }

  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  /** Splits on tabs and undoes the escapes. */
  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>(14);
    StringBuilder field = new StringBuilder(32);
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\\') {
        if (i + 1 == line.length()) {
          throw new IllegalArgumentException("a backslash ends the line");
        }
        char next = line.charAt(++i);
        switch (next) {
          case '\\' -> field.append('\\');
          case 't' -> field.append('\t');
          case 'n' -> field.append('\n');
          case 'r' -> field.append('\r');
          default -> throw new IllegalArgumentException("unknown escape \\" + next);
        }
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
