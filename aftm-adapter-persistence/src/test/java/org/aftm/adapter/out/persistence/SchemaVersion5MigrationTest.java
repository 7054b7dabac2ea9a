package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.aftm.application.port.out.OrderAuditPort.UnansweredRequest;
import org.aftm.domain.order.OrderSender;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made by the version 4 program (before the audit named senders), opened by this one,
 * and the sender columns of version 5.
 */
class SchemaVersion5MigrationTest {

  private static final OrderSender EXECUTOR =
      new OrderSender("order-executor", "rq:A+5bM}G3Bf0O-executor-public-key-z8");

  @TempDir Path dataDir;

  @BeforeEach
  void createVersion4DatabaseWithAnUnansweredOrder() throws SQLException {
    Path file = dataDir.resolve(SqliteDatabase.FILE_NAME);
    Flyway.configure(getClass().getClassLoader())
        .dataSource("jdbc:sqlite:" + file, null, null)
        .locations("classpath:db/migration")
        .target("4")
        .load()
        .migrate();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO orders (order_account, item_code, side, order_type, price_units, quantity, open_close,"
              + " note, day_trade, time_in_force, client_order_id, requested_at_ms, order_state,"
              + " filled_cost_units, state_reason, updated_at_ms) VALUES"
              + " ('FA0001', 'TXFF6', 'buy', 'Market', 0, 1, 'AUTO', 'n', 'N', 'IOC', 'aftm-1-entry', 10,"
              + " 'submitted', 0, '', 10)");
    }
  }

  @Test
  void aToolBesideTheMainProcessRefusesTheVersion4Schema() {
    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, false))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("at version 4 but this program expects version 5");
  }

  @Test
  void anOrderRecordedBeforeVersion5ReadsAsUnrecordedAndNewOrdersNameTheirSender() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);

      assertThat(store.findSenderByClientOrderId("aftm-1-entry")).contains(OrderSender.UNRECORDED);
      store.recordRequest(Samples.marketOrder("aftm-2-entry"), null, EXECUTOR, 20L);
      store.recordRequest(Samples.marketOrder("flatten-1"), null, OrderSender.MAIN_PROCESS, 21L);
      store.recordRequest(Samples.marketOrder("gw-1"), null, 22L);

      assertThat(store.findSenderByClientOrderId("aftm-2-entry")).contains(EXECUTOR);
      assertThat(store.findSenderByClientOrderId("flatten-1")).contains(OrderSender.MAIN_PROCESS);
      assertThat(store.findSenderByClientOrderId("gw-1")).contains(OrderSender.UNRECORDED);
      assertThat(store.findSenderByClientOrderId("never-sent")).isEmpty();
      assertThat(
              SqliteTradingStateTest.strings(
                  database,
                  "SELECT coalesce(sender_name, 'NULL') || '|' || coalesce(sender_key, 'NULL')"
                      + " FROM orders ORDER BY audit_id"))
          .containsExactly(
              "NULL|NULL",
              "order-executor|" + EXECUTOR.publicKey(),
              "main-process|",
              "unrecorded|");
      assertThat(store.findRequestsWithoutResult(0, 100, 10))
          .extracting(UnansweredRequest::sender)
          .containsExactly(
              OrderSender.UNRECORDED, EXECUTOR, OrderSender.MAIN_PROCESS, OrderSender.UNRECORDED);
    }
    try (SqliteDatabase child = SqliteDatabase.open(dataDir, false)) {
      assertThat(
              SqliteTradingStateTest.strings(
                  child, "SELECT max(version) FROM flyway_schema_history"))
          .containsExactly("5");
      assertThat(new SqlitePersistenceAdapter(child).findSenderByClientOrderId("aftm-2-entry"))
          .contains(EXECUTOR);
    }
  }
}
