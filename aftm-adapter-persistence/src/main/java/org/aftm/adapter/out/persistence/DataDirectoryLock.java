package org.aftm.adapter.out.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim of one process on a data directory: an exclusive OS lock on the file {@value
 * #FILE_NAME} in it, held until {@link #close()} or the process ends (the OS releases it then, so a
 * crash leaves no stale lock behind). The main process holds it for its whole life, so that a
 * second main process on the same directory refuses to start, and so that a command line tool can
 * tell ({@link #isHeld}) that a running main process owns the database and must not migrate it.
 *
 * <p>The file holds the holder's process id, for the message of whoever finds it taken; a clean
 * {@link #close()} clears it, so a process id found by the next holder is that of a process that
 * died holding the lock ({@code kill -9}, power loss): the next holder says so and takes over
 * ({@link #takenOverFrom()}). The file is created rw------- on POSIX systems and is never deleted:
 * deleting a lock file would let two processes lock two different files of the same name.
 *
 * <p>The OS lock belongs to the whole JVM, and on POSIX systems closing any channel of the file
 * drops every lock the JVM holds on it. So this class keeps the locks of this JVM in a registry and
 * never opens a second channel on a file it holds: a second {@link #acquire} in the same JVM fails
 * like one from another process, and {@link #isHeld} answers from the registry.
 *
 * <p>Thread-safe.
 */
public final class DataDirectoryLock implements AutoCloseable {

  /** The lock file's name inside the data directory. */
  public static final String FILE_NAME = "aftm.lock";

  private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryLock.class);

  /** {@link #holder}'s answer when nobody holds the lock. */
  private static final long FREE = -1;

  /** Locks this JVM holds, by the lock file's real path. Guarded by itself. */
  private static final Map<Path, DataDirectoryLock> HELD = new HashMap<>();

  private final Path dataDirectory;
  private final Path file;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private final long takenOverFrom;
  private boolean closed;

  private DataDirectoryLock(
      Path dataDirectory,
      Path file,
      Path key,
      FileChannel channel,
      FileLock lock,
      long takenOverFrom) {
    this.dataDirectory = dataDirectory;
    this.file = file;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.takenOverFrom = takenOverFrom;
  }

  /**
   * Takes the lock of {@code dataDirectory}, creating the directory (rwx------) and the lock file
   * (rw-------) if missing, and records this process's id in the file. Does not wait.
   *
   * @throws DataDirectoryInUseException naming the directory, and the holder's process id when the
   *     file records it, when another process (or this one) already holds the lock
   * @throws PersistenceException naming the directory when it or the lock file cannot be created or
   *     locked
   */
  public static DataDirectoryLock acquire(Path dataDirectory) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Path directory = dataDirectory.toAbsolutePath().normalize();
    Path file = directory.resolve(FILE_NAME);
    synchronized (HELD) {
      Path key;
      try {
        OwnerOnly.createDirectories(directory);
        key = directory.toRealPath().resolve(FILE_NAME);
      } catch (IOException e) {
        throw new PersistenceException(
            "Cannot create the data directory " + directory + ": " + e, e);
      }
      if (HELD.containsKey(key)) {
        throw inUse(directory, ProcessHandle.current().pid(), true);
      }
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                file,
                Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes(file));
      } catch (IOException e) {
        throw new PersistenceException(
            "Cannot open the lock file " + file + " of data directory " + directory + ": " + e, e);
      }
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (IOException | OverlappingFileLockException e) {
        closeQuietly(channel);
        throw new PersistenceException(
            "Cannot lock the data directory " + directory + " (" + file + "): " + e, e);
      }
      if (lock == null) {
        long holder = readPid(channel);
        closeQuietly(channel);
        throw inUse(directory, holder, false);
      }
      OwnerOnly.restrict(file);
      long pid = ProcessHandle.current().pid();
      long previous = readPid(channel);
      long takenOverFrom = 0;
      if (previous > 0 && previous != pid) {
        if (ProcessHandle.of(previous).map(ProcessHandle::isAlive).orElse(false)) {
          // The OS lock was free, so that process is not an AFTM holder any more: the id was
          // reused by another program after the holder died.
          LOG.warn(
              "Data directory {}: previous holder pid {} ended without unlocking (its pid now"
                  + " belongs to another process); taking over",
              directory,
              previous);
        } else {
          LOG.warn(
              "Data directory {}: previous holder pid {} is gone; taking over",
              directory,
              previous);
        }
        takenOverFrom = previous;
      }
      try {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
      } catch (IOException e) {
        // The lock is what counts; the pid only makes the message of a second process better.
        LOG.warn("Could not record this process's id in {}: {}", file, e.toString());
      }
      DataDirectoryLock held =
          new DataDirectoryLock(directory, file, key, channel, lock, takenOverFrom);
      HELD.put(key, held);
      LOG.info("Locked data directory {} for process {}", directory, pid);
      return held;
    }
  }

  /**
   * Whether a process (another one, or this one through {@link #acquire}) holds the lock of {@code
   * dataDirectory} now. Changes nothing: a missing directory or lock file means not held, and the
   * holder keeps its lock. A process that starts or stops holding it right after may make the
   * answer stale; use {@link #acquire} to exclude others for a while.
   *
   * @throws PersistenceException naming the lock file when it exists but cannot be read or probed
   */
  public static boolean isHeld(Path dataDirectory) {
    return holder(dataDirectory) != FREE;
  }

  /**
   * Refuses early, before a command touches anything in the directory (its log files, a demo's
   * fresh database), when a process holds the lock of {@code dataDirectory}. Changes nothing; the
   * {@link #acquire} that follows is what excludes others.
   *
   * @throws DataDirectoryInUseException naming the directory and the holder's process id
   * @throws PersistenceException naming the lock file when it exists but cannot be read or probed
   */
  public static void requireFree(Path dataDirectory) {
    long holder = holder(dataDirectory);
    if (holder != FREE) {
      throw inUse(
          dataDirectory.toAbsolutePath().normalize(),
          holder,
          holder == ProcessHandle.current().pid());
    }
  }

  /** The holder's pid, 0 when it is held by an unknown pid, {@link #FREE} when not held. */
  private static long holder(Path dataDirectory) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Path file = dataDirectory.toAbsolutePath().normalize().resolve(FILE_NAME);
    synchronized (HELD) {
      if (!Files.isRegularFile(file)) {
        return FREE;
      }
      try {
        if (HELD.containsKey(file.toRealPath())) {
          return ProcessHandle.current().pid();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          // A shared lock for an instant: refused while anyone holds the exclusive one.
          FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
          if (probe == null) {
            return readPid(channel);
          }
          probe.release();
          return FREE;
        } catch (OverlappingFileLockException e) {
          return 0; // locked in this JVM by a channel of someone else's
        }
      } catch (IOException e) {
        throw new PersistenceException("Cannot check the lock file " + file + ": " + e, e);
      }
    }
  }

  private static DataDirectoryInUseException inUse(Path directory, long pid, boolean thisProcess) {
    String holder =
        thisProcess
            ? "this process (pid " + pid + ")"
            : "another AFTM process" + (pid > 0 ? " (pid " + pid + ")" : "");
    return new DataDirectoryInUseException(
        directory,
        pid,
        "The data directory "
            + directory
            + " is locked by "
            + holder
            + ", a main process running on it: stop that process first, or use another data"
            + " directory");
  }

  /** The process id in the lock file, or 0 when it records none or cannot be read. */
  private static long readPid(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
      return Long.parseLong(text.strip());
    } catch (IOException | NumberFormatException e) {
      return 0; // e.g. Windows refuses to read a locked region, or the holder has not written yet
    }
  }

  /**
   * The process id the lock file still named when this lock was taken: a holder that died without
   * unlocking ({@code kill -9}, power loss), whose leftovers the new holder may clean up.
   */
  public OptionalLong takenOverFrom() {
    return takenOverFrom > 0 ? OptionalLong.of(takenOverFrom) : OptionalLong.empty();
  }

  /** The data directory this lock claims. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Releases the lock; the file stays. Idempotent. */
  @Override
  public void close() {
    synchronized (HELD) {
      if (closed) {
        return;
      }
      closed = true;
      HELD.remove(key);
      try {
        channel.truncate(0);
      } catch (IOException e) {
        LOG.debug("Could not clear the process id in {}: {}", file, e.toString());
      }
      try {
        lock.release();
      } catch (IOException e) {
        LOG.warn("Releasing the lock of {} failed: {}", dataDirectory, e.toString());
      }
      closeQuietly(channel);
      LOG.info("Unlocked data directory {}", dataDirectory);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("Closing a lock file channel failed: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "DataDirectoryLock[" + dataDirectory + (closed ? ", released]" : "]");
  }
}
