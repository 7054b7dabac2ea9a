package org.aftm.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.aftm.domain.model.Price;

/** Column conversions shared by the tables: prices are INTEGER units, never REAL. */
final class SqlRows {

  private SqlRows() {}

  /** The id of the row just inserted on this connection. */
  static long lastInsertRowId(Connection connection) throws SQLException {
    // Safe: the database lock keeps any other insert off this connection until the commit.
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT last_insert_rowid()")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static Price price(ResultSet row, String column) throws SQLException {
    return Price.ofUnits(row.getLong(column));
  }

  /** The price in {@code column}, or {@code null} when the column is NULL. */
  static Price nullablePrice(ResultSet row, String column) throws SQLException {
    long units = row.getLong(column);
    return row.wasNull() ? null : Price.ofUnits(units);
  }

  static void setNullablePrice(PreparedStatement statement, int index, Price price)
      throws SQLException {
    if (price == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, price.units());
    }
  }
}
