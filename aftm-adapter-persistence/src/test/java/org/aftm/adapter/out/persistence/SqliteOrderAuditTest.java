package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteOrderAuditTest {

  @TempDir Path dataDir;

  @Test
  void requestAndAnswerRoundTripAcrossReopen() {
    OrderResult answer =
        OrderResult.accepted("signal 7 entry", "S000123", "sig-7-entry", OrderState.FILLED, 2);
    long auditId;
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter audit = new SqlitePersistenceAdapter(database);
      auditId = audit.recordRequest(Samples.marketOrder("sig-7-entry"), null, 1_700_000_000_000L);
      audit.recordResult(auditId, answer, 1_700_000_000_042L);
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter audit = new SqlitePersistenceAdapter(reopened);
      assertThat(audit.findResultByClientOrderId("sig-7-entry")).contains(answer);
      assertThat(audit.findResultByClientOrderId("sig-8-entry")).isEmpty();
      assertThat(requestRow(reopened, auditId))
          .isEqualTo(
              "FA0001|TXFF6|buy|Market|0|2|AUTO|signal 7 entry|N|IOC|sig-7-entry|1700000000000|1700000000042|filled");
    }
  }

  @Test
  void aRefusalIsReturnedAsRecorded() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter audit = new SqlitePersistenceAdapter(database);
      OrderResult refusal =
          OrderResult.rejected("signal 9 exit", "RISK_LIMIT", "too many lots", "sig-9-exit");
      audit.recordResult(
          audit.recordRequest(Samples.marketOrder("sig-9-exit"), null, 1L), refusal, 2L);

      assertThat(audit.findResultByClientOrderId("sig-9-exit")).contains(refusal);
    }
  }

  @Test
  void aRequestWithoutAnswerIsAnExecutionErrorSoARetryNeverPlacesTwice() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      new SqlitePersistenceAdapter(database)
          .recordRequest(Samples.marketOrder("sig-7-entry"), null, 1L);
    } // the gateway stopped mid-order
    try (SqliteDatabase restarted = SqliteDatabase.open(dataDir, true)) {
      OrderResult result =
          new SqlitePersistenceAdapter(restarted)
              .findResultByClientOrderId("sig-7-entry")
              .orElseThrow();

      assertThat(result.sent()).isFalse();
      assertThat(result.errorCode()).isEqualTo("ORDER_EXECUTION_ERROR");
      assertThat(result.errorMessage())
          .contains("sig-7-entry", "no recorded answer", "check the orders and positions");
      assertThat(result.clientOrderId()).isEqualTo("sig-7-entry");
      assertThat(result.note()).isEqualTo("signal 7 entry");
      assertThat(result.status()).isEqualTo(OrderState.REJECTED);
    }
  }

  @Test
  void requestsWithoutAnAnswerAreFoundInTheirTimeWindowOldestFirstAndBounded() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter audit = new SqlitePersistenceAdapter(database);
      audit.recordRequest(Samples.marketOrder("too-old"), null, 5L);
      long first = audit.recordRequest(Samples.marketOrder("first"), "entry-1", 10L);
      audit.recordResult(
          audit.recordRequest(Samples.marketOrder("answered"), null, 11L),
          OrderResult.accepted("n", "S1", "answered", OrderState.ACCEPTED, 0),
          12L);
      audit.recordRequest(Samples.marketOrder(null), null, 13L); // no id: cannot be asked about
      long second = audit.recordRequest(Samples.marketOrder("second"), null, 14L);
      audit.recordRequest(Samples.marketOrder("third"), null, 15L);
      audit.recordRequest(Samples.marketOrder("this-run"), null, 20L);

      assertThat(audit.findRequestsWithoutResult(10L, 20L, 2))
          .extracting(
              r -> r.auditId(),
              r -> r.request().clientOrderId(),
              r -> r.closesClientOrderId(),
              r -> r.requestedAtMillis())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(first, "first", "entry-1", 10L),
              org.assertj.core.groups.Tuple.tuple(second, "second", null, 14L));
      assertThat(audit.findRequestsWithoutResult(10L, 20L, 100))
          .extracting(r -> r.request().clientOrderId())
          .containsExactly("first", "second", "third");
      assertThat(audit.findRequestsWithoutResult(10L, 20L, 100).get(0).request())
          .isEqualTo(Samples.marketOrder("first"));
      assertThatThrownBy(() -> audit.findRequestsWithoutResult(0L, 20L, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
    }
  }

  @Test
  void aSecondRequestWithTheSameClientOrderIdIsRefusedLoudly() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter audit = new SqlitePersistenceAdapter(database);
      long first = audit.recordRequest(Samples.marketOrder("sig-7-entry"), null, 1L);

      assertThatThrownBy(() -> audit.recordRequest(Samples.marketOrder("sig-7-entry"), null, 2L))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("client_order_id 'sig-7-entry' is already recorded");
      // Requests without a client order id are all kept.
      long anonymousA = audit.recordRequest(Samples.marketOrder(null), null, 3L);
      long anonymousB = audit.recordRequest(Samples.marketOrder(null), null, 4L);
      assertThat(anonymousA).isGreaterThan(first);
      assertThat(anonymousB).isGreaterThan(anonymousA);
      assertThat(audit.findResultByClientOrderId(null)).isEmpty();
    }
  }

  @Test
  void anAnswerIsNeverRewrittenNorAttachedToAnUnknownRequest() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter audit = new SqlitePersistenceAdapter(database);
      OrderResult answer = OrderResult.accepted("n", "S1", "c1", OrderState.ACCEPTED, 0);
      long auditId = audit.recordRequest(Samples.marketOrder("c1"), null, 1L);
      audit.recordResult(auditId, answer, 2L);

      assertThatThrownBy(
              () -> audit.recordResult(auditId, OrderResult.rejected("n", "X", "x", "c1"), 3L))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("already has a recorded answer");
      assertThatThrownBy(() -> audit.recordResult(auditId + 100, answer, 3L))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("No order request with audit id");
      assertThat(audit.findResultByClientOrderId("c1")).contains(answer);
    }
  }

  private static String requestRow(SqliteDatabase database, long auditId) {
    return database.read(
        "read the audit row",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT order_account, item_code, side, order_type, price_units, quantity, open_close, note, day_trade,"
                      + " time_in_force, client_order_id, requested_at_ms, answered_at_ms, status FROM orders"
                      + " WHERE audit_id = ?")) {
            select.setLong(1, auditId);
            try (ResultSet row = select.executeQuery()) {
              row.next();
              StringBuilder text = new StringBuilder();
              for (int column = 1; column <= 14; column++) {
                text.append(column == 1 ? "" : "|").append(row.getString(column));
              }
              return text.toString();
            }
          }
        });
  }
}
