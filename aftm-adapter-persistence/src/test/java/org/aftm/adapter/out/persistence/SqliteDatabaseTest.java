package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.domain.condition.ConditionSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

  @TempDir Path dataDir;

  @Test
  void childOpeningAnEmptyDataDirectoryFailsNamingTheDirectoryAndCreatesNothing() {
    Path missing = dataDir.resolve("never-started");

    assertThatThrownBy(() -> SqliteDatabase.open(missing, false))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(missing.toAbsolutePath().toString())
        .hasMessageContaining("start the main process");
    assertThat(missing).doesNotExist();
  }

  @Test
  void childOpeningAFileWithoutSchemaFailsNamingTheFileAndTheExpectedVersion() throws Exception {
    Path file = dataDir.resolve(SqliteDatabase.FILE_NAME);
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE unrelated (x INTEGER)");
    }

    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, false))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("expected schema version 5");
  }

  @Test
  void mainMigratesThenChildOpensWithoutMigrating() {
    try (SqliteDatabase main = SqliteDatabase.open(dataDir.resolve("nested/dir"), true)) {
      assertThat(main.file()).isEqualTo(dataDir.resolve("nested/dir/aftm.db").toAbsolutePath());
      assertThat(main.file()).isRegularFile();
      try (SqliteDatabase child = SqliteDatabase.open(dataDir.resolve("nested/dir"), false)) {
        assertThat(tables(child)).contains("conditions", "orders", "fills", "positions", "session");
      }
    }
  }

  @Test
  void theMainProcessCreatesTheDirectoryAndDatabaseFilesOwnerOnly() throws Exception {
    Path fresh = dataDir.resolve("fresh");
    try (SqliteDatabase database = SqliteDatabase.open(fresh, true)) {
      new SqlitePersistenceAdapter(database).insertCondition(Samples.buyTxf());
      if (!OwnerOnly.isPosix(fresh.getFileSystem())) {
        return;
      }
      assertThat(permissions(fresh)).isEqualTo("rwx------");
      assertThat(permissions(database.file())).isEqualTo("rw-------");
      assertThat(permissions(fresh.resolve(SqliteDatabase.FILE_NAME + "-wal")))
          .isEqualTo("rw-------");
      assertThat(permissions(fresh.resolve(SqliteDatabase.FILE_NAME + "-shm")))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void theMainProcessRestrictsADatabaseFileOthersCouldRead() throws Exception {
    SqliteDatabase.open(dataDir, true).close();
    Path file = dataDir.resolve(SqliteDatabase.FILE_NAME);
    if (!OwnerOnly.isPosix(file.getFileSystem())) {
      return;
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    SqliteDatabase.open(dataDir, false).close(); // a child changes nothing
    assertThat(permissions(file)).isEqualTo("rw-r--r--");
    SqliteDatabase.open(dataDir, true).close();
    assertThat(permissions(file)).isEqualTo("rw-------");
  }

  @Test
  void migratingTwiceIsHarmlessAndKeepsData() {
    try (SqliteDatabase first = SqliteDatabase.open(dataDir, true)) {
      new SqlitePersistenceAdapter(first).insertCondition(Samples.buyTxf());
    }
    try (SqliteDatabase second = SqliteDatabase.open(dataDir, true)) {
      assertThat(new SqlitePersistenceAdapter(second).loadAllConditions()).hasSize(1);
    }
  }

  @Test
  void connectionIsDurableWalWithForeignKeys() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      assertThat(pragma(database, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(database, "synchronous")).isEqualTo("2"); // FULL
      assertThat(pragma(database, "foreign_keys")).isEqualTo("1");
    }
    try (SqliteDatabase database =
        SqliteDatabase.open(dataDir, false, SqliteDatabase.SyncMode.NORMAL)) {
      assertThat(pragma(database, "synchronous")).isEqualTo("1"); // NORMAL
    }
  }

  @Test
  void aWriteWaitsForAnotherConnectionsWriteLockInsteadOfFailing() throws Exception {
    try (SqliteDatabase holder = SqliteDatabase.open(dataDir, true);
        SqliteDatabase waiter = SqliteDatabase.open(dataDir, false)) {
      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread holding =
          new Thread(
              () ->
                  holder.write(
                      "hold the write lock",
                      connection -> {
                        locked.countDown();
                        try {
                          release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }));
      holding.start();
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
      AtomicReference<ConditionSnapshot> inserted = new AtomicReference<>();
      Thread waiting =
          new Thread(
              () ->
                  inserted.set(
                      new SqlitePersistenceAdapter(waiter).insertCondition(Samples.buyTxf())));
      waiting.start();

      // The waiter parks in the busy handler (not an error) until the holder commits.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
      release.countDown();
      waiting.join(10_000);
      holding.join(10_000);

      assertThat(inserted.get()).isNotNull();
      assertThat(new SqlitePersistenceAdapter(holder).loadAllConditions()).hasSize(1);
    }
  }

  @Test
  void noTableHasAPasswordColumn() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      List<String> columns =
          database.read(
              "list columns",
              connection -> {
                List<String> names = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                    ResultSet rows =
                        statement.executeQuery(
                            "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p"
                                + " WHERE m.type = 'table'")) {
                  while (rows.next()) {
                    names.add(rows.getString(1));
                  }
                }
                return names;
              });
      assertThat(columns).contains("session.account", "session.order_account", "session.item_code");
      assertThat(columns)
          .noneMatch(
              name -> name.toLowerCase().contains("pass") || name.toLowerCase().contains("secret"));
    }
  }

  @Test
  void aClosedDatabaseRefusesWork() {
    SqliteDatabase database = SqliteDatabase.open(dataDir, true);
    SqlitePersistenceAdapter adapter = new SqlitePersistenceAdapter(database);
    database.close();
    database.close(); // idempotent

    assertThatThrownBy(adapter::loadActiveConditions)
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aFailedWriteIsRolledBackAndTheConnectionStaysUsable() throws Exception {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      assertThatThrownBy(
              () ->
                  database.write(
                      "insert then fail",
                      connection -> {
                        try (Statement statement = connection.createStatement()) {
                          statement.executeUpdate(
                              "INSERT INTO session (id, saved_at_ms) VALUES (1, 0)");
                          statement.executeUpdate(
                              "INSERT INTO session (id, saved_at_ms) VALUES (2, 0)"); // CHECK (id =
                          // 1)
                        }
                        return null;
                      }))
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("insert then fail");

      assertThat(new SqlitePersistenceAdapter(database).loadSession()).isEmpty();
      new SqlitePersistenceAdapter(database).insertCondition(Samples.buyTxf());
    }
    assertThat(Files.size(dataDir.resolve(SqliteDatabase.FILE_NAME))).isPositive();
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static String pragma(SqliteDatabase database, String name) {
    return database.read(
        "read " + name,
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
          }
        });
  }

  private static List<String> tables(SqliteDatabase database) {
    return database.read(
        "list tables",
        connection -> {
          List<String> names = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
              names.add(rows.getString(1));
            }
          }
          return names;
        });
  }
}
