package org.aftm.adapter.out.persistence;

import java.nio.file.Path;

/**
 * The disk refused a read or write of the database: it is full ({@code SQLITE_FULL}), failed
 * ({@code SQLITE_IOERR}), is read-only ({@code SQLITE_READONLY}) or the file cannot be opened
 * ({@code SQLITE_CANTOPEN}). The transaction was rolled back, so no half-written row is left; the
 * same write may succeed once the operator frees space or fixes the permissions. Kept apart from
 * other {@link PersistenceException}s so that storage health can be counted and told to the
 * operator as what it is.
 */
public final class StorageFaultException extends PersistenceException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String sqliteCode;

  StorageFaultException(Path file, String what, String sqliteCode, String cause, Throwable e) {
    super(
        "Storage fault on "
            + file
            + ": could not "
            + what
            + " ("
            + sqliteCode
            + ": "
            + withoutCodePrefix(CorruptDatabaseException.oneLine(cause))
            + "); free disk space or fix the file's permissions",
        e);
    this.file = file;
    this.sqliteCode = sqliteCode;
  }

  /** SQLite's text starts with the code in brackets, which the message names already. */
  private static String withoutCodePrefix(String text) {
    return text.startsWith("[") && text.indexOf("] ") > 0
        ? text.substring(text.indexOf("] ") + 2)
        : text;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** SQLite's result code name, such as {@code SQLITE_FULL} or {@code SQLITE_IOERR_WRITE}. */
  public String sqliteCode() {
    return sqliteCode;
  }
}
