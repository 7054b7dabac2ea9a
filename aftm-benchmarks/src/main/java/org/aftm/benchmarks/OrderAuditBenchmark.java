package org.aftm.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.aftm.adapter.out.persistence.AuditJournal;
import org.aftm.adapter.out.persistence.JournaledOrderAudit;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.service.BackgroundOrderJournal;
import org.aftm.application.service.Portfolio;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the audit trail costs the gateway per order: {@code recordRequest} then {@code recordResult}
 * on a real data directory (under {@code java.io.tmpdir}), as the main process wires it.
 *
 * <ul>
 *   <li>{@code database}: each record a SQLite commit with {@code synchronous=FULL} (an fsync of
 *       the WAL), the behaviour before the journal ({@code AFTM_AUDIT_DURABILITY=database}).
 *   <li>{@code process}: each record one write to {@code audit.journal}; the rows written behind by
 *       the real {@code order-journal} thread on its own connection (the default).
 *   <li>{@code power}: as {@code process}, and each record waits for the journal's fsync (group
 *       commit).
 * </ul>
 *
 * {@code oneGateway} is the gateway's case (one thread); {@code fourWriters} shows group commit:
 * four threads at once, so in {@code power} mode one fsync covers several records.
 *
 * <p>Run: {@code java -cp
 * 'aftm-benchmarks/target/aftm-benchmarks-0.1.0-SNAPSHOT.jar:aftm-benchmarks/target/lib/*'
 * org.openjdk.jmh.Main OrderAuditBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrderAuditBenchmark {

  @Param({"database", "process", "power"})
  public String mode;

  private Path dataDir;
  private SqliteDatabase database;
  private SqliteDatabase journalDatabase;
  private BackgroundOrderJournal writer;
  private JournaledOrderAudit journaled;
  private OrderAuditPort audit;
  private final AtomicLong orders = new AtomicLong();

  @Setup(Level.Trial)
  public void open() throws IOException {
    dataDir = Files.createTempDirectory("aftm-audit-bench");
    database = SqliteDatabase.open(dataDir, true, SqliteDatabase.SyncMode.FULL);
    if (mode.equals("database")) {
      audit = new SqlitePersistenceAdapter(database);
      return;
    }
    journalDatabase = SqliteDatabase.open(dataDir, false, SqliteDatabase.SyncMode.NORMAL);
    SqlitePersistenceAdapter journalStore = new SqlitePersistenceAdapter(journalDatabase);
    writer =
        new BackgroundOrderJournal(journalStore, journalStore, Portfolio.forContracts(List.of()));
    journaled =
        JournaledOrderAudit.open(
            AuditJournal.open(
                dataDir,
                mode.equals("power")
                    ? AuditJournal.Durability.POWER
                    : AuditJournal.Durability.PROCESS),
            journalDatabase,
            database,
            writer);
    audit = journaled;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (journaled != null) {
      journaled.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (journalDatabase != null) {
      journalDatabase.close();
    }
    database.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(OrderAuditBenchmark::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One order's request and answer, on the gateway's one thread. */
  @Benchmark
  @Threads(1)
  public long oneGateway() {
    return recordOrder();
  }

  /** Four threads recording at once: in power mode they share forces. */
  @Benchmark
  @Threads(4)
  public long fourWriters() {
    return recordOrder();
  }

  private long recordOrder() {
    String clientOrderId = "bench-" + orders.incrementAndGet();
    OrderRequest request =
        new OrderRequest(
            "FA0001",
            "TXFF6",
            Side.BUY,
            OrderType.LIMIT,
            Price.ofPoints(22_000),
            1,
            OpenClose.AUTO,
            "benchmark",
            DayTrade.NO,
            TimeInForce.ROD,
            clientOrderId);
    long now = System.currentTimeMillis();
    long auditId =
        audit.recordRequest(request, null, new OrderSender("executor", "bench-key"), now);
    audit.recordResult(
        auditId,
        OrderResult.accepted("benchmark", "S" + auditId, clientOrderId, OrderState.ACCEPTED, 0),
        now);
    return auditId;
  }
}
