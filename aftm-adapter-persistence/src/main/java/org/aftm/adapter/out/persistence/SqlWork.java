package org.aftm.adapter.out.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on the one connection of a {@link SqliteDatabase}, run under its lock. */
@FunctionalInterface
interface SqlWork<T> {

  T run(Connection connection) throws SQLException;
}
