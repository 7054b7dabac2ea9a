package org.aftm.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderState;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The {@code orders} table: the audit trail of ADR 0001. A request row is committed before the
 * order goes to the broker and its answer is filled in afterwards, so a row without an answer is an
 * order whose fate nobody knows. Since schema version 3 the row is also the order's lifecycle,
 * created {@code submitted} here and kept by {@link SqliteOrderJournal}. Since version 5 the row
 * also names who sent the order ({@link OrderSender}).
 */
final class SqliteOrderAudit implements OrderAuditPort {

  private static final String UNANSWERED_COLUMNS =
      "audit_id, order_account, item_code, side, order_type, price_units, quantity, open_close, note,"
          + " day_trade, time_in_force, client_order_id, closes_client_order_id, requested_at_ms,"
          + " sender_name, sender_key";

  private final SqliteDatabase database;

  SqliteOrderAudit(SqliteDatabase database) {
    this.database = database;
  }

  /**
   * @throws PersistenceException when a request with the same client order id is already recorded:
   *     the caller must answer with that request's answer instead of placing again
   */
  @Override
  public long recordRequest(
      OrderRequest request, String closesClientOrderId, OrderSender sender, long epochMillis) {
    return database.write(
        "record an order request for " + request.itemCode(),
        connection -> {
          try {
            insertRequest(connection, 0, request, closesClientOrderId, sender, epochMillis);
          } catch (SQLiteException e) {
            if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
              throw new PersistenceException(
                  "An order request with client_order_id '"
                      + request.clientOrderId()
                      + "' is already recorded in "
                      + database.file()
                      + "; refusing to record (and place) it twice",
                  e);
            }
            throw e;
          }
          return SqlRows.lastInsertRowId(connection);
        });
  }

  /**
   * Inserts a request's row, {@code submitted}.
   *
   * @param auditId the row's audit id, or 0 to let SQLite give the next one
   */
  static void insertRequest(
      Connection connection,
      long auditId,
      OrderRequest request,
      String closesClientOrderId,
      OrderSender sender,
      long epochMillis)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO orders (order_account, item_code, side, order_type, price_units, quantity, open_close,"
                + " note, day_trade, time_in_force, client_order_id, requested_at_ms, closes_client_order_id,"
                + " order_state, filled_cost_units, state_reason, updated_at_ms, sender_name, sender_key,"
                + " audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?, ?, ?)")) {
      insert.setString(1, request.orderAccount());
      insert.setString(2, request.itemCode());
      insert.setString(3, request.side().wire());
      insert.setString(4, request.orderType().wire());
      insert.setLong(5, request.price().units());
      insert.setInt(6, request.quantity());
      insert.setString(7, request.openClose().wire());
      insert.setString(8, request.note());
      insert.setString(9, request.dayTrade().wire());
      insert.setString(10, request.timeInForce().wire());
      if (request.clientOrderId() == null) {
        insert.setNull(11, Types.VARCHAR);
      } else {
        insert.setString(11, request.clientOrderId());
      }
      insert.setLong(12, epochMillis);
      if (closesClientOrderId == null) {
        insert.setNull(13, Types.VARCHAR);
      } else {
        insert.setString(13, closesClientOrderId);
      }
      insert.setString(14, OrderState.SUBMITTED.wire());
      insert.setLong(15, epochMillis);
      insert.setString(16, sender.name());
      insert.setString(17, sender.publicKey());
      if (auditId > 0) {
        insert.setLong(18, auditId);
      } else {
        // NULL into an INTEGER PRIMARY KEY AUTOINCREMENT: the next id.
        insert.setNull(18, Types.INTEGER);
      }
      insert.executeUpdate();
    }
  }

  /**
   * Fills in the answer columns. The lifecycle columns follow the answer only where no lifecycle
   * decides them: a refusal makes an order that was still submitted (or unknown) and unfilled
   * {@code rejected}; an order without a client order id, which no lifecycle follows, takes the
   * answer's status. Otherwise the state the order journal keeps stands, and a serial, error code
   * or filled quantity the journal already recorded is not overwritten by the answer.
   *
   * @throws PersistenceException when {@code auditId} is unknown or already has an answer: the
   *     trail is never rewritten
   */
  @Override
  public void recordResult(long auditId, OrderResult result, long epochMillis) {
    database.write(
        "record the answer to order request " + auditId,
        connection -> {
          if (updateResult(connection, auditId, result, epochMillis) == 1) {
            return null;
          }
          throw new PersistenceException(
              exists(connection, auditId)
                  ? "Order request "
                      + auditId
                      + " already has a recorded answer; the audit trail is never rewritten"
                  : "No order request with audit id " + auditId + " in " + database.file());
        });
  }

  /**
   * Fills in the answer columns of a row without an answer, as {@link #recordResult} describes.
   *
   * @return 1, or 0 when there is no such row or it has an answer already
   */
  static int updateResult(Connection connection, long auditId, OrderResult result, long epochMillis)
      throws SQLException {
    // SET expressions see the row as it was before this UPDATE.
    String refusedWhileSubmitted =
        "(?1 = 0 AND order_state IN ('submitted', 'unknown') AND coalesce(filled_quantity, 0) = 0)";
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE orders SET is_send_order = ?1, answer_note = ?2,"
                + " order_serial = coalesce(nullif(?3, ''), order_serial, ''),"
                + " error_code = coalesce(nullif(?4, ''), error_code, ''), error_message = ?5, status = ?6,"
                + " filled_quantity = coalesce(filled_quantity, ?7), answered_at_ms = ?8,"
                + " order_state = CASE WHEN "
                + refusedWhileSubmitted
                + " THEN 'rejected' WHEN client_order_id IS NULL THEN ?6 ELSE order_state END,"
                + " state_reason = CASE WHEN "
                + refusedWhileSubmitted
                + " OR client_order_id IS NULL THEN ?5 ELSE state_reason END,"
                + " updated_at_ms = max(coalesce(updated_at_ms, 0), ?8)"
                + " WHERE audit_id = ?9 AND answered_at_ms IS NULL")) {
      update.setInt(1, result.sent() ? 1 : 0);
      update.setString(2, result.note());
      update.setString(3, result.orderSerial());
      update.setString(4, result.errorCode());
      update.setString(5, result.errorMessage());
      update.setString(6, result.status().wire());
      update.setInt(7, result.filledQuantity());
      update.setLong(8, epochMillis);
      update.setLong(9, auditId);
      return update.executeUpdate();
    }
  }

  /**
   * The recorded answer; for a request recorded without an answer (the gateway stopped mid-order)
   * an {@code ORDER_EXECUTION_ERROR} refusal telling the operator to check, so that a retry can
   * never place a second order.
   */
  @Override
  public Optional<OrderResult> findResultByClientOrderId(String clientOrderId) {
    if (clientOrderId == null) {
      return Optional.empty();
    }
    return database.read(
        "find the answer for client_order_id " + clientOrderId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT audit_id, note, is_send_order, answer_note, order_serial, error_code, error_message, status,"
                      + " filled_quantity, answered_at_ms FROM orders WHERE client_order_id = ?")) {
            select.setString(1, clientOrderId);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              row.getLong("answered_at_ms");
              if (row.wasNull()) {
                return Optional.of(
                    unanswered(row.getString("note"), clientOrderId, row.getLong("audit_id")));
              }
              return Optional.of(
                  new OrderResult(
                      row.getInt("is_send_order") == 1,
                      row.getString("answer_note"),
                      nonNull(row.getString("order_serial")),
                      nonNull(row.getString("error_code")),
                      row.getString("error_message"),
                      clientOrderId,
                      OrderState.fromWire(row.getString("status")),
                      row.getInt("filled_quantity")));
            }
          }
        });
  }

  /**
   * What a repeat of a request recorded without an answer is told: an {@code ORDER_EXECUTION_ERROR}
   * refusal telling the operator to check, so a retry never places twice.
   */
  static OrderResult unanswered(String note, String clientOrderId, long auditId) {
    return OrderResult.rejected(
        note,
        ErrorCode.ORDER_EXECUTION_ERROR.wire(),
        "an earlier request with client_order_id "
            + clientOrderId
            + " (audit id "
            + auditId
            + ") has no recorded answer, so it may or may not have been placed: check the orders and"
            + " positions at the broker before retrying with a new client_order_id",
        clientOrderId);
  }

  /** Whether a request with this client order id is recorded. */
  boolean isRecorded(String clientOrderId) {
    return database.read(
        "look up client_order_id " + clientOrderId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT 1 FROM orders WHERE client_order_id = ?")) {
            select.setString(1, clientOrderId);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next();
            }
          }
        });
  }

  /** Which request a row holds: its audit id, client order id (or null) and note. */
  record RequestKey(long auditId, String clientOrderId, String note) {}

  /** The request of row {@code auditId} if it is recorded and has no answer. */
  Optional<RequestKey> findRequestWithoutResult(long auditId) {
    return database.read(
        "find order request " + auditId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT client_order_id, note FROM orders WHERE audit_id = ?"
                      + " AND answered_at_ms IS NULL")) {
            select.setLong(1, auditId);
            try (ResultSet row = select.executeQuery()) {
              return row.next()
                  ? Optional.of(
                      new RequestKey(
                          auditId, row.getString("client_order_id"), row.getString("note")))
                  : Optional.empty();
            }
          }
        });
  }

  /**
   * The highest audit id ever given: the larger of the highest row's and AUTOINCREMENT's record, so
   * that an id is never given twice, even one whose row is gone.
   */
  long highestAuditId() {
    return database.read(
        "find the highest audit id",
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT max(coalesce((SELECT max(audit_id) FROM orders), 0),"
                          + " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'orders'), 0))");
              ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
          }
        });
  }

  /**
   * Rows without an answer in the time window, by audit id. There is no index on the answer column:
   * the scan runs at start and on the operator's {@code reconcile} only, and the window keeps what
   * it returns small.
   */
  @Override
  public List<UnansweredRequest> findRequestsWithoutResult(
      long fromMillis, long beforeMillis, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive but was " + limit);
    }
    return database.read(
        "find order requests without an answer",
        connection -> {
          List<UnansweredRequest> requests = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + UNANSWERED_COLUMNS
                      + " FROM orders WHERE answered_at_ms IS NULL"
                      + " AND client_order_id IS NOT NULL AND requested_at_ms >= ? AND requested_at_ms < ?"
                      + " ORDER BY audit_id LIMIT ?")) {
            select.setLong(1, fromMillis);
            select.setLong(2, beforeMillis);
            select.setInt(3, limit);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                requests.add(unansweredRequest(row));
              }
            }
          }
          return requests;
        });
  }

  /**
   * Who sent the order with this client order id, as recorded with its request; {@link
   * OrderSender#UNRECORDED} for a request recorded before schema version 5.
   */
  Optional<OrderSender> findSenderByClientOrderId(String clientOrderId) {
    return database.read(
        "find the sender of client_order_id " + clientOrderId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT sender_name, sender_key FROM orders WHERE client_order_id = ?")) {
            select.setString(1, clientOrderId);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(sender(row)) : Optional.empty();
            }
          }
        });
  }

  private static UnansweredRequest unansweredRequest(ResultSet row) throws SQLException {
    return new UnansweredRequest(
        row.getLong("audit_id"),
        SqliteOrderJournal.request(row),
        row.getString("closes_client_order_id"),
        row.getLong("requested_at_ms"),
        sender(row));
  }

  private static OrderSender sender(ResultSet row) throws SQLException {
    String name = row.getString("sender_name");
    if (name == null) {
      return OrderSender.UNRECORDED;
    }
    return new OrderSender(name, nonNull(row.getString("sender_key")));
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  static boolean exists(Connection connection, long auditId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM orders WHERE audit_id = ?")) {
      select.setLong(1, auditId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }
}
