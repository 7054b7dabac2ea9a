package org.aftm.adapter.out.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aftm.application.port.out.SavePositionsPort;
import org.aftm.domain.order.Position;

/**
 * The {@code positions} table: the positions of each account as last known, replaced as a whole.
 */
final class SqlitePositions implements SavePositionsPort {

  private final SqliteDatabase database;
  private final InstantSource clock;

  SqlitePositions(SqliteDatabase database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * @throws IllegalArgumentException when a position belongs to another account: replacing one
   *     account's positions must not touch another's
   */
  @Override
  public void savePositions(String account, List<Position> positions) {
    Objects.requireNonNull(account, "account");
    for (Position position : positions) {
      if (!account.equals(position.account())) {
        throw new IllegalArgumentException(
            "position of account "
                + position.account()
                + " in "
                + position.itemCode()
                + " given as a position of account "
                + account);
      }
    }
    database.write(
        "save the positions of " + account,
        connection -> {
          long now = clock.millis();
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM positions WHERE account = ?")) {
            delete.setString(1, account);
            delete.executeUpdate();
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO positions (account, item_code, quantity, average_price_units, last_price_units,"
                      + " realized_pnl_points_units, unrealized_pnl_points_units, point_value, saved_at_ms)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Position position : positions) {
              insert.setString(1, account);
              insert.setString(2, position.itemCode());
              insert.setInt(3, position.quantity());
              insert.setLong(4, position.averagePrice().units());
              insert.setLong(5, position.lastPrice().units());
              insert.setLong(6, position.realizedPnlPoints().units());
              insert.setLong(7, position.unrealizedPnlPoints().units());
              insert.setLong(8, position.pointValue());
              insert.setLong(9, now);
              insert.executeUpdate();
            }
          }
          return null;
        });
  }

  /** The account's positions as last saved, by item code. */
  @Override
  public List<Position> loadPositions(String account) {
    return database.read(
        "load the positions of " + account,
        connection -> {
          List<Position> positions = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT account, item_code, quantity, average_price_units, last_price_units, realized_pnl_points_units,"
                      + " unrealized_pnl_points_units, point_value FROM positions WHERE account = ? ORDER BY item_code")) {
            select.setString(1, account);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                positions.add(
                    new Position(
                        row.getString("account"),
                        row.getString("item_code"),
                        row.getInt("quantity"),
                        SqlRows.price(row, "average_price_units"),
                        SqlRows.price(row, "last_price_units"),
                        SqlRows.price(row, "realized_pnl_points_units"),
                        SqlRows.price(row, "unrealized_pnl_points_units"),
                        row.getLong("point_value")));
              }
            }
          }
          return positions;
        });
  }

  /** Point value per instrument as last saved, over every account. */
  Map<String, Long> pointValues() {
    return database.read(
        "load the point values",
        connection -> {
          Map<String, Long> values = new HashMap<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT item_code, point_value FROM positions WHERE point_value > 0"
                          + " ORDER BY saved_at_ms");
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              values.put(row.getString(1), row.getLong(2));
            }
          }
          return values;
        });
  }
}
