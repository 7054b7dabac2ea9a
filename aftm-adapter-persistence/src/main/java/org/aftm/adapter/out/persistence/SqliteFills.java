package org.aftm.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.aftm.application.port.out.FillHistoryPort;
import org.aftm.application.port.out.RecordFillPort;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fills} table: every fill in the order it arrived, linked to its order by client order
 * id. An execution (client order id, execution id) is stored once, however often it is reported:
 * the fill recorder and the order journal may both write the same one.
 */
final class SqliteFills implements RecordFillPort {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteFills.class);

  private static final String COLUMNS =
      "client_order_id, execution_id, order_serial, order_account, item_code, side, quantity, price_units,"
          + " filled_at_ms";

  private final SqliteDatabase database;
  private final InstantSource clock;

  SqliteFills(SqliteDatabase database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Stores the fill unless its execution is already stored; durable on return. */
  @Override
  public void recordFill(Fill fill) {
    database.write(
        "record a fill of order " + fill.orderSerial(),
        connection -> {
          insert(connection, fill, clock.millis(), false);
          return null;
        });
  }

  /**
   * Inserts {@code fill} in the caller's transaction, or leaves the stored copy of its execution.
   *
   * @param journaled whether the order journal applied the fill to its order: marks the stored copy
   *     too, so the execution counts as the order's on a restart
   */
  static void insert(Connection connection, Fill fill, long recordedAtMillis, boolean journaled)
      throws SQLException {
    // The conflict target repeats the partial unique index's WHERE, so only that index is meant:
    // a repeated execution is "already recorded", any other constraint still fails the write.
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO fills ("
                + COLUMNS
                + ", recorded_at_ms, journaled) VALUES (NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (client_order_id, execution_id)"
                + " WHERE client_order_id IS NOT NULL AND execution_id IS NOT NULL"
                + (journaled ? " DO UPDATE SET journaled = 1" : " DO NOTHING"))) {
      insert.setString(1, fill.clientOrderId());
      insert.setString(2, fill.executionId());
      insert.setString(3, fill.orderSerial());
      insert.setString(4, fill.orderAccount());
      insert.setString(5, fill.itemCode());
      insert.setString(6, fill.side().wire());
      insert.setInt(7, fill.quantity());
      insert.setLong(8, fill.price().units());
      insert.setLong(9, fill.timeMillis());
      insert.setLong(10, recordedAtMillis);
      insert.setInt(11, journaled ? 1 : 0);
      if (insert.executeUpdate() == 0) {
        LOG.debug(
            "Execution {} of order {} is already recorded; not stored again",
            fill.executionId(),
            fill.clientOrderId());
      }
    }
  }

  /** The fills of one order account, oldest first. */
  List<Fill> loadFills(String orderAccount) {
    return database.read(
        "load the fills of " + orderAccount,
        connection -> {
          List<Fill> fills = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM fills WHERE order_account = ? ORDER BY fill_id")) {
            select.setString(1, orderAccount);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                fills.add(fill(row));
              }
            }
          }
          return fills;
        });
  }

  /**
   * Every fill that filled before {@code beforeMillis}, in the order recorded, each with the sender
   * its order's audit row names ({@code unrecorded} without one).
   */
  List<FillHistoryPort.RecordedFill> loadFillsBefore(long beforeMillis) {
    return database.read(
        "load the fills before " + beforeMillis,
        connection -> {
          List<FillHistoryPort.RecordedFill> fills = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT f.client_order_id, f.execution_id, f.order_serial, f.order_account,"
                      + " f.item_code, f.side, f.quantity, f.price_units, f.filled_at_ms,"
                      + " o.sender_name FROM fills f LEFT JOIN orders o"
                      + " ON o.client_order_id = f.client_order_id"
                      + " WHERE f.filled_at_ms < ? ORDER BY f.fill_id")) {
            select.setLong(1, beforeMillis);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                String sender = row.getString("sender_name");
                fills.add(
                    new FillHistoryPort.RecordedFill(
                        fill(row), sender == null ? OrderSender.UNRECORDED.name() : sender));
              }
            }
          }
          return fills;
        });
  }

  /** The fills of one order, oldest first. */
  List<Fill> loadFillsOfOrder(String clientOrderId) {
    return database.read(
        "load the fills of order " + clientOrderId,
        connection -> {
          List<Fill> fills = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM fills WHERE client_order_id = ? ORDER BY fill_id")) {
            select.setString(1, clientOrderId);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                fills.add(fill(row));
              }
            }
          }
          return fills;
        });
  }

  /** The execution ids the order journal applied to one order, in the caller's read. */
  static Set<String> executionIds(Connection connection, String clientOrderId) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT execution_id FROM fills WHERE client_order_id = ? AND execution_id IS NOT NULL"
                + " AND journaled = 1")) {
      select.setString(1, clientOrderId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }

  /** A stored fill; one from before schema version 3 has empty order and execution ids. */
  private static Fill fill(ResultSet row) throws SQLException {
    return new Fill(
        nonNull(row.getString("client_order_id")),
        nonNull(row.getString("execution_id")),
        row.getString("order_serial"),
        row.getString("order_account"),
        row.getString("item_code"),
        Side.fromWire(row.getString("side")),
        row.getInt("quantity"),
        SqlRows.price(row, "price_units"),
        row.getLong("filled_at_ms"));
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }
}
