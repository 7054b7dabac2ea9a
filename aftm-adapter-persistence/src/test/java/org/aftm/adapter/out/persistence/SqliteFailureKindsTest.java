package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Which exception a failed SQLite call becomes: the disk's faults (also their extended codes) are
 * {@link StorageFaultException}s, damage is a {@link CorruptDatabaseException}, the rest plain.
 * FullDiskIT checks a real full disk end to end.
 */
class SqliteFailureKindsTest {

  private static final Path FILE = Path.of("/data/aftm.db");

  @ParameterizedTest
  @EnumSource(
      value = SQLiteErrorCode.class,
      names = {
        "SQLITE_FULL",
        "SQLITE_IOERR",
        "SQLITE_IOERR_WRITE",
        "SQLITE_IOERR_FSYNC",
        "SQLITE_READONLY",
        "SQLITE_READONLY_DBMOVED",
        "SQLITE_CANTOPEN"
      })
  void theDisksFaultsAreStorageFaultsNamingTheFileTheWorkAndTheCode(SQLiteErrorCode code) {
    PersistenceException e =
        SqliteDatabase.classify(
            FILE, "record an order request for TXFF6", new SQLiteException("[X] boom", code));

    assertThat(e)
        .isInstanceOfSatisfying(
            StorageFaultException.class,
            fault -> {
              assertThat(fault.file()).isEqualTo(FILE);
              assertThat(fault.sqliteCode()).isEqualTo(code.name());
            })
        .hasMessage(
            "Storage fault on /data/aftm.db: could not record an order request for TXFF6 ("
                + code.name()
                + ": boom); free disk space or fix the file's permissions");
  }

  @ParameterizedTest
  @EnumSource(
      value = SQLiteErrorCode.class,
      names = {"SQLITE_CORRUPT", "SQLITE_NOTADB"})
  void damageIsACorruptDatabase(SQLiteErrorCode code) {
    assertThat(SqliteDatabase.classify(FILE, "read", new SQLiteException("bad", code)))
        .isInstanceOf(CorruptDatabaseException.class)
        .hasMessageContaining("/data/aftm.db is corrupt (bad)");
  }

  @ParameterizedTest
  @EnumSource(
      value = SQLiteErrorCode.class,
      names = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_BUSY", "SQLITE_ERROR"})
  void everythingElseStaysAPlainPersistenceException(SQLiteErrorCode code) {
    PersistenceException e =
        SqliteDatabase.classify(FILE, "save the session", new SQLiteException("no", code));

    assertThat(e.getClass()).isEqualTo(PersistenceException.class);
    assertThat(e).hasMessage("Could not save the session in /data/aftm.db: no");
  }
}
