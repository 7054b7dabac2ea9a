package org.aftm.adapter.out.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;

/**
 * The tables {@code trading_state} (one row), {@code daily_pnl} (one row per trading day) and
 * {@code reconciliation_decisions} (append only) of schema version 4. Each write is one committed
 * transaction, durable on return with the default sync mode. Thread-safe through {@link
 * SqliteDatabase}'s lock.
 */
final class SqliteTradingState implements TradingStatePort {

  private final SqliteDatabase database;
  private final InstantSource clock;

  SqliteTradingState(SqliteDatabase database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public Optional<TradingStatus> loadTradingStatus() {
    return database.read(
        "load the trading state",
        connection -> {
          try (Statement select = connection.createStatement();
              ResultSet row =
                  select.executeQuery(
                      "SELECT state, reason, automatic, since_ms FROM trading_state WHERE id = 1")) {
            if (!row.next()) {
              return Optional.empty();
            }
            String state = row.getString("state");
            TradingState parsed;
            try {
              parsed = TradingState.valueOf(state);
            } catch (IllegalArgumentException e) {
              // The CHECK keeps this out; a hand-edited file could still bring it.
              throw new PersistenceException(
                  "Unknown trading state '" + state + "' in " + database.file(), e);
            }
            return Optional.of(
                new TradingStatus(
                    parsed,
                    row.getString("reason"),
                    row.getInt("automatic") == 1,
                    row.getLong("since_ms")));
          }
        });
  }

  @Override
  public void saveTradingStatus(TradingStatus status) {
    Objects.requireNonNull(status, "status");
    database.write(
        "save the trading state " + status.state(),
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO trading_state (id, state, reason, automatic, since_ms) VALUES (1, ?, ?, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason,"
                      + " automatic = excluded.automatic, since_ms = excluded.since_ms")) {
            upsert.setString(1, status.state().wire());
            upsert.setString(2, status.reason());
            upsert.setInt(3, status.automatic() ? 1 : 0);
            upsert.setLong(4, status.sinceMillis());
            return upsert.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Long> loadDailyRealizedPnl(LocalDate tradingDay) {
    Objects.requireNonNull(tradingDay, "tradingDay");
    return database.read(
        "load the realized P&L of " + tradingDay,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT realized_pnl_units FROM daily_pnl WHERE trading_day = ?")) {
            select.setString(1, tradingDay.toString());
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void saveDailyRealizedPnl(LocalDate tradingDay, long realizedPnlUnits) {
    Objects.requireNonNull(tradingDay, "tradingDay");
    database.write(
        "save the realized P&L of " + tradingDay,
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO daily_pnl (trading_day, realized_pnl_units, updated_ms) VALUES (?, ?, ?)"
                      + " ON CONFLICT (trading_day) DO UPDATE SET"
                      + " realized_pnl_units = excluded.realized_pnl_units, updated_ms = excluded.updated_ms")) {
            // LocalDate.toString is ISO yyyy-MM-dd for the years a trading day can have.
            upsert.setString(1, tradingDay.toString());
            upsert.setLong(2, realizedPnlUnits);
            upsert.setLong(3, clock.millis());
            return upsert.executeUpdate();
          }
        });
  }

  @Override
  public void recordReconciliationDecision(String decision, String differences, long atMillis) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(differences, "differences");
    database.write(
        "record a decision of reconciliation",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO reconciliation_decisions (at_ms, decision, differences) VALUES (?, ?, ?)")) {
            insert.setLong(1, atMillis);
            insert.setString(2, decision);
            insert.setString(3, differences);
            return insert.executeUpdate();
          }
        });
  }
}
