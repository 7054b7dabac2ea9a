package org.aftm.adapter.out.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema: Flyway migrations under {@code db/migration} on the classpath. The main
 * process migrates; the children only check that the schema they were built for is there, since two
 * processes migrating one file at once would race.
 */
final class SchemaVersions {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaVersions.class);
  private static final String LOCATION = "classpath:db/migration";

  /** Flyway's history table (its default name). */
  private static final String HISTORY_TABLE = "flyway_schema_history";

  private SchemaVersions() {}

  /** Brings the schema of {@code file} up to the newest migration. */
  static void migrate(DataSource dataSource, Path file) {
    try {
      MigrateResult result = flyway(dataSource).migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info(
            "Migrated {} from schema version {} to {}",
            file,
            result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
            result.targetSchemaVersion);
      }
    } catch (FlywayException e) {
      throw new PersistenceException(
          "Could not migrate the database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The versions of the migrations under {@code db/migration}, oldest first; {@code
   * SchemaVersionsTest} checks that they are exactly the ones Flyway finds there. The children
   * check the schema against this list with one query ({@link #verify}) instead of Flyway's scan of
   * the classpath, which took most of a second of a child's start.
   */
  static final List<Integer> MIGRATIONS = List.of(1, 2, 3, 4, 5);

  /**
   * Checks, without changing anything, that {@code file} holds exactly the schema of the newest
   * migration this program carries: every migration of {@link #MIGRATIONS} applied, none failed,
   * none newer. One query of Flyway's history table.
   *
   * @throws PersistenceException naming the file, the version found and the version expected
   */
  static void verify(DataSource dataSource, Path file) {
    int expected = MIGRATIONS.get(MIGRATIONS.size() - 1);
    String startMain =
        ": start the main process (aftm), which creates and migrates it, before this one";
    Set<Integer> applied = new HashSet<>();
    Integer failed = null;
    int found = 0;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet history =
          statement.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '"
                  + HISTORY_TABLE
                  + "'")) {
        if (!history.next()) {
          throw new PersistenceException(
              "No AFTM schema in "
                  + file
                  + " (expected schema version "
                  + expected
                  + ")"
                  + startMain);
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT version, success FROM "
                  + HISTORY_TABLE
                  + " WHERE version IS NOT NULL AND version <> ''")) {
        while (rows.next()) {
          int version;
          try {
            version = Integer.parseInt(rows.getString(1).trim());
          } catch (NumberFormatException e) {
            throw new PersistenceException(
                "The schema of "
                    + file
                    + " has a migration of unknown version '"
                    + rows.getString(1)
                    + "': run the same AFTM version in every process",
                e);
          }
          if (rows.getInt(2) == 0) {
            failed = version;
          } else {
            applied.add(version);
            found = Math.max(found, version);
          }
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException(
          "Could not read the schema version of " + file + ": " + e.getMessage(), e);
    }
    if (found == 0) {
      throw new PersistenceException(
          "No AFTM schema in " + file + " (expected schema version " + expected + ")" + startMain);
    }
    if (found > expected) {
      throw new PersistenceException(
          "The schema of "
              + file
              + " is at version "
              + found
              + ", newer than the version "
              + expected
              + " this program knows: run the same AFTM version in every process");
    }
    if (!applied.containsAll(MIGRATIONS)) {
      throw new PersistenceException(
          "The schema of "
              + file
              + " is at version "
              + found
              + " but this program expects version "
              + expected
              + startMain);
    }
    if (failed != null) {
      throw new PersistenceException(
          "The schema of "
              + file
              + " has a failed migration ("
              + failed
              + "): repair it before starting");
    }
  }

  static Flyway flyway(DataSource dataSource) {
    return Flyway.configure(SchemaVersions.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .load();
  }
}
