package org.aftm.adapter.out.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.aftm.application.port.out.RecordFillPort;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;

/** The {@code fills} table: every fill in the order it arrived. */
final class SqliteFills implements RecordFillPort {

  private final SqliteDatabase database;
  private final InstantSource clock;

  SqliteFills(SqliteDatabase database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public void recordFill(Fill fill) {
    database.write(
        "record a fill of order " + fill.orderSerial(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO fills (order_serial, order_account, item_code, side, quantity, price_units, filled_at_ms,"
                      + " recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, fill.orderSerial());
            insert.setString(2, fill.orderAccount());
            insert.setString(3, fill.itemCode());
            insert.setString(4, fill.side().wire());
            insert.setInt(5, fill.quantity());
            insert.setLong(6, fill.price().units());
            insert.setLong(7, fill.timeMillis());
            insert.setLong(8, clock.millis());
            return insert.executeUpdate();
          }
        });
  }

  /** The fills of one order account, oldest first. */
  List<Fill> loadFills(String orderAccount) {
    return database.read(
        "load the fills of " + orderAccount,
        connection -> {
          List<Fill> fills = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT order_serial, order_account, item_code, side, quantity, price_units, filled_at_ms"
                      + " FROM fills WHERE order_account = ? ORDER BY fill_id")) {
            select.setString(1, orderAccount);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                fills.add(
                    new Fill(
                        row.getString("order_serial"),
                        row.getString("order_account"),
                        row.getString("item_code"),
                        Side.fromWire(row.getString("side")),
                        row.getInt("quantity"),
                        SqlRows.price(row, "price_units"),
                        row.getLong("filled_at_ms")));
              }
            }
          }
          return fills;
        });
  }
}
