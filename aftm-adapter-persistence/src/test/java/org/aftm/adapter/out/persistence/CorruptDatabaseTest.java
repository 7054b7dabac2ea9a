package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteConfig;

/**
 * A damaged database file is refused at open, by the main process (which must not migrate it) and
 * by the tools beside it, with one line naming the file, the first problem and what to do; and the
 * refusal writes nothing to the file.
 */
class CorruptDatabaseTest {

  private static final int AUDIT_ROWS = 5_000;

  @TempDir Path dataDir;

  @ParameterizedTest(name = "migrate={0}")
  @ValueSource(booleans = {true, false})
  void garbageOverPagesInTheMiddleIsFoundByTheQuickCheck(boolean migrate) throws IOException {
    Path file = databaseWithAuditRows();
    long size = Files.size(file);
    int pageSize = 4096;
    assertThat(size / pageSize).as("pages").isGreaterThan(50);
    long middlePage = size / pageSize / 2;
    byte[] garbage = new byte[3 * pageSize];
    new Random(7).nextBytes(garbage);
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(middlePage * pageSize);
      raw.write(garbage);
    }
    // Verified, not assumed: an ordinary query of an undamaged table still works, so only the
    // check at open finds the damage, and the check does find it.
    assertThat(plainQuery(file, "SELECT count(*) FROM session")).isEqualTo("0");
    assertThat(quickCheckOutcome(file)).isNotEqualTo("ok");
    byte[] damaged = Files.readAllBytes(file);

    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, migrate))
        .isInstanceOfSatisfying(
            CorruptDatabaseException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.problem()).isNotBlank().isNotEqualTo("ok");
            })
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is corrupt")
        .hasMessageContaining("restore it from a backup or move the file")
        .message()
        .doesNotContain("\n");
    assertThat(Arrays.equals(Files.readAllBytes(file), damaged))
        .as("the refused file is left as it was")
        .isTrue();
  }

  @ParameterizedTest(name = "migrate={0}")
  @ValueSource(booleans = {true, false})
  void aTruncatedFileIsRefused(boolean migrate) throws IOException {
    Path file = databaseWithAuditRows();
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(raw.length() / 2);
    }

    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, migrate))
        .isInstanceOf(CorruptDatabaseException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("restore it from a backup");
  }

  @ParameterizedTest(name = "migrate={0}")
  @ValueSource(booleans = {true, false})
  void aTextFileNamedLikeTheDatabaseIsRefused(boolean migrate) throws IOException {
    Path file = dataDir.resolve(SqliteDatabase.FILE_NAME).toAbsolutePath();
    String text = "these are my notes, not a database\n".repeat(200);
    Files.writeString(file, text);

    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, migrate))
        .isInstanceOf(CorruptDatabaseException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("file is not a database")
        .hasMessageContaining("move the file");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void anIntactDatabaseWithManyRowsPassesTheCheck() {
    Path file = databaseWithAuditRows();
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      assertThat(database.file()).isEqualTo(file);
      assertThat(SqliteTradingStateTest.strings(database, "SELECT count(*) FROM orders"))
          .containsExactly(String.valueOf(AUDIT_ROWS));
    }
  }

  /** The first row of {@code sql} on a read-only connection of its own. */
  private static String plainQuery(Path file, String sql) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      return "failed: " + e.getMessage();
    }
  }

  private static String quickCheckOutcome(Path file) {
    return plainQuery(file, "PRAGMA quick_check");
  }

  /** A migrated database with a few thousand audit rows, closed (so its WAL is in the file). */
  private Path databaseWithAuditRows() {
    try (SqliteDatabase database =
        SqliteDatabase.open(dataDir, true, SqliteDatabase.SyncMode.NORMAL)) {
      database.write(
          "insert audit rows",
          connection -> {
            try (var insert =
                connection.prepareStatement(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                        + " INSERT INTO orders (order_account, item_code, side, order_type, price_units, quantity,"
                        + " open_close, note, day_trade, time_in_force, client_order_id, requested_at_ms)"
                        + " SELECT 'FA0001', 'TXFF6', 'buy', 'Limit', 220000000 + i, 1, 'AUTO',"
                        + " 'signal ' || i || ' entry', 'N', 'ROD', 'aftm-' || i || '-entry', i FROM n")) {
              insert.setInt(1, AUDIT_ROWS);
              return insert.executeUpdate();
            }
          });
      return database.file();
    }
  }
}
