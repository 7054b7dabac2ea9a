package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database made by the version 3 program (before the trading state), opened by this one. */
class SchemaVersion4MigrationTest {

  @TempDir Path dataDir;

  @BeforeEach
  void createVersion3DatabaseWithAnOrder() throws SQLException {
    Path file = dataDir.resolve(SqliteDatabase.FILE_NAME);
    Flyway.configure(getClass().getClassLoader())
        .dataSource("jdbc:sqlite:" + file, null, null)
        .locations("classpath:db/migration")
        .target("3")
        .load()
        .migrate();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO orders (order_account, item_code, side, order_type, price_units, quantity, open_close,"
              + " note, day_trade, time_in_force, client_order_id, requested_at_ms) VALUES"
              + " ('FA0001', 'TXFF6', 'buy', 'Market', 0, 1, 'AUTO', 'n', 'N', 'IOC', 'aftm-1-entry', 10)");
    }
  }

  @Test
  void aToolBesideTheMainProcessRefusesTheVersion3Schema() {
    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, false))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("at version 3 but this program expects version 5");
  }

  @Test
  void theMainProcessMigratesToTheNewestVersionKeepingTheOrdersWithNoTradingStateYet() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);

      assertThat(store.loadOrder("aftm-1-entry")).isPresent();
      assertThat(store.loadTradingStatus()).isEmpty();
      assertThat(store.loadDailyRealizedPnl(LocalDate.of(2026, 3, 2))).isEmpty();
      store.saveTradingStatus(new TradingStatus(TradingState.HALTED, "operator", false, 1L));
    }
    // Migrated: now a tool beside the main process opens it without migrating.
    try (SqliteDatabase child = SqliteDatabase.open(dataDir, false)) {
      assertThat(
              SqliteTradingStateTest.strings(
                  child, "SELECT max(version) FROM flyway_schema_history"))
          .containsExactly("5");
      assertThat(new SqlitePersistenceAdapter(child).loadTradingStatus())
          .map(TradingStatus::state)
          .contains(TradingState.HALTED);
    }
  }
}
