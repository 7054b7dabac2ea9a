package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The children's one-query schema check against what Flyway finds on the classpath. */
class SchemaVersionsTest {

  @TempDir Path dataDir;

  @Test
  void theListedMigrationsAreExactlyTheOnesOnTheClasspath() {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dataDir.resolve("empty.db"));
    List<Integer> onClasspath =
        Arrays.stream(SchemaVersions.flyway(dataSource).info().all())
            .filter(m -> m.getVersion() != null)
            .map(MigrationInfo::getVersion)
            .map(v -> Integer.valueOf(v.getVersion()))
            .sorted()
            .toList();
    assertThat(SchemaVersions.MIGRATIONS).isEqualTo(onClasspath);
  }

  @Test
  void aMigratedDatabasePassesAndAFailedMigrationIsNamed() throws SQLException {
    SqliteDatabase.open(dataDir, true).close();
    SqliteDatabase.open(dataDir, false).close();

    try (Connection connection =
            java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME));
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '3'");
    }
    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, false))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("expects version 5");
  }

  @Test
  void aNewerSchemaIsRefusedNamingBothVersions() throws SQLException {
    SqliteDatabase.open(dataDir, true).close();
    try (Connection connection =
            java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME));
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " installed_by, execution_time, success) VALUES (99, '6', 'future', 'SQL',"
              + " 'V6__future.sql', 'test', 1, 1)");
    }
    assertThatThrownBy(() -> SqliteDatabase.open(dataDir, false))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("at version 6, newer than the version 5");
  }
}
