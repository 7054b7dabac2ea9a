package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.TreeSet;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteOrderJournalTest {

  private static final String ENTRY = "aftm-7-entry";

  @TempDir Path dataDir;

  @Test
  void requestChangesAndFillsRebuildTheSameOrderAcrossReopen() {
    OrderRequest request = Samples.marketOrder(ENTRY); // 2 lots
    Order order = new Order(request, null);
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      long auditId = store.recordRequest(request, null, 1_000L);
      assertThat(describe(store.loadOrder(ENTRY).orElseThrow())).isEqualTo(describe(order));

      apply(order, new OrderEvent.Accepted(ENTRY, "S42", 1_001L));
      store.recordOrderChange(order, null, 1_001L);
      Fill first = fill("E1", 1, "21985");
      apply(order, filled(first));
      store.recordOrderChange(order, first, 1_002L);
      // The gateway's answer comes after the journal moved on: it does not take the state back.
      store.recordResult(
          auditId, OrderResult.accepted("n", "S42", ENTRY, OrderState.ACCEPTED, 0), 1_003L);

      Order loaded = store.loadOrder(ENTRY).orElseThrow();
      assertThat(describe(loaded)).isEqualTo(describe(order));
      assertThat(loaded.state()).isEqualTo(OrderState.PARTIALLY_FILLED);
      assertThat(loaded.executions()).containsExactly("E1");
      assertThat(store.loadWorkingOrders())
          .extracting(this::describe)
          .containsExactly(describe(order));
      // The restored order knows its executions: a repeated report applies once.
      assertThat(loaded.apply(filled(first))).isEqualTo(Order.Outcome.DUPLICATE);
      // The answer's filled quantity is as last known.
      assertThat(store.findResultByClientOrderId(ENTRY).orElseThrow().filledQuantity())
          .isEqualTo(1);

      Fill second = fill("E2", 1, "21986.5");
      apply(order, filled(second));
      store.recordOrderChange(order, second, 1_004L);
      assertThat(order.state()).isEqualTo(OrderState.FILLED);
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(reopened);
      Order loaded = store.loadOrder(ENTRY).orElseThrow();
      assertThat(describe(loaded)).isEqualTo(describe(order));
      assertThat(loaded.filledCostUnits())
          .isEqualTo(Price.parse("21985").units() + Price.parse("21986.5").units());
      assertThat(loaded.executions()).containsExactlyInAnyOrder("E1", "E2");
      assertThat(store.loadWorkingOrders()).isEmpty();
      assertThat(store.loadOrder("aftm-8-entry")).isEmpty();
      assertThat(store.loadFillsOfOrder(ENTRY)).hasSize(2);
    }
  }

  @Test
  void anExitKeepsTheEntryItClosesAndEveryWorkingStateIsLoaded() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      Order submitted = recorded(store, "aftm-1-entry", null);
      Order accepted = recorded(store, "aftm-2-entry", null);
      apply(accepted, new OrderEvent.Accepted("aftm-2-entry", "S2", 1L));
      store.recordOrderChange(accepted, null, 2L);
      Order unknown = recorded(store, "aftm-3-exit", "aftm-3-entry");
      apply(unknown, new OrderEvent.Unknown("aftm-3-exit", "broker timed out", 1L));
      store.recordOrderChange(unknown, null, 2L);
      Order cancelled = recorded(store, "aftm-4-entry", null);
      apply(cancelled, new OrderEvent.Cancelled("aftm-4-entry", "S4", "no liquidity", 1L));
      store.recordOrderChange(cancelled, null, 2L);
      Order expired = recorded(store, "aftm-5-entry", null);
      apply(expired, new OrderEvent.Expired("aftm-5-entry", "S5", "day over", 1L));
      store.recordOrderChange(expired, null, 2L);
      store.recordRequest(Samples.marketOrder(null), null, 3L); // no lifecycle without an id

      assertThat(store.loadWorkingOrders())
          .extracting(this::describe)
          .containsExactly(describe(submitted), describe(accepted), describe(unknown));
      Order exit = store.loadOrder("aftm-3-exit").orElseThrow();
      assertThat(exit.closesClientOrderId()).isEqualTo("aftm-3-entry");
      assertThat(exit.reason()).isEqualTo("broker timed out");
      assertThat(describe(store.loadOrder("aftm-4-entry").orElseThrow()))
          .isEqualTo(describe(cancelled));
      assertThat(describe(store.loadOrder("aftm-5-entry").orElseThrow()))
          .isEqualTo(describe(expired));
    }
  }

  @Test
  void aRefusalMakesTheOrderRejectedWithItsCodeAndReason() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      long auditId = store.recordRequest(Samples.marketOrder(ENTRY), null, 1L);
      OrderResult refusal = OrderResult.rejected("n", "RISK_LIMIT", "quantity 2 over 1", ENTRY);

      store.recordResult(auditId, refusal, 2L);

      Order loaded = store.loadOrder(ENTRY).orElseThrow();
      assertThat(loaded.state()).isEqualTo(OrderState.REJECTED);
      assertThat(loaded.errorCode()).isEqualTo("RISK_LIMIT");
      assertThat(loaded.reason()).isEqualTo("quantity 2 over 1");
      assertThat(loaded.filledQuantity()).isZero();
      assertThat(store.loadWorkingOrders()).isEmpty();
      assertThat(store.findResultByClientOrderId(ENTRY)).contains(refusal);
    }
  }

  @Test
  void anAcceptingAnswerLeavesTheStateToTheLifecycle() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      long auditId = store.recordRequest(Samples.marketOrder(ENTRY), null, 1L);
      OrderResult answer = OrderResult.accepted("n", "S1", ENTRY, OrderState.FILLED, 2);

      store.recordResult(auditId, answer, 2L);

      // No event reached the lifecycle yet: still submitted, nothing filled, still working.
      Order loaded = store.loadOrder(ENTRY).orElseThrow();
      assertThat(loaded.state()).isEqualTo(OrderState.SUBMITTED);
      assertThat(loaded.filledQuantity()).isZero();
      assertThat(loaded.orderSerial()).isEqualTo("S1");
      assertThat(store.loadWorkingOrders()).hasSize(1);
      assertThat(store.findResultByClientOrderId(ENTRY)).contains(answer);
    }
  }

  @Test
  void aFillIsStoredOnceWhetherTheRecorderOrTheJournalComesFirst() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      Order order = recorded(store, ENTRY, null);
      Fill first = fill("E1", 1, "21985");
      store.recordFill(first); // the fill recorder saw the execution first
      // Stored but not applied: a restored order must still apply it when it comes again.
      assertThat(store.loadOrder(ENTRY).orElseThrow().executions()).isEmpty();

      apply(order, filled(first));
      store.recordOrderChange(order, first, 2L);
      store.recordOrderChange(order, first, 3L); // a retried journal write
      store.recordFill(first);

      assertThat(store.loadFills("FA0001")).containsExactly(first);
      assertThat(store.loadOrder(ENTRY).orElseThrow().executions()).containsExactly("E1");
      assertThat(count(database, "SELECT count(*) FROM fills WHERE journaled = 1")).isEqualTo(1);
    }
  }

  @Test
  void aChangeOfAnOrderNeverRequestedOrAFillOfAnotherOrderIsRefused() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      Order stranger = new Order(Samples.marketOrder("aftm-9-entry"), null);

      assertThatThrownBy(() -> store.recordOrderChange(stranger, null, 1L))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("No order request with client_order_id 'aftm-9-entry'");

      Order order = recorded(store, ENTRY, null);
      Fill elsewhere =
          new Fill(
              "aftm-9-entry", "E1", "S1", "FA0001", "TXFF6", Side.BUY, 1, Price.parse("1"), 1L);
      assertThatThrownBy(() -> store.recordOrderChange(order, elsewhere, 1L))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("aftm-9-entry");
      assertThat(store.loadFills("FA0001")).isEmpty();
    }
  }

  private static Order recorded(SqlitePersistenceAdapter store, String id, String closes) {
    OrderRequest request = Samples.marketOrder(id);
    store.recordRequest(request, closes, 1L);
    return new Order(request, closes);
  }

  private static void apply(Order order, OrderEvent event) {
    assertThat(order.apply(event)).as(order.lastRefusal()).isEqualTo(Order.Outcome.APPLIED);
  }

  private static Fill fill(String executionId, int quantity, String price) {
    return new Fill(
        ENTRY, executionId, "S42", "FA0001", "TXFF6", Side.BUY, quantity, Price.parse(price), 5L);
  }

  private static OrderEvent.Filled filled(Fill fill) {
    return new OrderEvent.Filled(
        fill.clientOrderId(),
        fill.orderSerial(),
        fill.executionId(),
        fill.quantity(),
        fill.price(),
        fill.timeMillis());
  }

  /** Everything an order is: Order has no equals. */
  private String describe(Order order) {
    return order.toUpdate()
        + " "
        + order.request()
        + " closes="
        + order.closesClientOrderId()
        + " serial="
        + order.orderSerial()
        + " executions="
        + new TreeSet<>(order.executions());
  }

  private static int count(SqliteDatabase database, String sql) {
    return database.read(
        "count",
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
          }
        });
  }
}
