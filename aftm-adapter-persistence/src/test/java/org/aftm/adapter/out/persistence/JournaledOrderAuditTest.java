package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.aftm.application.port.out.OrderAuditPort.UnansweredRequest;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderState;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledOrderAuditTest {

  @TempDir Path dataDir;

  private SqliteDatabase database;

  /** The write-behind tasks, run only when a test says so. */
  private final Queue<Runnable> behind = new ArrayDeque<>();

  private final Executor heldBack = behind::add;

  @BeforeEach
  void openDatabase() {
    database = SqliteDatabase.open(dataDir, true);
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  private JournaledOrderAudit open(AuditJournal.Durability durability) {
    return JournaledOrderAudit.open(
        AuditJournal.open(dataDir, durability), database, database, heldBack);
  }

  private void runBehind() {
    Runnable task;
    while ((task = behind.poll()) != null) {
      task.run();
    }
  }

  private static final OrderResult ACCEPTED =
      OrderResult.accepted("signal 7 entry", "S0001", "a", OrderState.ACCEPTED, 0);

  @Test
  void journaledButNotYetWrittenEntriesAreReadFromTheTailThenFromTheDatabase() {
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      long id =
          audit.recordRequest(Samples.marketOrder("a"), "entry-0", OrderSender.UNRECORDED, 10L);

      assertThat(rowCount()).as("nothing written yet").isZero();
      OrderResult unanswered = audit.findResultByClientOrderId("a").orElseThrow();
      assertThat(unanswered.errorCode()).isEqualTo("ORDER_EXECUTION_ERROR");
      assertThat(unanswered.errorMessage()).contains("audit id " + id, "no recorded answer");
      assertThat(audit.findRequestsWithoutResult(0, 100, 10))
          .extracting(UnansweredRequest::auditId, UnansweredRequest::closesClientOrderId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "entry-0"));

      audit.recordResult(id, ACCEPTED, 11L);
      assertThat(audit.findResultByClientOrderId("a")).contains(ACCEPTED);
      assertThat(audit.findRequestsWithoutResult(0, 100, 10)).isEmpty();

      runBehind();
      assertThat(audit.tailSize()).isZero();
      assertThat(rowCount()).isEqualTo(1);
      assertThat(new SqliteOrderAudit(database).findResultByClientOrderId("a")).contains(ACCEPTED);
      assertThat(audit.findResultByClientOrderId("a")).contains(ACCEPTED);
      assertThat(audit.findResultByClientOrderId("never")).isEmpty();
    }
  }

  @Test
  void aRowWrittenWithoutItsAnswerIsNotReportedUnansweredWhileTheAnswerIsInTheTail() {
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      long id = audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 10L);
      runBehind(); // the request's row is written
      audit.recordResult(id, ACCEPTED, 11L); // its answer is not yet

      assertThat(audit.findRequestsWithoutResult(0, 100, 10)).isEmpty();
      assertThat(audit.findResultByClientOrderId("a")).contains(ACCEPTED);
    }
  }

  @Test
  void aClientOrderIdIsRecordedOnceWhetherInTheTailOrInTheDatabase() {
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 10L);
      assertThatThrownBy(
              () ->
                  audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 11L))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("'a' is already recorded");
      runBehind();
      assertThatThrownBy(
              () ->
                  audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 12L))
          .isInstanceOf(PersistenceException.class);
    }
  }

  /** The gateway refuses the order AUDIT_FAILED on this exception; nothing of it stays behind. */
  @Test
  void aRequestTheJournalCannotWriteFailsAndIsRecordedNowhere() {
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      long first = audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 1L);
      audit.journal().close(); // the file can no longer be written

      assertThatThrownBy(
              () -> audit.recordRequest(Samples.marketOrder("b"), null, OrderSender.UNRECORDED, 2L))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("Could not append audit record " + (first + 1))
          .hasMessageContaining(AuditJournal.FILE_NAME);
      runBehind();
      assertThat(audit.findResultByClientOrderId("b")).isEmpty();
      assertThat(audit.findRequestsWithoutResult(0, 100, 10))
          .extracting(UnansweredRequest::auditId)
          .containsExactly(first);
      assertThat(rowCount()).isEqualTo(1);
    }
  }

  @Test
  void anAnswerIsRecordedOnceAndOnlyForAKnownRequest() {
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.POWER)) {
      long id = audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 10L);
      audit.recordResult(id, ACCEPTED, 11L);
      assertThatThrownBy(() -> audit.recordResult(id, ACCEPTED, 12L))
          .hasMessageContaining("already has a recorded answer");
      runBehind();
      assertThatThrownBy(() -> audit.recordResult(id, ACCEPTED, 12L))
          .hasMessageContaining("audit id " + id);
      assertThatThrownBy(() -> audit.recordResult(999, ACCEPTED, 12L))
          .hasMessageContaining("audit id 999");
    }
  }

  @Test
  void aJournalNotYetWrittenIsReplayedAtTheNextOpenOnceAndIdsGoOn() {
    long first;
    long second;
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      first = audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 10L);
      audit.recordResult(first, ACCEPTED, 11L);
      runBehind(); // these two are in the database, and still in the journal
      second =
          audit.recordRequest(Samples.marketOrder("b"), "a", new OrderSender("executor", "k"), 12L);
      behind.clear(); // the process dies before its row is written
    }
    assertThat(rowCount()).isEqualTo(1);

    try (JournaledOrderAudit restarted = open(AuditJournal.Durability.PROCESS)) {
      assertThat(rowCount()).isEqualTo(2);
      assertThat(restarted.journal().size()).isEqualTo(AuditJournal.HEADER.length);
      assertThat(restarted.findResultByClientOrderId("a")).contains(ACCEPTED);
      assertThat(restarted.findRequestsWithoutResult(0, 100, 10))
          .singleElement()
          .satisfies(
              request -> {
                assertThat(request.auditId()).isEqualTo(second);
                assertThat(request.request()).isEqualTo(Samples.marketOrder("b"));
                assertThat(request.closesClientOrderId()).isEqualTo("a");
                assertThat(request.sender()).isEqualTo(new OrderSender("executor", "k"));
              });
      // Reconciliation answers the request recorded before this start.
      restarted.recordResult(second, OrderResult.rejected("n", "X", "never placed", "b"), 20L);
      assertThat(restarted.findRequestsWithoutResult(0, 100, 10)).isEmpty();
      long third =
          restarted.recordRequest(Samples.marketOrder("c"), null, OrderSender.UNRECORDED, 21L);
      assertThat(third).isGreaterThan(second);
      runBehind();
    }
    try (JournaledOrderAudit again = open(AuditJournal.Durability.PROCESS)) {
      assertThat(rowCount()).isEqualTo(3);
      assertThat(again.findResultByClientOrderId("b").orElseThrow().errorMessage())
          .isEqualTo("never placed");
    }
  }

  @Test
  void replayingRecordsTheDatabaseHasAlreadyChangesNothing() {
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      long id = audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 10L);
      audit.recordResult(id, ACCEPTED, 11L);
      runBehind();
    }
    // The lifecycle moved on after the answer; a replay must not undo it.
    new SqliteOrderJournal(database)
        .recordOrderChange(
            Order.restore(
                Samples.marketOrder("a"),
                null,
                OrderState.FILLED,
                "S0001",
                2,
                440_000_000L,
                "",
                "filled",
                java.util.Set.of()),
            null,
            30L);
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(JournaledOrderAudit.replay(journal, database)).isZero();
    }
    assertThat(rowCount()).isEqualTo(1);
    assertThat(new SqliteOrderJournal(database).loadOrder("a").orElseThrow().state())
        .isEqualTo(OrderState.FILLED);
  }

  /**
   * The order journal's thread writes the rows behind: a lifecycle change handed over right after
   * the request finds the row, never "no request with that client_order_id".
   */
  @Test
  void theRowIsWrittenBeforeTheLifecycleChangesThatFollowIt() {
    SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
    org.aftm.application.service.BackgroundOrderJournal writer =
        new org.aftm.application.service.BackgroundOrderJournal(
            store, store, org.aftm.application.service.Portfolio.forContracts(List.of()));
    try (JournaledOrderAudit audit =
        JournaledOrderAudit.open(
            AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS),
            database,
            database,
            writer)) {
      OrderJournalPort lifecycle = writer;
      for (int i = 0; i < 50; i++) {
        String id = "o-" + i;
        long auditId =
            audit.recordRequest(Samples.marketOrder(id), null, OrderSender.UNRECORDED, 10L + i);
        lifecycle.recordOrderChange(
            Order.restore(
                Samples.marketOrder(id),
                null,
                OrderState.ACCEPTED,
                "S" + i,
                0,
                0,
                "",
                "",
                java.util.Set.of()),
            null,
            20L + i);
        audit.recordResult(
            auditId,
            OrderResult.accepted("signal 7 entry", "S" + i, id, OrderState.ACCEPTED, 0),
            30L + i);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(audit.tailSize()).isZero();
                assertThat(accepted()).isEqualTo(50);
              });
    } finally {
      writer.close();
    }
    assertThat(writer.failures()).isZero();
  }

  /** A record the database will never take must not hold back the records around it. */
  @Test
  void aRecordTheDatabaseRefusesIsSkippedAndTheOthersOfItsBatchAreWritten() {
    refuseClientOrderId("bad");
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      long good =
          audit.recordRequest(Samples.marketOrder("good-1"), null, OrderSender.UNRECORDED, 1L);
      long bad = audit.recordRequest(Samples.marketOrder("bad"), null, OrderSender.UNRECORDED, 2L);
      audit.recordRequest(Samples.marketOrder("good-2"), null, OrderSender.UNRECORDED, 3L);
      audit.recordResult(good, ACCEPTED, 4L);
      audit.recordResult(bad, ACCEPTED, 5L);

      runBehind(); // one batch: all five records

      assertThat(count("SELECT count(*) FROM orders WHERE client_order_id IN ('good-1','good-2')"))
          .isEqualTo(2);
      assertThat(count("SELECT count(*) FROM orders WHERE answered_at_ms IS NOT NULL")).isOne();
      assertThat(count("SELECT count(*) FROM orders WHERE client_order_id = 'bad'")).isZero();
      assertThat(audit.tailSize()).as("answered entries let go, the good-2 request kept").isOne();
    }
    // The refused record stays in the journal: the next start tries again, keeps a copy aside and
    // starts all the same.
    try (JournaledOrderAudit reopened = open(AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.findResultByClientOrderId("good-2")).isPresent();
    }
    assertThat(dataDir.toFile().list())
        .anySatisfy(name -> assertThat(name).startsWith(AuditJournal.FILE_NAME + ".unwritten-"));
  }

  /**
   * An answer recorded and written behind between the tail's scan and the database's read: the
   * request is answered, and reporting it unanswered would have reconciliation answer it twice.
   */
  @Test
  void aRequestAnsweredWhileTheUnansweredAreListedIsNotListed() {
    try (JournaledOrderAudit audit = open(AuditJournal.Durability.PROCESS)) {
      long id = audit.recordRequest(Samples.marketOrder("a"), null, OrderSender.UNRECORDED, 10L);
      audit.afterTailScan(
          () -> {
            audit.recordResult(id, ACCEPTED, 11L);
            runBehind(); // row and answer written, the entry gone from the tail
          });

      List<UnansweredRequest> unanswered = audit.findRequestsWithoutResult(0, 100, 10);

      assertThat(audit.tailSize()).isZero();
      assertThat(unanswered).isEmpty();
    }
  }

  private void refuseClientOrderId(String clientOrderId) {
    database.write(
        "trigger",
        connection -> {
          try (java.sql.Statement ddl = connection.createStatement()) {
            ddl.execute(
                "CREATE TRIGGER refuse_order BEFORE INSERT ON orders WHEN NEW.client_order_id = '"
                    + clientOrderId
                    + "' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
          }
          return null;
        });
  }

  private int rowCount() {
    return count("SELECT count(*) FROM orders");
  }

  private int accepted() {
    return count(
        "SELECT count(*) FROM orders WHERE order_state = 'accepted' AND answered_at_ms IS NOT NULL");
  }

  private int count(String sql) {
    return database.read(
        "count",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql);
              ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
          }
        });
  }
}
