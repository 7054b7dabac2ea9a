package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderState;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database made by the version 2 program, with rows, opened by this one. */
class SchemaMigrationTest {

  @TempDir Path dataDir;

  private Path file;

  @BeforeEach
  void createVersion2DatabaseWithRows() throws SQLException {
    file = dataDir.resolve(SqliteDatabase.FILE_NAME);
    Flyway.configure(getClass().getClassLoader())
        .dataSource("jdbc:sqlite:" + file, null, null)
        .locations("classpath:db/migration")
        .target("2")
        .load()
        .migrate();
    execute(
        // ids 1..5; 5 is then removed outright, so the sequence (5) is above the highest id (4).
        "INSERT INTO conditions (item_code, action, spec_trigger_price_units, turning_point_units, quantity,"
            + " take_profit_point_units, stop_loss_point_units, following, state, trigger_price_units,"
            + " entry_price_units, exit_price_units, created_at_ms, updated_at_ms, deleted_at_ms) VALUES"
            + " ('TXFF6', 'buy', 220000000, 300000, 2, 1200000, 300000, 1, 'new', 220000000, NULL, NULL, 1, 1, NULL),"
            + " ('TXFF6', 'buy', 220000000, 300000, 2, 1200000, 300000, 1, 'triggered', 219500000, NULL, NULL, 2, 3,"
            + " NULL),"
            + " ('MXFF6', 'sell', 219995000, 122500, 1, 1200000, 300000, 0, 'ordered', 219995000, 219872500, NULL,"
            + " 4, 5, NULL),"
            + " ('TXFF6', 'buy', 220000000, 300000, 2, 1200000, 300000, 1, 'exited', 219500000, 219800000,"
            + " 221000000, 6, 7, 8),"
            + " ('TXFF6', 'buy', 220000000, 300000, 2, 1200000, 300000, 1, 'new', 220000000, NULL, NULL, 9, 9, NULL)",
        "DELETE FROM conditions WHERE id = 5",
        // A limit entry answered filled, a refusal, a request never answered, a resting order, and
        // a request without a client order id.
        "INSERT INTO orders (order_account, item_code, side, order_type, price_units, quantity, open_close, note,"
            + " day_trade, time_in_force, client_order_id, requested_at_ms, is_send_order, answer_note,"
            + " order_serial, error_code, error_message, status, filled_quantity, answered_at_ms) VALUES"
            + " ('FA0001', 'MXFF6', 'sell', 'Limit', 219872500, 1, 'AUTO', 'signal 3 entry', 'N', 'IOC',"
            + " 'aftm-3-entry', 10, 1, 'signal 3 entry', 'S1', '', '', 'filled', 1, 11),"
            + " ('FA0001', 'TXFF6', 'buy', 'Market', 0, 2, 'AUTO', 'n', 'N', 'IOC', 'aftm-4-entry', 12, 0, 'n', '',"
            + " 'RISK_LIMIT', 'too many lots', 'rejected', 0, 13),"
            + " ('FA0001', 'TXFF6', 'buy', 'Market', 0, 2, 'AUTO', 'n', 'N', 'IOC', 'aftm-6-entry', 14, NULL, NULL,"
            + " NULL, NULL, NULL, NULL, NULL, NULL),"
            + " ('FA0001', 'TXFF6', 'buy', 'Limit', 219000000, 1, 'AUTO', 'n', 'N', 'ROD', 'manual-1', 15, 1, 'n',"
            + " 'S2', '', '', 'accepted', 0, 16),"
            + " ('FA0001', 'TXFF6', 'buy', 'Market', 0, 1, 'AUTO', 'n', 'N', 'IOC', NULL, 17, 1, 'n', 'S3', '', '',"
            + " 'filled', 1, 18)",
        "INSERT INTO fills (order_serial, order_account, item_code, side, quantity, price_units, filled_at_ms,"
            + " recorded_at_ms) VALUES ('S1', 'FA0001', 'MXFF6', 'sell', 1, 219872500, 11, 11)");
  }

  @Test
  void openingWithoutMigratingRefusesTheOlderSchemaAndChangesNothing() throws SQLException {
    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, false))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("at version 2 but this program expects version 5");

    assertThat(query("SELECT max(version) FROM flyway_schema_history")).containsExactly("2");
    assertThat(query("SELECT count(*) FROM condition_revision")).containsExactly("1");
  }

  @Test
  void migrationKeepsConditionIdsAndDataAndNeverReusesAnId() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);

      List<ConditionSnapshot> all = store.loadAllConditions(); // not the deleted one (4)
      assertThat(all).extracting(ConditionSnapshot::id).containsExactly(1L, 2L, 3L);
      assertThat(all)
          .extracting(ConditionSnapshot::state)
          .containsExactly(ConditionState.NEW, ConditionState.TRIGGERED, ConditionState.ORDERED);
      ConditionSnapshot ordered = all.get(2);
      assertThat(ordered.spec().action()).isEqualTo(Side.SELL);
      assertThat(ordered.spec().triggerPrice()).isEqualTo(Price.parse("21999.5"));
      assertThat(ordered.spec().turningPoint()).isEqualTo(Price.parse("12.25"));
      assertThat(ordered.spec().following()).isFalse();
      assertThat(ordered.triggerPrice()).isEqualTo(Price.parse("21999.5"));
      // Its entry order is out: attempt 1, no fill known yet.
      assertThat(ordered.progress())
          .isEqualTo(new ConditionProgress(1, 0, 0, false, 0, null, 0, 0, 0, 0, false, ""));
      assertThat(all.get(1).triggerPrice()).isEqualTo(Price.parse("21950"));
      assertThat(all.get(0).progress()).isEqualTo(ConditionProgress.NONE);
      assertThat(store.loadActiveConditions()).extracting(ConditionSnapshot::id).contains(3L);

      // The exited row (deleted too) is kept whole, with its old signal prices.
      assertThat(
              query(
                  database,
                  "SELECT state || ',' || entry_attempts || ',' || exit_attempts || ','"
                      + " || legacy_entry_signal_price_units || ',' || legacy_exit_signal_price_units"
                      + " || ',' || created_at_ms || ',' || deleted_at_ms FROM conditions WHERE id = 4"))
          .containsExactly("exited,1,1,219800000,221000000,6,8");
      assertThat(
              query(
                  database, "SELECT legacy_entry_signal_price_units FROM conditions WHERE id = 3"))
          .containsExactly("219872500");

      // Ids go on above the highest ever handed out, not above the highest left.
      assertThat(store.insertCondition(Samples.buyTxf()).id()).isEqualTo(6);

      // The revision machinery of version 2 is gone; the indexes are there.
      assertThat(query(database, "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
          .isEmpty();
      assertThat(
              query(database, "SELECT name FROM sqlite_master WHERE name = 'condition_revision'"))
          .isEmpty();
      assertThat(query(database, "SELECT name FROM sqlite_master WHERE type = 'index'"))
          .contains("conditions_live", "orders_working", "fills_once", "fills_by_order");
    }
  }

  @Test
  void migrationGivesOldOrdersALifecycleStateAndKeepsTheirAnswers() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);

      Order filled = store.loadOrder("aftm-3-entry").orElseThrow();
      assertThat(filled.state()).isEqualTo(OrderState.FILLED);
      assertThat(filled.filledQuantity()).isEqualTo(1);
      // No fill price was linked to orders before: the limit price stands in.
      assertThat(filled.filledCostUnits()).isEqualTo(219872500L);
      assertThat(filled.orderSerial()).isEqualTo("S1");
      assertThat(filled.executions()).isEmpty();

      Order refused = store.loadOrder("aftm-4-entry").orElseThrow();
      assertThat(refused.state()).isEqualTo(OrderState.REJECTED);
      assertThat(refused.errorCode()).isEqualTo("RISK_LIMIT");
      assertThat(refused.reason()).isEqualTo("too many lots");

      // Working: the unanswered request (nobody knows) and the resting limit order.
      assertThat(store.loadWorkingOrders())
          .extracting(Order::clientOrderId, Order::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("aftm-6-entry", OrderState.UNKNOWN),
              org.assertj.core.groups.Tuple.tuple("manual-1", OrderState.ACCEPTED));
      assertThat(store.loadOrder("aftm-6-entry").orElseThrow().reason())
          .contains("without an answer");
      assertThat(query(database, "SELECT order_state FROM orders WHERE client_order_id IS NULL"))
          .containsExactly("filled");

      // The answers read as before.
      assertThat(store.findResultByClientOrderId("aftm-3-entry").orElseThrow().status())
          .isEqualTo(OrderState.FILLED);
      assertThat(store.findResultByClientOrderId("aftm-6-entry").orElseThrow().errorCode())
          .isEqualTo("ORDER_EXECUTION_ERROR");

      // The old fill has no ids; new fills are stored once per execution.
      Fill old = store.loadFills("FA0001").get(0);
      assertThat(old.clientOrderId()).isEmpty();
      assertThat(old.executionId()).isEmpty();
      assertThat(old.price()).isEqualTo(Price.parse("21987.25"));
      Fill fresh =
          new Fill("aftm-3-entry", "E9", "S1", "FA0001", "MXFF6", Side.SELL, 1, old.price(), 20L);
      store.recordFill(fresh);
      store.recordFill(fresh);
      assertThat(store.loadFills("FA0001")).containsExactly(old, fresh);
    }
  }

  private void execute(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    }
  }

  private List<String> query(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static List<String> query(SqliteDatabase database, String sql) {
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
