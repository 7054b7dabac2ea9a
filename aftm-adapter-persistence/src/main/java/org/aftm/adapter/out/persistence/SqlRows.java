package org.aftm.adapter.out.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
}
