package org.aftm.adapter.out.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The audit trail of ADR 0001 with the {@link AuditJournal} as its durable copy and the {@code
 * orders} rows written behind: {@link #recordRequest} and {@link #recordResult} return once the
 * record is in the journal (as durable as its {@link AuditJournal.Durability}), and the row is
 * written later by whatever runs {@code writeBehind}'s tasks. The main process hands them to the
 * {@code order-journal} thread, which also keeps the rows' lifecycle columns: one writer, in
 * arrival order, so a request's row is always inserted before the lifecycle updates it. A batch
 * that fails throws, so that thread tries it again (the batch is kept) and holds everything after
 * it back; a record the database can never take is skipped inside the batch (its own savepoint)
 * with an error, and stays in the journal for the next start's replay.
 *
 * <p>Audit ids are given here, counting on from the highest the database ever gave; only the main
 * process records orders. Reads see what is journaled but not yet written: records not yet in the
 * database are kept in memory (the tail) until their answer is written, and answers come from there
 * first, then from the database.
 *
 * <p>{@link #open} first replays the journal into the database (a record already there is skipped),
 * makes that durable and empties the journal, so a crash of the process between the journal and the
 * database loses nothing.
 *
 * <p>Thread-safe: appends are serialised under one lock; the tail is read by any thread.
 */
public final class JournaledOrderAudit implements OrderAuditPort, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JournaledOrderAudit.class);

  /** SQLite's primary result codes for a record the database will never take. */
  private static final int SQLITE_TOOBIG = 18;

  private static final int SQLITE_CONSTRAINT = 19;
  private static final int SQLITE_MISMATCH = 20;
  private static final int SQLITE_RANGE = 25;

  /** Most records written behind in one transaction. */
  static final int MAX_BATCH = 512;

  private final AuditJournal journal;
  private final SqliteDatabase writes;
  private final SqliteOrderAudit reads;
  private final Executor writeBehind;
  private final Runnable writeTask = this::writeBehind;

  /** Guarded by appendLock: the next audit id. */
  private long nextAuditId;

  private final Object appendLock = new Object();

  /** Records appended and not yet handed to the database, in journal order. */
  private final ConcurrentLinkedQueue<AuditRecord> unwritten = new ConcurrentLinkedQueue<>();

  /**
   * The writer's batch, kept across a failed write so it is tried again first; guarded by itself.
   */
  private final List<AuditRecord> inFlight = new ArrayList<>(MAX_BATCH);

  /** The tail: requests whose answer is not yet in the database, by audit id and client id. */
  private final Map<Long, Pending> byAuditId = new ConcurrentHashMap<>();

  private final Map<String, Pending> byClientOrderId = new ConcurrentHashMap<>();

  /** A request of the tail; {@code request} is null when its row was written before this start. */
  private static final class Pending {
    final long auditId;
    final String clientOrderId;
    final String note;
    final AuditRecord.Request request;
    volatile OrderResult result;

    Pending(long auditId, String clientOrderId, String note, AuditRecord.Request request) {
      this.auditId = auditId;
      this.clientOrderId = clientOrderId;
      this.note = note;
      this.request = request;
    }
  }

  private JournaledOrderAudit(
      AuditJournal journal, SqliteDatabase writes, SqliteDatabase reads, Executor writeBehind) {
    this.journal = journal;
    this.writes = writes;
    this.reads = new SqliteOrderAudit(reads);
    this.writeBehind = writeBehind;
  }

  /**
   * Replays {@code journal}'s records into the database, empties the journal and returns the audit
   * on it.
   *
   * @param writes the connection the rows are written on (the replay, and the tasks given to {@code
   *     writeBehind})
   * @param reads the connection answers are read from
   * @param writeBehind runs the database writes, one at a time and in the order given
   */
  public static JournaledOrderAudit open(
      AuditJournal journal, SqliteDatabase writes, SqliteDatabase reads, Executor writeBehind) {
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(writes, "writes");
    Objects.requireNonNull(reads, "reads");
    Objects.requireNonNull(writeBehind, "writeBehind");
    JournaledOrderAudit audit = new JournaledOrderAudit(journal, writes, reads, writeBehind);
    replay(journal, writes);
    audit.nextAuditId = audit.reads.highestAuditId() + 1;
    return audit;
  }

  /**
   * Writes the journal's records into the database in one transaction on disk before it returns (a
   * record already there is skipped), then empties the journal.
   *
   * @return how many records were not in the database yet
   */
  static int replay(AuditJournal journal, SqliteDatabase database) {
    List<AuditRecord> records = journal.takeRecovered();
    if (records.isEmpty()) {
      journal.clear();
      return 0;
    }
    Counter applied = new Counter();
    int skipped =
        database.writeDurably(
            "replay " + records.size() + " audit records from " + journal.file(),
            connection -> {
              applied.count = 0;
              return applyAll(connection, records, database, applied);
            });
    if (skipped > 0) {
      // The records the database refused are kept for the operator: the journal is emptied next.
      journal.copyAside("unwritten");
    }
    journal.clear();
    LOG.info(
        "Replayed the audit journal {} into {}: {} records, {} of them not in the database yet",
        journal.file(),
        database.file(),
        records.size(),
        applied.count);
    return applied.count;
  }

  /** Writes one record; false when the database has it already (a replay, or a write retried). */
  private static boolean apply(Connection connection, AuditRecord record, SqliteDatabase database)
      throws SQLException {
    if (record instanceof AuditRecord.Request request) {
      if (SqliteOrderAudit.exists(connection, request.auditId())) {
        return false;
      }
      try {
        SqliteOrderAudit.insertRequest(
            connection,
            request.auditId(),
            request.request(),
            request.closesClientOrderId(),
            request.sender(),
            request.requestedAtMillis());
        return true;
      } catch (SQLiteException e) {
        if (e.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
          throw e;
        }
        // Cannot happen: the client order id was checked before the record was journaled.
        LOG.error(
            "Audit record {}: client_order_id '{}' is already recorded under another audit id in"
                + " {}; the journal's record is not written",
            request.auditId(),
            request.request().clientOrderId(),
            database.file());
        return false;
      }
    }
    AuditRecord.Result result = (AuditRecord.Result) record;
    if (SqliteOrderAudit.updateResult(
            connection, result.auditId(), result.result(), result.answeredAtMillis())
        == 1) {
      return true;
    }
    if (!SqliteOrderAudit.exists(connection, result.auditId())) {
      LOG.warn(
          "Audit record {}: an answer for a request that is not in {}; not written",
          result.auditId(),
          database.file());
    }
    return false;
  }

  /**
   * Journals the request and returns its audit id; the row follows behind.
   *
   * @throws PersistenceException when a request with the same client order id is already recorded,
   *     or the journal cannot record it (then the order must not be placed)
   */
  @Override
  public long recordRequest(
      OrderRequest request, String closesClientOrderId, OrderSender sender, long epochMillis) {
    String clientOrderId = request.clientOrderId();
    long end;
    long auditId;
    synchronized (appendLock) {
      if (clientOrderId != null
          && (byClientOrderId.containsKey(clientOrderId) || reads.isRecorded(clientOrderId))) {
        throw new PersistenceException(
            "An order request with client_order_id '"
                + clientOrderId
                + "' is already recorded; refusing to record (and place) it twice");
      }
      auditId = nextAuditId;
      AuditRecord.Request record =
          new AuditRecord.Request(auditId, request, closesClientOrderId, sender, epochMillis);
      end = journal.append(record);
      nextAuditId++;
      Pending pending = new Pending(auditId, clientOrderId, request.note(), record);
      byAuditId.put(auditId, pending);
      if (clientOrderId != null) {
        byClientOrderId.put(clientOrderId, pending);
      }
      unwritten.add(record);
    }
    // Handed over before the wait: a record whose force fails is in the file all the same, and its
    // row must come before the lifecycle's refusal of the order.
    writeBehind.execute(writeTask);
    journal.awaitDurable(end);
    return auditId;
  }

  /**
   * Journals the answer; the row follows behind.
   *
   * @throws PersistenceException when {@code auditId} is unknown or already has an answer (the
   *     trail is never rewritten), or the journal cannot record it
   */
  @Override
  public void recordResult(long auditId, OrderResult result, long epochMillis) {
    Objects.requireNonNull(result, "result");
    long end;
    synchronized (appendLock) {
      Pending pending = byAuditId.get(auditId);
      if (pending == null) {
        // Recorded before this start (reconciliation answers those): its row is in the database.
        SqliteOrderAudit.RequestKey key =
            reads
                .findRequestWithoutResult(auditId)
                .orElseThrow(
                    () ->
                        new PersistenceException(
                            "No order request without an answer has audit id "
                                + auditId
                                + " (unknown, or answered already: the audit trail is never"
                                + " rewritten)"));
        pending = new Pending(auditId, key.clientOrderId(), key.note(), null);
      } else if (pending.result != null) {
        throw new PersistenceException(
            "Order request "
                + auditId
                + " already has a recorded answer; the audit trail is never rewritten");
      }
      AuditRecord.Result record = new AuditRecord.Result(auditId, result, epochMillis);
      end = journal.append(record);
      pending.result = result;
      if (pending.request == null) {
        byAuditId.put(auditId, pending);
        if (pending.clientOrderId != null) {
          byClientOrderId.put(pending.clientOrderId, pending);
        }
      }
      unwritten.add(record);
    }
    writeBehind.execute(writeTask);
    journal.awaitDurable(end);
  }

  /**
   * From the tail if the answer (or the request) is not yet written, else from the database; a
   * request without an answer is answered as {@link SqliteOrderAudit#findResultByClientOrderId}
   * does.
   */
  @Override
  public Optional<OrderResult> findResultByClientOrderId(String clientOrderId) {
    if (clientOrderId == null) {
      return Optional.empty();
    }
    Pending pending = byClientOrderId.get(clientOrderId);
    if (pending == null) {
      // Not in the tail: in the database by now, if it was ever recorded (an entry leaves the
      // tail only after its row is committed).
      return reads.findResultByClientOrderId(clientOrderId);
    }
    OrderResult result = pending.result;
    return Optional.of(
        result != null
            ? result
            : SqliteOrderAudit.unanswered(pending.note, clientOrderId, pending.auditId));
  }

  @Override
  public List<UnansweredRequest> findRequestsWithoutResult(
      long fromMillis, long beforeMillis, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive but was " + limit);
    }
    // The tail first: an entry that leaves it afterwards is in the database by then.
    Map<Long, UnansweredRequest> found = new TreeMap<>();
    Set<Long> answeredInTail = new HashSet<>();
    for (Pending pending : byAuditId.values()) {
      AuditRecord.Request request = pending.request;
      if (pending.result != null) {
        answeredInTail.add(pending.auditId);
      } else if (request != null
          && pending.clientOrderId != null
          && request.requestedAtMillis() >= fromMillis
          && request.requestedAtMillis() < beforeMillis) {
        found.put(
            pending.auditId,
            new UnansweredRequest(
                pending.auditId,
                request.request(),
                request.closesClientOrderId(),
                request.requestedAtMillis(),
                request.sender()));
      }
    }
    Set<Long> fromTail = new HashSet<>(found.keySet());
    afterTailScan.run();
    int wanted = (int) Math.min(Integer.MAX_VALUE, (long) limit + answeredInTail.size());
    for (UnansweredRequest row :
        reads.findRequestsWithoutResult(fromMillis, beforeMillis, wanted)) {
      if (!answeredInTail.contains(row.auditId())) {
        found.putIfAbsent(row.auditId(), row);
      }
    }
    // Answered since the tail was scanned: answered in the tail now, or written with its answer
    // and gone from the tail (then the database read may have come too late to see the row
    // unanswered, or too early to see its answer). Reporting it would have the caller answer it
    // twice.
    found
        .keySet()
        .removeIf(
            auditId -> {
              Pending now = byAuditId.get(auditId);
              return now == null ? fromTail.contains(auditId) : now.result != null;
            });
    return found.values().stream().limit(limit).toList();
  }

  /** Runs between the tail's scan and the database's read: tests put an answer there. */
  private volatile Runnable afterTailScan = () -> {};

  void afterTailScan(Runnable hook) {
    afterTailScan = hook;
  }

  /**
   * Writes what was journaled since the last call, in one transaction, then lets go of the tail's
   * answered entries. Runs on the write-behind thread; a batch that fails is kept and tried first
   * the next time (the journal still holds it, and the next start replays it in any case).
   */
  private void writeBehind() {
    // One writer at a time, whatever executor runs this.
    synchronized (inFlight) {
      writeBatch();
    }
  }

  private void writeBatch() {
    AuditRecord record;
    while (inFlight.size() < MAX_BATCH && (record = unwritten.poll()) != null) {
      inFlight.add(record);
    }
    if (inFlight.isEmpty()) {
      return;
    }
    writes.write(
        "write audit records behind",
        connection -> applyAll(connection, inFlight, writes, new Counter()));
    for (AuditRecord each : inFlight) {
      release(each);
    }
    inFlight.clear();
  }

  /** Lets go of the tail's entry once the record answering it is in the database. */
  private void release(AuditRecord written) {
    if (written instanceof AuditRecord.Result) {
      Pending pending = byAuditId.remove(written.auditId());
      if (pending != null && pending.clientOrderId != null) {
        byClientOrderId.remove(pending.clientOrderId, pending);
      }
    }
  }

  /**
   * Applies each record under its own savepoint: one that can never be written (a constraint, a
   * type or size the database refuses, a bug binding it) is rolled back, logged as an error naming
   * its client order id and skipped, so it cannot hold back the others. A failure that may pass (a
   * busy database, a full or failing disk) is thrown and fails the whole transaction.
   *
   * @return how many records were skipped
   */
  private static int applyAll(
      Connection connection, List<AuditRecord> records, SqliteDatabase database, Counter applied)
      throws SQLException {
    int skipped = 0;
    try (Statement savepoints = connection.createStatement()) {
      for (AuditRecord record : records) {
        savepoints.execute("SAVEPOINT audit_record");
        try {
          if (apply(connection, record, database)) {
            applied.count++;
          }
        } catch (SQLException | RuntimeException e) {
          if (e instanceof SQLException sql && !neverWritable(sql)) {
            throw sql;
          }
          savepoints.execute("ROLLBACK TO audit_record");
          skipped++;
          LOG.error(
              "Audit record {} (a {} of client_order_id '{}') can never be written to {}: {};"
                  + " skipped, it stays in the audit journal",
              record.auditId(),
              record instanceof AuditRecord.Request ? "request" : "answer",
              clientOrderId(record),
              database.file(),
              e.toString());
        }
        savepoints.execute("RELEASE audit_record");
      }
    }
    return skipped;
  }

  /** Records applied by {@link #applyAll}. */
  private static final class Counter {
    int count;
  }

  /** Trying again gives the same: a constraint, a type or size the database refuses. */
  static boolean neverWritable(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return primary == SQLITE_TOOBIG
        || primary == SQLITE_CONSTRAINT
        || primary == SQLITE_MISMATCH
        || primary == SQLITE_RANGE;
  }

  private static String clientOrderId(AuditRecord record) {
    return record instanceof AuditRecord.Request request
        ? request.request().clientOrderId()
        : "of the answered request";
  }

  /** Requests in the tail (journaled, answer not yet in the database): for tests and status. */
  int tailSize() {
    return byAuditId.size();
  }

  /** The journal this audit appends to. */
  public AuditJournal journal() {
    return journal;
  }

  /** Closes the journal. Records not yet written behind stay in it for the next start's replay. */
  @Override
  public void close() {
    int left;
    synchronized (inFlight) {
      left = unwritten.size() + inFlight.size();
    }
    if (left > 0) {
      LOG.info(
          "Audit: {} records not yet in the database; the next start replays them from {}",
          left,
          journal.file());
    }
    journal.close();
  }
}
