package org.aftm.adapter.out.persistence;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The AFTM database: the file {@value #FILE_NAME} in the data directory (docs/architecture.md §7),
 * opened once per process and shared by its persistence adapters.
 *
 * <p>Settings: WAL journal, so that readers in one process never wait for a writer in another; a 5
 * s busy timeout, so that a write waits for another process's write rather than failing; foreign
 * keys on; {@code synchronous=FULL} by default, so that a write is on disk before the call that
 * made it returns. Every write runs in a {@code BEGIN IMMEDIATE} transaction, which takes the
 * file's write lock up front: two processes writing at once queue up instead of failing halfway or
 * overwriting each other.
 *
 * <p>Thread-safe: the one JDBC connection is used under a lock.
 */
public final class SqliteDatabase implements AutoCloseable {

  /** The database file's name inside the data directory. */
  public static final String FILE_NAME = "aftm.db";

  /** How long a statement waits for another process's write lock before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 5_000;

  /** How hard a commit waits for the disk. */
  public enum SyncMode {
    /** Every commit is on disk before it returns, even across a power loss: the default. */
    FULL,
    /**
     * A commit survives a crash of the process but may be lost with a power loss; faster. For tests
     * and benchmarks, not for trading real money.
     */
    NORMAL
  }

  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

  // SQLite's primary result codes (sqlite3.h) that say the file or the disk is at fault.
  private static final int READ_ONLY = 8;
  private static final int IO_ERROR = 10;
  private static final int CORRUPT = 11;
  private static final int FULL = 13;
  private static final int CANNOT_OPEN = 14;
  private static final int NOT_A_DATABASE = 26;

  /** SQLite's companion files of a WAL database. */
  private static final String[] SIDE_FILES = {"-wal", "-shm"};

  private final Path file;
  private final Connection connection;
  private final SyncMode syncMode;

  private final Object lock = new Object();
  private boolean closed;

  private SqliteDatabase(Path file, Connection connection, SyncMode syncMode) {
    this.file = file;
    this.connection = connection;
    this.syncMode = syncMode;
  }

  /**
   * Opens the database with {@link SyncMode#FULL}.
   *
   * @see #open(Path, boolean, SyncMode)
   */
  public static SqliteDatabase open(Path dataDirectory, boolean migrate) {
    return open(dataDirectory, migrate, SyncMode.FULL);
  }

  /**
   * Opens the database {@value #FILE_NAME} in {@code dataDirectory}.
   *
   * @param migrate {@code true} in the main process only (the holder of the {@link
   *     DataDirectoryLock}): creates the directory (rwx------) and the file (rw-------) if missing
   *     and migrates the schema to the newest version. {@code false} in the child processes and in
   *     tools that run beside a main process: never migrates and never creates anything; the file
   *     must exist with exactly the schema this program expects, so a database still at an older
   *     version fails with a message saying so.
   * @throws CorruptDatabaseException when {@code PRAGMA quick_check} finds the file damaged or the
   *     file is not a SQLite database; nothing is migrated then
   * @throws StorageFaultException when the disk refuses to open, read or write the file
   * @throws PersistenceException naming the file and the expected schema version when the database
   *     is missing or of another version, or naming the file when it cannot be opened
   */
  public static SqliteDatabase open(Path dataDirectory, boolean migrate, SyncMode syncMode) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(syncMode, "syncMode");
    Path file = dataDirectory.resolve(FILE_NAME).toAbsolutePath();
    SQLiteDataSource dataSource = dataSource(file, syncMode, migrate);
    if (migrate) {
      createOwnerOnly(file);
      SqliteNativeLibrary.useCopyIn(file.getParent(), true);
      checkIntegrity(dataSource, file);
      SchemaVersions.migrate(dataSource, file);
    } else {
      if (!Files.isRegularFile(file)) {
        throw new PersistenceException(
            "No AFTM database at "
                + file
                + " (data directory "
                + file.getParent()
                + "): start the main process (aftm) with this data directory first, which creates it");
      }
      SqliteNativeLibrary.useCopyIn(file.getParent(), false);
      checkIntegrity(dataSource, file);
      SchemaVersions.verify(dataSource, file);
    }
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      BusyHandler.setHandler(connection, new ShortWaitBusyHandler(BUSY_TIMEOUT_MILLIS));
      SqliteDatabase database = new SqliteDatabase(file, connection, syncMode);
      if (migrate) {
        // SQLite creates the -wal and -shm files with the database file's permissions; these
        // calls are for files left by a version that did not restrict them.
        for (String suffix : SIDE_FILES) {
          OwnerOnly.restrict(file.resolveSibling(FILE_NAME + suffix));
        }
      }
      LOG.info(
          "Opened {} (journal WAL, synchronous {}, busy timeout {} ms)",
          file,
          syncMode,
          BUSY_TIMEOUT_MILLIS);
      return database;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw classify(file, "open the database", e);
    }
  }

  /**
   * Runs {@code PRAGMA quick_check}, which reads every page and checks the b-trees' structure in
   * about the time of a full scan (it skips the index-to-table comparison of {@code
   * integrity_check}), so that a damaged file is refused at start instead of failing some write in
   * the middle of a trading session, and is never migrated.
   *
   * @throws CorruptDatabaseException when the check reports a problem or the file is not a database
   */
  private static void checkIntegrity(SQLiteDataSource dataSource, Path file) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
      String first = rows.next() ? rows.getString(1) : "quick_check gave no answer";
      if (!"ok".equals(first)) {
        throw new CorruptDatabaseException(file, first, null);
      }
    } catch (SQLException e) {
      throw classify(file, "check the integrity of the database", e);
    }
  }

  /**
   * The exception for a failed SQLite call: {@link CorruptDatabaseException} for a damaged file,
   * {@link StorageFaultException} for a disk that is full, failing, read-only or unopenable, a
   * plain {@link PersistenceException} otherwise (a constraint, a lock held past the busy timeout).
   */
  static PersistenceException classify(Path file, String what, SQLException e) {
    // Extended result codes (SQLITE_IOERR_WRITE = 778) carry the primary code in their low byte.
    int primary = e.getErrorCode() & 0xff;
    String code =
        e instanceof SQLiteException sqlite ? sqlite.getResultCode().name() : "code " + primary;
    return switch (primary) {
      case CORRUPT, NOT_A_DATABASE -> new CorruptDatabaseException(file, e.getMessage(), e);
      case FULL, IO_ERROR, READ_ONLY, CANNOT_OPEN ->
          new StorageFaultException(file, what, code, e.getMessage(), e);
      default ->
          new PersistenceException("Could not " + what + " in " + file + ": " + e.getMessage(), e);
    };
  }

  /**
   * Creates the data directory (rwx------) and an empty database file (rw-------) if missing, so
   * that SQLite never creates them with the umask's wider permissions; makes an existing file
   * rw-------.
   */
  private static void createOwnerOnly(Path file) {
    try {
      OwnerOnly.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new PersistenceException(
          "Cannot create the data directory " + file.getParent() + ": " + e, e);
    }
    try {
      // An empty file is an empty SQLite database.
      Files.createFile(file, OwnerOnly.fileAttributes(file));
    } catch (FileAlreadyExistsException e) {
      OwnerOnly.restrict(file);
    } catch (IOException e) {
      throw new PersistenceException("Cannot create the database file " + file + ": " + e, e);
    }
  }

  private static SQLiteDataSource dataSource(Path file, SyncMode syncMode, boolean create) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    config.setSynchronous(
        syncMode == SyncMode.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    // Flyway's transactions take the write lock up front too.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    if (!create) {
      // A child must never create an empty database that the main process did not migrate.
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** Runs {@code work} outside an explicit transaction: for reads. */
  <T> T read(String what, SqlWork<T> work) {
    synchronized (lock) {
      requireOpen();
      try {
        return work.run(connection);
      } catch (SQLException e) {
        throw failure(what, e);
      }
    }
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction and commits it; rolls back if
   * {@code work} throws. Durable on return (with {@link SyncMode#FULL}). A disk that is full or
   * failing surfaces as a {@link StorageFaultException} and leaves nothing of the transaction.
   */
  <T> T write(String what, SqlWork<T> work) {
    synchronized (lock) {
      requireOpen();
      try (Statement control = connection.createStatement()) {
        // Autocommit stays on and the transaction is explicit, so that it begins and ends
        // exactly here and no write lock outlives the call, whatever the driver does itself.
        control.execute("BEGIN IMMEDIATE");
        T result;
        try {
          result = work.run(connection);
          control.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          rollback(control, what);
          throw e;
        }
        return result;
      } catch (SQLException e) {
        throw failure(what, e);
      }
    }
  }

  /**
   * {@link #write}, on disk before it returns whatever this connection's sync mode: for a write
   * whose durable copy elsewhere is deleted next (the audit journal's replay).
   */
  <T> T writeDurably(String what, SqlWork<T> work) {
    synchronized (lock) {
      if (syncMode == SyncMode.FULL) {
        return write(what, work);
      }
      pragmaSynchronous(SyncMode.FULL, what);
      try {
        return write(what, work);
      } finally {
        pragmaSynchronous(syncMode, what);
      }
    }
  }

  private void pragmaSynchronous(SyncMode mode, String what) {
    requireOpen();
    try (Statement pragma = connection.createStatement()) {
      pragma.execute("PRAGMA synchronous = " + mode.name());
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private void rollback(Statement control, String what) {
    try {
      control.execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite has already rolled back by itself after some errors (disk full, I/O); then
      // there is nothing left to undo.
      if (String.valueOf(e.getMessage()).contains("no transaction is active")) {
        return;
      }
      LOG.error("Rollback after a failed '{}' on {} failed too", what, file, e);
    }
  }

  private PersistenceException failure(String what, SQLException e) {
    return classify(file, what, e);
  }

  private void requireOpen() {
    if (closed) {
      throw new PersistenceException("The database " + file + " is closed");
    }
  }

  /** Closes the connection; SQLite checkpoints the WAL into the file when the last one closes. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(connection);
      LOG.info("Closed {}", file);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("Closing a database connection failed: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "SqliteDatabase[" + file + "]";
  }
}
