package org.aftm.adapter.out.persistence;

import java.nio.file.Path;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
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
   * Checks, without changing anything, that {@code file} holds exactly the schema of the newest
   * migration this program carries.
   *
   * @throws PersistenceException naming the file, the version found and the version expected
   */
  static void verify(DataSource dataSource, Path file) {
    MigrationInfoService info;
    try {
      info = flyway(dataSource).info();
    } catch (FlywayException e) {
      throw new PersistenceException(
          "Could not read the schema version of " + file + ": " + e.getMessage(), e);
    }
    MigrationVersion expected =
        Arrays.stream(info.all())
            .filter(m -> m.getState().isResolved() && m.getVersion() != null)
            .map(MigrationInfo::getVersion)
            .max(MigrationVersion::compareTo)
            .orElseThrow(
                () ->
                    new PersistenceException(
                        "No schema migrations found on the classpath at " + LOCATION));
    MigrationInfo current = info.current();
    String startMain =
        ": start the main process (aftm), which creates and migrates it, before this one";
    if (current == null || current.getVersion() == null) {
      throw new PersistenceException(
          "No AFTM schema in " + file + " (expected schema version " + expected + ")" + startMain);
    }
    MigrationVersion found = current.getVersion();
    if (found.compareTo(expected) < 0 || info.pending().length > 0) {
      throw new PersistenceException(
          "The schema of "
              + file
              + " is at version "
              + found
              + " but this program expects version "
              + expected
              + startMain);
    }
    if (found.compareTo(expected) > 0) {
      throw new PersistenceException(
          "The schema of "
              + file
              + " is at version "
              + found
              + ", newer than the version "
              + expected
              + " this program knows: run the same AFTM version in every process");
    }
    for (MigrationInfo applied : info.applied()) {
      if (applied.getState().isFailed()) {
        throw new PersistenceException(
            "The schema of "
                + file
                + " has a failed migration ("
                + applied.getVersion()
                + "): repair it before starting");
      }
    }
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure(SchemaVersions.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .load();
  }
}
