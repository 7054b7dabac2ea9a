package org.aftm.adapter.out.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
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
 * is cut off with a warning naming the file and its offset. A damaged record in the middle (a power
 * loss may leave later pages written and earlier ones not) is skipped: the read goes on at the next
 * offset where a whole record (length, CRC32C and payload) begins, those records are replayed too,
 * an error names the file and the skipped byte range, and the file is rewritten without the damage.
 * Whenever anything but zeros is cut or rewritten, the file as it was is first copied aside ({@code
 * audit.journal.damaged-<millis>}, or {@code .torn-} for a torn last record) so nothing is
 * destroyed. The file is owner-only ({@code rw-------}).
 *
 * <p>Thread-safe: appends are serialised; forces run outside the append lock, so appends continue
 * while a force is under way. Any thread may append or force, and threads get interrupted (on shut
 * down, a flatten's HTTP thread): a file channel closes itself when a thread using it is
 * interrupted, which also fails another thread's write or force on it. Such a closed channel is
 * reopened and the call repeated; only a force that fails by itself (an I/O error) makes the
 * journal refuse further appends.
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

  /** Guards reopening the channel after an interrupt closed it, and {@link #closed}. */
  private final Object reopenLock = new Object();

  private boolean closed;

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
    // Where the records that are replayed lie: only filled in once damage is skipped.
    List<int[]> kept = new ArrayList<>();
    Path aside = null;
    int keptFrom = at;
    while (at < content.length) {
      String problem = recordProblem(content, at, checksum);
      if (problem == null) {
        int length = ByteBuffer.wrap(content, at, 4).getInt();
        records.add(decode(file, content, at, length));
        at += RECORD_HEADER_BYTES + length;
        continue;
      }
      // A power loss may have written later pages and not earlier ones: look for the next whole
      // record past the damage instead of throwing everything after it away.
      int next = nextRecord(content, at + 1, checksum);
      if (next < 0) {
        aside = cutOff(file, channel, content, at, problem, aside);
        break;
      }
      if (aside == null) {
        aside = copyAside(file, "damaged");
      }
      LOG.error(
          "Audit journal {}: damaged bytes {} to {} ({} bytes; at offset {}: {}) skipped; the"
              + " records after them are replayed; the file as it was is kept as {}",
          file,
          at,
          next,
          next - at,
          at,
          problem,
          aside);
      kept.add(new int[] {keptFrom, at});
      keptFrom = next;
      at = next;
    }
    int end = Math.min(at, content.length);
    if (kept.isEmpty()) {
      return end;
    }
    // Rewritten without the damage, so that the next start does not meet it again (the file as it
    // was is kept aside).
    kept.add(new int[] {keptFrom, end});
    ByteBuffer rewritten = ByteBuffer.allocate(content.length);
    rewritten.put(HEADER);
    for (int[] range : kept) {
      rewritten.put(content, range[0], range[1] - range[0]);
    }
    rewritten.flip();
    int size = rewritten.limit();
    write(channel, rewritten, 0);
    channel.truncate(size);
    channel.force(true);
    return size;
  }

  private static AuditRecord decode(Path file, byte[] content, int at, int length) {
    try {
      return AuditRecordCodec.decode(ByteBuffer.wrap(content, at + RECORD_HEADER_BYTES, length));
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
  }

  /** The offset of the next whole record (length, checksum and payload all valid), or -1. */
  private static int nextRecord(byte[] content, int from, CRC32C checksum) {
    for (int at = from; at <= content.length - RECORD_HEADER_BYTES; at++) {
      if (recordProblem(content, at, checksum) != null) {
        continue;
      }
      int length = ByteBuffer.wrap(content, at, 4).getInt();
      try {
        AuditRecordCodec.decode(ByteBuffer.wrap(content, at + RECORD_HEADER_BYTES, length));
        return at;
      } catch (RuntimeException notARecord) {
        // checksummed bytes that do not decode: not a record boundary after all
      }
    }
    return -1;
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
   * Cuts the file at {@code at}, where no whole record follows. A torn tail (the bad record runs to
   * the end of the file, or nothing but zeros follows) is what a crash in mid-write leaves, and is
   * cut with a warning; anything else is damage (an error). Unless only zeros are cut, the whole
   * file is first copied aside (once: {@code aside} when it already is).
   *
   * @return the copy aside, or null when there is none
   */
  private static Path cutOff(
      Path file, FileChannel channel, byte[] content, int at, String problem, Path aside)
      throws IOException {
    int rest = content.length - at;
    boolean zeros = onlyZeros(content, at);
    boolean torn = rest < RECORD_HEADER_BYTES || zeros || onlyZeros(content, at + 4);
    if (!torn) {
      int length = ByteBuffer.wrap(content, at, 4).getInt();
      // In range and running to the end: the first part of one record's write.
      torn =
          length > 0
              && length <= MAX_PAYLOAD_BYTES
              && (long) at + RECORD_HEADER_BYTES + length >= content.length;
    }
    Path kept = aside;
    if (kept == null && !zeros) {
      kept = copyAside(file, torn ? "torn" : "damaged");
    }
    String keptAs = kept == null ? "" : "; the file as it was is kept as " + kept;
    if (torn) {
      LOG.warn(
          "Audit journal {}: torn last record at offset {} ({}; {} bytes, a crash while writing?):"
              + " cut off{}",
          file,
          at,
          problem,
          rest,
          keptAs);
    } else {
      LOG.error(
          "Audit journal {}: damaged record at offset {} ({}) with {} more bytes after it and no"
              + " whole record among them: cut off{}",
          file,
          at,
          problem,
          rest,
          keptAs);
    }
    channel.truncate(at);
    channel.force(true);
    return kept;
  }

  private static Path copyAside(Path file, String why) throws IOException {
    Path aside = file.resolveSibling(FILE_NAME + "." + why + "-" + System.currentTimeMillis());
    Files.copy(file, aside, StandardCopyOption.COPY_ATTRIBUTES);
    OwnerOnly.restrict(aside);
    return aside;
  }

  /**
   * Copies the journal as it is now next to it, {@code audit.journal.<why>-<millis>}: before it is
   * emptied while it holds records the database refused.
   */
  synchronized Path copyAside(String why) {
    try {
      Path aside = copyAside(file, why);
      LOG.error("Audit journal {}: kept as {} before it is emptied", file, aside);
      return aside;
    } catch (IOException e) {
      throw new PersistenceException("Could not copy the audit journal " + file + ": " + e, e);
    }
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
    // A file channel closes itself when a thread using it is interrupted: an interrupt pending on
    // the caller's thread is held back during the write and restored after, and a channel closed
    // under it (this thread or another one interrupted mid-call) is reopened and the record written
    // again at the same offset.
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        FileChannel current = channel;
        try {
          bytes.rewind();
          writeAt(current, bytes, size);
          break;
        } catch (ClosedChannelException e) {
          interrupted |= Thread.interrupted();
          if (reopen(current, e) == null) {
            throw appendFailure(record, e);
          }
        } catch (IOException e) {
          throw appendFailure(record, e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    size += bytes.limit();
    appendedSize = size;
    return size;
  }

  /**
   * The channel after {@code failed} was found closed by an interrupt (of this thread or of another
   * one using it at the time): reopened once, whichever thread finds it first.
   */
  private FileChannel reopen(FileChannel failed, ClosedChannelException cause) {
    synchronized (reopenLock) {
      if (closed) {
        return null;
      }
      if (channel == failed) {
        LOG.warn(
            "Audit journal {}: its file channel was closed by an interrupted thread ({});"
                + " reopened",
            file,
            cause.toString());
        try {
          channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
          throw new PersistenceException(
              "Could not reopen the audit journal " + file + ": " + e, e);
        }
      }
      return channel;
    }
  }

  private static void writeAt(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
    try {
      write(channel, bytes, at);
    } catch (ClosedChannelException e) {
      throw e;
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
        try {
          failure = force();
        } finally {
          forceLock.lock();
          forcing = false;
          forced.signalAll();
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

  /**
   * Forces the file; returns the failure of the force itself (after which nothing written since can
   * be trusted to reach the disk), or null. A channel closed under the force by an interrupt (of
   * this thread or of another one using it) is no such failure: it is reopened and the force done
   * again, which covers everything written through the old channel too (a force is per file).
   */
  private IOException force() {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        FileChannel current = channel;
        try {
          current.force(false);
          return null;
        } catch (ClosedChannelException e) {
          interrupted |= Thread.interrupted();
          if (reopen(current, e) == null) {
            throw new PersistenceException(
                "Could not force the audit journal " + file + ", it is closed: " + e, e);
          }
        } catch (IOException e) {
          return e;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        FileChannel current = channel;
        try {
          current.truncate(HEADER.length);
          current.force(true);
          break;
        } catch (ClosedChannelException e) {
          interrupted |= Thread.interrupted();
          if (reopen(current, e) == null) {
            throw new PersistenceException(
                "Could not empty the audit journal " + file + ": " + e, e);
          }
        } catch (IOException e) {
          throw new PersistenceException("Could not empty the audit journal " + file + ": " + e, e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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

  /** The channel in use: tests close it as an interrupt of a thread using it would. */
  FileChannel channel() {
    return channel;
  }

  /** The journal's size in bytes, header included. */
  synchronized long size() {
    return size;
  }

  @Override
  public void close() {
    synchronized (reopenLock) {
      closed = true;
    }
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
