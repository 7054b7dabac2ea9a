package org.aftm.adapter.out.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.Optional;
import org.aftm.application.port.out.SessionPort;
import org.aftm.application.port.out.TradingSession;

/**
 * The {@code session} table: one row with the non-secret session. It has no password column, so a
 * password cannot end up on disk even by mistake.
 */
final class SqliteSession implements SessionPort {

  private final SqliteDatabase database;
  private final InstantSource clock;

  SqliteSession(SqliteDatabase database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public void saveSession(TradingSession session) {
    database.write(
        "save the session",
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO session (id, account, order_account, item_code, saved_at_ms) VALUES (1, ?, ?, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET account = excluded.account,"
                      + " order_account = excluded.order_account, item_code = excluded.item_code,"
                      + " saved_at_ms = excluded.saved_at_ms")) {
            upsert.setString(1, session.account());
            upsert.setString(2, session.orderAccount());
            upsert.setString(3, session.itemCode());
            upsert.setLong(4, clock.millis());
            return upsert.executeUpdate();
          }
        });
  }

  @Override
  public Optional<TradingSession> loadSession() {
    return database.read(
        "load the session",
        connection -> {
          try (Statement select = connection.createStatement();
              ResultSet row =
                  select.executeQuery(
                      "SELECT account, order_account, item_code FROM session WHERE id = 1")) {
            return row.next()
                ? Optional.of(
                    new TradingSession(
                        row.getString("account"),
                        row.getString("order_account"),
                        row.getString("item_code")))
                : Optional.empty();
          }
        });
  }
}
