package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trading state, the day's realized P&amp;L and the decisions of reconciliation on a file. */
class SqliteTradingStateTest {

  private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.ofEpochMilli(1_772_400_000_000L));

  @TempDir Path dataDir;

  @Test
  void aFreshInstallHasNoStateNoPnlAndNoDecisions() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database, CLOCK);

      assertThat(store.loadTradingStatus()).isEmpty();
      assertThat(store.loadDailyRealizedPnl(MONDAY)).isEmpty();
      assertThat(decisions(database)).isEmpty();
    }
  }

  @Test
  void theStateSurvivesAReopenAndTheLastSaveWins() {
    TradingStatus halted =
        new TradingStatus(TradingState.HALTED, "daily loss limit reached", true, 1_000L);
    TradingStatus reducing =
        new TradingStatus(TradingState.REDUCING, "operator: calm market", false, 2_000L);
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database, CLOCK);
      store.saveTradingStatus(halted);
      assertThat(store.loadTradingStatus()).contains(halted);
      store.saveTradingStatus(reducing);
    }
    // A child or tool beside the main process opens without migrating and reads the same.
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      assertThat(new SqlitePersistenceAdapter(reopened).loadTradingStatus()).contains(reducing);
      assertThat(count(reopened, "trading_state")).isEqualTo(1);
    }
  }

  @Test
  void theRealizedPnlIsKeptPerDayAndReplacedWithinADay() {
    LocalDate tuesday = MONDAY.plusDays(1);
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database, CLOCK);
      store.saveDailyRealizedPnl(MONDAY, -1_500_0000L);
      store.saveDailyRealizedPnl(MONDAY, -2_000_0000L);
      store.saveDailyRealizedPnl(tuesday, 300_0000L);
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(reopened, CLOCK);
      assertThat(store.loadDailyRealizedPnl(MONDAY)).contains(-2_000_0000L);
      assertThat(store.loadDailyRealizedPnl(tuesday)).contains(300_0000L);
      assertThat(store.loadDailyRealizedPnl(MONDAY.minusDays(1))).isEmpty();
      assertThat(count(reopened, "daily_pnl")).isEqualTo(2);
      assertThat(
              strings(
                  reopened,
                  "SELECT trading_day || '|' || updated_ms FROM daily_pnl ORDER BY trading_day"))
          .containsExactly("2026-03-02|1772400000000", "2026-03-03|1772400000000");
    }
  }

  @Test
  void eachDecisionOfReconciliationIsAppended() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database, CLOCK);
      store.recordReconciliationDecision(
          "accept broker view", "TXFF6: local 2 lots, broker 1 lot", 5_000L);
      store.recordReconciliationDecision("accept broker view", "", 6_000L);

      assertThat(decisions(database))
          .containsExactly(
              "1|5000|accept broker view|TXFF6: local 2 lots, broker 1 lot",
              "2|6000|accept broker view|");
    }
  }

  private static List<String> decisions(SqliteDatabase database) {
    return strings(
        database,
        "SELECT id || '|' || at_ms || '|' || decision || '|' || differences"
            + " FROM reconciliation_decisions ORDER BY id");
  }

  private static long count(SqliteDatabase database, String table) {
    return Long.parseLong(strings(database, "SELECT count(*) FROM " + table).get(0));
  }

  static List<String> strings(SqliteDatabase database, String sql) {
    return database.read(
        "query",
        connection -> {
          List<String> values = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
              values.add(rows.getString(1));
            }
          }
          return values;
        });
  }
}
