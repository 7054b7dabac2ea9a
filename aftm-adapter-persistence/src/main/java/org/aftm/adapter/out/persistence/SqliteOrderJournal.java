package org.aftm.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order lifecycle on the rows of the audit trail ({@code orders}) and the {@code fills} table:
 * {@link SqliteOrderAudit#recordRequest} creates an order's row as {@code submitted}, this class
 * keeps its state after each event, and the fills it was given link to it by client order id and
 * are marked journaled: those are the executions a restored order knows.
 */
final class SqliteOrderJournal implements OrderJournalPort {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteOrderJournal.class);

  private static final String COLUMNS =
      "audit_id, order_account, item_code, side, order_type, price_units, quantity, open_close, note,"
          + " day_trade, time_in_force, client_order_id, closes_client_order_id, order_state, order_serial,"
          + " filled_quantity, filled_cost_units, error_code, state_reason";

  /** The states {@link OrderState#isFinal()} calls not final, as stored. */
  private static final String WORKING = "('submitted', 'accepted', 'partially_filled', 'unknown')";

  private final SqliteDatabase database;

  SqliteOrderJournal(SqliteDatabase database) {
    this.database = database;
  }

  /**
   * Updates the order's row and stores {@code fill} in one transaction; a fill whose execution is
   * already stored is not stored again. A serial or error code the order does not know (empty)
   * leaves the stored one.
   *
   * @throws IllegalArgumentException when {@code fill} belongs to another order
   * @throws PersistenceException when no request with the order's client order id was recorded
   */
  @Override
  public void recordOrderChange(Order order, Fill fill, long epochMillis) {
    String clientOrderId = order.clientOrderId();
    if (fill != null && !clientOrderId.equals(fill.clientOrderId())) {
      throw new IllegalArgumentException(
          "fill of order " + fill.clientOrderId() + " given with order " + clientOrderId);
    }
    database.write(
        "record a change of order " + clientOrderId,
        connection -> {
          if (!apply(connection, order, fill, epochMillis)) {
            throw new PersistenceException(
                "No order request with client_order_id '"
                    + clientOrderId
                    + "' in "
                    + database.file()
                    + ": the request must be recorded before the order's changes");
          }
          return null;
        });
  }

  /**
   * Stores the changes in one transaction; a change of an order whose request was never recorded
   * (refused before the audit trail could record it) is skipped with a log line.
   */
  @Override
  public void recordOrderChanges(List<OrderChange> changes) {
    for (OrderChange change : changes) {
      Fill fill = change.fill();
      if (fill != null && !change.order().clientOrderId().equals(fill.clientOrderId())) {
        throw new IllegalArgumentException(
            "fill of order "
                + fill.clientOrderId()
                + " given with order "
                + change.order().clientOrderId());
      }
    }
    database.write(
        "record " + changes.size() + " order changes",
        connection -> {
          for (OrderChange change : changes) {
            if (!apply(connection, change.order(), change.fill(), change.epochMillis())) {
              LOG.warn(
                  "Change of order {} not stored: no request with that client_order_id in {}",
                  change.order().clientOrderId(),
                  database.file());
            }
          }
          return null;
        });
  }

  /** Updates the order's row and inserts the fill; false when there is no row to update. */
  private static boolean apply(Connection connection, Order order, Fill fill, long epochMillis)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE orders SET order_state = ?, order_serial = coalesce(nullif(?, ''), order_serial),"
                + " filled_quantity = ?, filled_cost_units = ?, error_code = coalesce(nullif(?, ''), error_code),"
                + " state_reason = ?, updated_at_ms = ? WHERE client_order_id = ?")) {
      update.setString(1, order.state().wire());
      update.setString(2, order.orderSerial());
      update.setInt(3, order.filledQuantity());
      update.setLong(4, order.filledCostUnits());
      update.setString(5, order.errorCode());
      update.setString(6, order.reason());
      update.setLong(7, epochMillis);
      update.setString(8, order.clientOrderId());
      if (update.executeUpdate() != 1) {
        return false;
      }
    }
    if (fill != null) {
      SqliteFills.insert(connection, fill, epochMillis, true);
    }
    return true;
  }

  @Override
  public Optional<Order> loadOrder(String clientOrderId) {
    if (clientOrderId == null) {
      return Optional.empty();
    }
    return database.read(
        "load order " + clientOrderId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM orders WHERE client_order_id = ?")) {
            select.setString(1, clientOrderId);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(order(connection, row)) : Optional.empty();
            }
          }
        });
  }

  /** Orders not in a final state, oldest request first. */
  @Override
  public List<Order> loadOrdersClosing(String entryClientOrderId) {
    return database.read(
        "load the exits of " + entryClientOrderId,
        connection -> {
          List<Order> orders = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM orders WHERE closes_client_order_id = ?"
                      + " AND client_order_id IS NOT NULL ORDER BY audit_id")) {
            select.setString(1, entryClientOrderId);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                orders.add(order(connection, row));
              }
            }
          }
          return orders;
        });
  }

  public List<Order> loadWorkingOrders() {
    return database.read(
        "load the working orders",
        connection -> {
          List<Order> orders = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM orders WHERE order_state IN "
                      + WORKING
                      + " AND client_order_id IS NOT NULL ORDER BY audit_id")) {
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                orders.add(order(connection, row));
              }
            }
          }
          return orders;
        });
  }

  /**
   * The order of one row, with the execution ids the journal applied to it. A row still {@code
   * submitted} had no event applied, so it restores with nothing filled whatever the answer said:
   * the lifecycle learns of fills only through their events, which carry prices and execution ids.
   */
  private Order order(Connection connection, ResultSet row) throws SQLException {
    String clientOrderId = row.getString("client_order_id");
    OrderState state = OrderState.fromWire(row.getString("order_state"));
    boolean applied = state != OrderState.SUBMITTED;
    try {
      return Order.restore(
          request(row),
          row.getString("closes_client_order_id"),
          state,
          row.getString("order_serial"),
          applied ? row.getInt("filled_quantity") : 0,
          applied ? row.getLong("filled_cost_units") : 0,
          row.getString("error_code"),
          row.getString("state_reason"),
          SqliteFills.executionIds(connection, clientOrderId));
    } catch (IllegalArgumentException e) {
      throw new PersistenceException(
          "Order request "
              + row.getLong("audit_id")
              + " ("
              + clientOrderId
              + ") in "
              + database.file()
              + " cannot be rebuilt: "
              + e.getMessage(),
          e);
    }
  }

  /** The request of an {@code orders} row. */
  static OrderRequest request(ResultSet row) throws SQLException {
    return new OrderRequest(
        row.getString("order_account"),
        row.getString("item_code"),
        Side.fromWire(row.getString("side")),
        OrderType.fromWire(row.getString("order_type")),
        SqlRows.price(row, "price_units"),
        row.getInt("quantity"),
        OpenClose.fromWire(row.getString("open_close")),
        row.getString("note"),
        DayTrade.fromWire(row.getString("day_trade")),
        TimeInForce.fromWire(row.getString("time_in_force")),
        row.getString("client_order_id"));
  }
}
