package org.aftm.adapter.out.persistence;

import java.nio.file.Path;

/**
 * The database file is damaged or is not a SQLite database at all: {@code PRAGMA quick_check} found
 * a problem when it was opened, or SQLite reported corruption while using it. Nothing is written to
 * such a file; the operator restores it from a backup or moves it away (the main process then
 * starts with an empty database). The message is one line naming the file, the first problem and
 * what to do.
 */
public final class CorruptDatabaseException extends PersistenceException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String problem;

  CorruptDatabaseException(Path file, String problem, Throwable cause) {
    super(message(file, problem), cause);
    this.file = file;
    this.problem = problem;
  }

  private static String message(Path file, String problem) {
    return "The database "
        + file
        + " is corrupt ("
        + oneLine(problem)
        + "): stop every AFTM process on it, then restore it from a backup or move the file (and its"
        + " -wal and -shm files) away so that the main process starts with an empty database";
  }

  /** The file that is damaged. */
  public Path file() {
    return file;
  }

  /** The first problem SQLite reported, as it reported it. */
  public String problem() {
    return problem;
  }

  static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\s+", " ").trim();
  }
}
