package org.aftm.adapter.out.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's append-only journal, {@value #FILE_NAME} in the data directory
 * (docs/architecture.md §7): what the gateway waits for on the order path instead of a database
 * commit. The database's {@code orders} rows are written behind it ({@link JournaledOrderAudit}),
 * and at the next start whatever the database does not have yet is replayed from here.
 *
 * <p>Format: an 8-byte header ({@code AFTMAJ\n} and the format version, 1), then records as {@link
 * AuditRecordCodec} writes them: a 4-byte payload length, the payload's CRC32C and the payload. A
 * record is written with one {@code write} to the operating system, so once {@link #append} returns
 * it survives a crash of the process (the operating system keeps its page cache). With {@link
 * Durability#POWER} {@link #awaitDurable} also waits for a {@code fsync} (group commit: one force
 * covers every record appended before it, so concurrent waiters share it), which makes the record
 * survive a crash of the operating system or a power loss.
 *
 * <p>On opening, a torn last record (a crash in the middle of a write, or zeros a power loss left)
 * is cut off with a warning naming the file and its offset. A damaged record followed by more data
 * stops the read there too; the file is then first copied aside ({@code
 * audit.journal.damaged-<millis>}) so nothing is destroyed. The file is owner-only ({@code
 * rw-------}).
 *
 * <p>Thread-safe: appends are serialised; forces run outside the append lock, so appends continue
 * while a force is under way.
 */
public final class AuditJournal implements AutoCloseable {

  /** The journal's file name inside the data directory. */
  public static final String FILE_NAME = "audit.journal";

  /** How durable an appended record is once {@link #awaitDurable} returns. */
  public enum Durability {
    /**
     * Written to the operating system, not forced: survives a crash of the process, not a crash of
     * the operating system or a power loss.
     */
    PROCESS,
    /** Forced to the disk (group commit): survives a power loss too. */
    POWER
  }

  private static final Logger LOG = LoggerFactory.getLogger(AuditJournal.class);

  /** {@code AFTMAJ\n} and the format version. */
  static final byte[] HEADER = {'A', 'F', 'T', 'M', 'A', 'J', '\n', 1};

  /** A record's length and checksum. */
  static final int RECORD_HEADER_BYTES = AuditRecordCodec.RECORD_HEADER_BYTES;

  /** No record is larger: a length beyond it is damage, not a record. */
  static final int MAX_PAYLOAD_BYTES = AuditRecordCodec.MAX_PAYLOAD_BYTES;

  private final Path file;
  private final Durability durability;
  private volatile FileChannel channel;
  private List<AuditRecord> recovered;

  /** Guarded by this: the encoder and the file's size. */
  private final AuditRecordCodec codec = new AuditRecordCodec();

  private long size;

  /** A force that failed: after it, nothing more is appended. */
  private volatile IOException forceFailure;

  /** End of the last complete append. */
  private volatile long appendedSize;

  private final ReentrantLock forceLock = new ReentrantLock();
  private final Condition forced = forceLock.newCondition();

  /** Guarded by forceLock: how far the file is known forced, and whether a force is under way. */
  private long durableSize;

  private boolean forcing;

  private AuditJournal(
      Path file,
      Durability durability,
      FileChannel channel,
      List<AuditRecord> recovered,
      long size) {
    this.file = file;
    this.durability = durability;
    this.channel = channel;
    this.recovered = recovered;
    this.size = size;
    this.appendedSize = size;
    this.durableSize = size;
  }

  /**
   * Opens or creates the journal in {@code dataDirectory} (created owner-only if missing) and reads
   * back its records, cutting off a torn or damaged tail with a warning.
   *
   * @throws PersistenceException when the file cannot be opened, is not an audit journal, or holds
   *     a record with a valid checksum that this version cannot read
   */
  public static AuditJournal open(Path dataDirectory, Durability durability) {
    Objects.requireNonNull(durability, "durability");
    Path file = dataDirectory.resolve(FILE_NAME).toAbsolutePath();
    FileChannel channel = null;
    try {
      OwnerOnly.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file,
              java.util.Set.of(
                  StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE),
              OwnerOnly.fileAttributes(file));
      OwnerOnly.restrict(file);
      byte[] content = readAll(file, channel);
      List<AuditRecord> records = new ArrayList<>();
      long end = readBack(file, channel, content, records);
      LOG.info(
          "Audit journal {}: {} records to replay, durability {}",
          file,
          records.size(),
          durability);
      return new AuditJournal(file, durability, channel, records, end);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new PersistenceException("Cannot open the audit journal " + file + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static byte[] readAll(Path file, FileChannel channel) throws IOException {
    long length = channel.size();
    if (length > Integer.MAX_VALUE - 16) {
      throw new PersistenceException(
          "The audit journal " + file + " is too large to read back: " + length + " bytes");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) length);
    while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) >= 0) {
      // reads until full
    }
    return bytes.array();
  }

  /** Decodes the records into {@code records}; returns where the next record goes. */
  private static long readBack(
      Path file, FileChannel channel, byte[] content, List<AuditRecord> records)
      throws IOException {
    if (content.length < HEADER.length) {
      if (!Arrays.equals(content, 0, content.length, HEADER, 0, content.length)) {
        throw notAJournal(file);
      }
      if (content.length > 0) {
        LOG.warn("Audit journal {}: header incomplete ({} bytes); rewritten", file, content.length);
      }
      channel.truncate(0);
      write(channel, ByteBuffer.wrap(HEADER), 0);
      channel.force(true);
      return HEADER.length;
    }
    if (!Arrays.equals(content, 0, HEADER.length, HEADER, 0, HEADER.length)) {
      throw notAJournal(file);
    }
    CRC32C checksum = new CRC32C();
    int at = HEADER.length;
    while (at < content.length) {
      String problem = recordProblem(content, at, checksum);
      if (problem != null) {
        cutOff(file, channel, content, at, problem);
        return at;
      }
      int length = ByteBuffer.wrap(content, at, 4).getInt();
      try {
        records.add(
            AuditRecordCodec.decode(ByteBuffer.wrap(content, at + RECORD_HEADER_BYTES, length)));
      } catch (RuntimeException e) {
        throw new PersistenceException(
            "The audit journal "
                + file
                + " holds a record at offset "
                + at
                + " that this version cannot read ("
                + e.getMessage()
                + "); it is left as it is",
            e);
      }
      at += RECORD_HEADER_BYTES + length;
    }
    return at;
  }

  /** Why the record at {@code at} is not whole, or null when it is. */
  private static String recordProblem(byte[] content, int at, CRC32C checksum) {
    int rest = content.length - at;
    if (rest < RECORD_HEADER_BYTES) {
      return "only " + rest + " bytes of a record header";
    }
    ByteBuffer header = ByteBuffer.wrap(content, at, RECORD_HEADER_BYTES);
    int length = header.getInt();
    int expected = header.getInt();
    if (length <= 0 || length > MAX_PAYLOAD_BYTES) {
      return "record length " + length + " out of range";
    }
    if (length > rest - RECORD_HEADER_BYTES) {
      return "record of "
          + length
          + " bytes, only "
          + (rest - RECORD_HEADER_BYTES)
          + " bytes of it in the file";
    }
    checksum.reset();
    checksum.update(content, at + RECORD_HEADER_BYTES, length);
    if ((int) checksum.getValue() != expected) {
      return "checksum mismatch";
    }
    return null;
  }

  /**
   * Cuts the file at {@code at}. A torn tail (the bad record runs to the end of the file, or
   * nothing but zeros follows) is what a crash in mid-write leaves; anything else is damage, and
   * the whole file is first copied aside.
   */
  private static void cutOff(Path file, FileChannel channel, byte[] content, int at, String problem)
      throws IOException {
    int rest = content.length - at;
    boolean torn = rest < RECORD_HEADER_BYTES || onlyZeros(content, at + 4);
    if (!torn) {
      int length = ByteBuffer.wrap(content, at, 4).getInt();
      torn = length > 0 && (long) at + RECORD_HEADER_BYTES + length >= content.length;
    }
    if (torn) {
      LOG.warn(
          "Audit journal {}: torn last record at offset {} ({}; {} bytes, a crash while writing?):"
              + " cut off",
          file,
          at,
          problem,
          rest);
    } else {
      Path aside = file.resolveSibling(FILE_NAME + ".damaged-" + System.currentTimeMillis());
      Files.copy(file, aside, StandardCopyOption.COPY_ATTRIBUTES);
      OwnerOnly.restrict(aside);
      LOG.error(
          "Audit journal {}: damaged record at offset {} ({}) with {} more bytes after it: the"
              + " records from there on are not replayed; the file as it was is kept as {}",
          file,
          at,
          problem,
          rest,
          aside);
    }
    channel.truncate(at);
    channel.force(true);
  }

  private static boolean onlyZeros(byte[] content, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static PersistenceException notAJournal(Path file) {
    return new PersistenceException(
        "The file "
            + file
            + " is not an AFTM audit journal (its header is not 'AFTMAJ' version 1); move it away"
            + " and start again");
  }

  /** The journal's file. */
  public Path file() {
    return file;
  }

  /** The durability {@link #awaitDurable} gives. */
  public Durability durability() {
    return durability;
  }

  /**
   * The records read back when the journal was opened, in the order they were appended; handed over
   * once (later calls get an empty list) so their memory can go once they are replayed.
   */
  synchronized List<AuditRecord> takeRecovered() {
    List<AuditRecord> records = recovered;
    recovered = List.of();
    return records;
  }

  /**
   * Appends the record with one write to the operating system: on return it survives a crash of
   * this process. A write that fails is cut back off, so no partial record stays before later ones.
   *
   * @return the journal's size after this record, for {@link #awaitDurable}
   * @throws PersistenceException when the write fails or an earlier force failed
   */
  synchronized long append(AuditRecord record) {
    IOException failed = forceFailure;
    if (failed != null) {
      throw new PersistenceException(
          "The audit journal "
              + file
              + " could not be forced to disk earlier ("
              + failed
              + "); nothing more is recorded until the main process is restarted",
          failed);
    }
    ByteBuffer bytes = codec.encode(record);
    // A file channel closes itself when its thread is interrupted: an interrupt pending on the
    // caller's thread is held back during the write and restored after.
    boolean interrupted = Thread.interrupted();
    try {
      writeAt(bytes, size);
    } catch (ClosedByInterruptException e) {
      interrupted |= Thread.interrupted();
      try {
        LOG.warn("Audit journal {}: write interrupted; reopening and writing again", file);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        bytes.rewind();
        writeAt(bytes, size);
      } catch (IOException again) {
        throw appendFailure(record, again);
      }
    } catch (IOException e) {
      throw appendFailure(record, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    size += bytes.limit();
    appendedSize = size;
    return size;
  }

  private void writeAt(ByteBuffer bytes, long at) throws IOException {
    try {
      write(channel, bytes, at);
    } catch (IOException e) {
      if (channel.isOpen()) {
        try {
          channel.truncate(at);
        } catch (IOException | RuntimeException again) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
  }

  private static void write(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
    long position = at;
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  private PersistenceException appendFailure(AuditRecord record, IOException e) {
    return new PersistenceException(
        "Could not append audit record " + record.auditId() + " to " + file + ": " + e, e);
  }

  /**
   * Returns once everything up to {@code end} (what {@link #append} returned) is as durable as
   * {@link #durability()} says: at once for {@link Durability#PROCESS}; after a force for {@link
   * Durability#POWER}. Group commit: the first waiter forces everything appended so far; waiters
   * that arrive meanwhile wait for it, and the next force covers whatever they appended.
   *
   * @throws PersistenceException when the force fails; the journal then refuses further appends
   *     (after a failed {@code fsync} the operating system may have dropped the pages, so nothing
   *     written since can be trusted to reach the disk)
   */
  void awaitDurable(long end) {
    if (durability == Durability.PROCESS) {
      return;
    }
    forceLock.lock();
    try {
      while (durableSize < end) {
        IOException failed = forceFailure;
        if (failed != null) {
          throw forceFailed(failed);
        }
        if (forcing) {
          forced.awaitUninterruptibly();
          continue;
        }
        forcing = true;
        long target = appendedSize;
        forceLock.unlock();
        IOException failure = null;
        boolean interrupted = Thread.interrupted();
        try {
          channel.force(false);
        } catch (IOException e) {
          failure = e;
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
          forceLock.lock();
          forcing = false;
        }
        if (failure != null) {
          forceFailure = failure;
          forced.signalAll();
          throw forceFailed(failure);
        }
        durableSize = Math.max(durableSize, target);
        forced.signalAll();
      }
    } finally {
      forceLock.unlock();
    }
  }

  private PersistenceException forceFailed(IOException e) {
    return new PersistenceException(
        "Could not force the audit journal " + file + " to disk: " + e, e);
  }

  /**
   * Empties the journal once its records are in the database (the caller made that durable): cuts
   * it back to its header and forces that.
   */
  synchronized void clear() {
    try {
      channel.truncate(HEADER.length);
      channel.force(true);
    } catch (IOException e) {
      throw new PersistenceException("Could not empty the audit journal " + file + ": " + e, e);
    }
    size = HEADER.length;
    appendedSize = size;
    forceLock.lock();
    try {
      durableSize = size;
    } finally {
      forceLock.unlock();
    }
  }

  /** The journal's size in bytes, header included. */
  synchronized long size() {
    return size;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("Could not close the audit journal {}: {}", file, e.toString());
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the first problem is reported
      }
    }
  }

  @Override
  public String toString() {
    return "AuditJournal[" + file + ", " + durability + "]";
  }
}
