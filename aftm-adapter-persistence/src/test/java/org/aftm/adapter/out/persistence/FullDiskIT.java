package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aftm.domain.order.Order;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real full disk: the database lives on a small tmpfs this test mounts (as root on Linux; skipped
 * by an assumption where mounting is not allowed), a filler file takes the rest of the space, and
 * the audit trail's and the order journal's writes must then fail as {@link StorageFaultException}s
 * that leave no half-written row, and succeed again once space is freed.
 */
class FullDiskIT {

  private static final Logger LOG = LoggerFactory.getLogger(FullDiskIT.class);

  /** Enough for the schema and a few rows, small enough to fill in milliseconds. */
  private static final String TMPFS_SIZE = "3m";

  /** More writes than the WAL's slack can absorb: one of them must hit the full disk. */
  private static final int MAX_ATTEMPTS = 5_000;

  private Path mountPoint;
  private boolean mounted;
  private SqliteDatabase database;

  @BeforeEach
  void mountSmallTmpfs() throws IOException, InterruptedException {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "tmpfs needs Linux");
    mountPoint = Files.createTempDirectory("aftm-full-disk");
    Result mount =
        run(
            "mount",
            "-t",
            "tmpfs",
            "-o",
            "size=" + TMPFS_SIZE + ",mode=0700",
            "tmpfs",
            "" + mountPoint);
    assumeTrue(mount.code() == 0, () -> "cannot mount a tmpfs here: " + mount.output());
    mounted = true;
  }

  @AfterEach
  void unmount() throws IOException, InterruptedException {
    try {
      if (database != null) {
        database.close(); // an open file keeps the mount busy
      }
    } finally {
      if (mounted) {
        Result umount = run("umount", "" + mountPoint);
        if (umount.code() != 0) {
          // Never leave a mount behind, even when something still holds a file on it.
          LOG.warn("umount {} failed ({}); detaching it lazily", mountPoint, umount.output());
          run("umount", "-l", "" + mountPoint);
        }
        mounted = false;
      }
      if (mountPoint != null) {
        Files.deleteIfExists(mountPoint);
      }
    }
    assertThat(run("mount").output()).doesNotContain(mountPoint.toString());
  }

  @Test
  void aFullDiskFailsWritesCleanlyAndTheyResumeOnceSpaceIsFreed() throws IOException {
    Path dataDir = mountPoint.resolve("data");
    database = SqliteDatabase.open(dataDir, true);
    SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
    store.recordRequest(Samples.marketOrder("before-full"), null, 1L);
    Order order = store.loadOrder("before-full").orElseThrow();

    Path filler = mountPoint.resolve("filler");
    long fillerBytes = fillTheDisk(filler);
    assertThat(fillerBytes).isPositive();

    // The audit trail: a request that the disk refuses is not recorded at all.
    int recorded = 0;
    StorageFaultException auditFault = null;
    String refusedId = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS && auditFault == null; attempt++) {
      String clientOrderId = "while-full-" + attempt;
      try {
        store.recordRequest(Samples.marketOrder(clientOrderId), null, 2L + attempt);
        recorded++;
      } catch (StorageFaultException e) {
        auditFault = e;
        refusedId = clientOrderId;
      }
    }
    if (auditFault == null) {
      fail("%d audit writes succeeded on a full disk", MAX_ATTEMPTS);
    }
    LOG.info("Audit write refused after {} more rows: {}", recorded, auditFault.getMessage());
    assertThat(auditFault.file()).isEqualTo(database.file());
    assertThat(auditFault.sqliteCode()).startsWith("SQLITE_FULL");
    assertThat(auditFault.getMessage())
        .contains(database.file().toString(), "record an order request", "SQLITE_FULL")
        .doesNotContain("\n");
    assertThat(store.findResultByClientOrderId(refusedId)).isEmpty();
    assertThat(count("SELECT count(*) FROM orders")).isEqualTo(1 + recorded);

    // The order journal: a change the disk refuses leaves the row as last committed.
    long lastSaved = 0;
    StorageFaultException journalFault = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS && journalFault == null; attempt++) {
      try {
        store.recordOrderChange(order, null, 1_000L + attempt);
        lastSaved = 1_000L + attempt;
      } catch (StorageFaultException e) {
        journalFault = e;
      }
    }
    if (journalFault == null) {
      fail("%d journal writes succeeded on a full disk", MAX_ATTEMPTS);
    }
    assertThat(journalFault.getMessage())
        .contains(database.file().toString(), "record a change of order before-full");
    assertThat(
            count(
                "SELECT coalesce(updated_at_ms, 0) FROM orders WHERE client_order_id = 'before-full'"))
        .isEqualTo(lastSaved == 0 ? 1L : lastSaved);

    assertThat(quickCheck()).containsExactly("ok");

    // Space freed: the refused request goes through now, on the same connection.
    Files.delete(filler);
    store.recordRequest(Samples.marketOrder(refusedId), null, 99L);
    assertThat(store.loadOrder(refusedId)).isPresent();
    assertThat(count("SELECT count(*) FROM orders")).isEqualTo(2 + recorded);
    assertThat(quickCheck()).containsExactly("ok");

    // And the file is sound for the next process too.
    database.close();
    database = SqliteDatabase.open(dataDir, false);
    assertThat(new SqlitePersistenceAdapter(database).loadOrder(refusedId)).isPresent();
  }

  /** Writes {@code filler} until the file system refuses; returns how much it took. */
  private static long fillTheDisk(Path filler) {
    byte[] chunk = new byte[16 * 1024];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException full) {
      LOG.info("Disk full after {} filler bytes: {}", written, full.toString());
    }
    // The last chunk may have found a partial block; top the space up byte by byte would be slow,
    // and the WAL's frames are page-sized anyway.
    return written;
  }

  private long count(String sql) {
    return Long.parseLong(SqliteTradingStateTest.strings(database, sql).get(0));
  }

  private List<String> quickCheck() {
    return SqliteTradingStateTest.strings(database, "PRAGMA quick_check");
  }

  private record Result(int code, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, e.toString()); // no such command
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, command[0] + " did not finish");
    }
    return new Result(process.exitValue(), output.trim());
  }
}
