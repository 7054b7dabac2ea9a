package org.aftm.adapter.out.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated broker's append-only journal file, {@value #FILE_NAME} in its state directory: one
 * UTF-8 line per record (see {@link SimJournalCodec}), the first line the header {@value #HEADER}.
 * {@link #append} writes whole lines before it returns, so an event is never delivered before it is
 * in the file: it survives a crash of the process (the operating system keeps what was written), as
 * a broker's records survive a restart of its client. It is not forced to disk on every order: on
 * the order path that would cost a disk sync per event, and a power loss that loses the last
 * records is what the main process's reconciliation at start reports.
 *
 * <p>On opening, an incomplete last line (a crash while writing) is cut off with a warning; {@link
 * #dropLastLine} cuts off a complete last line the broker cannot read. The file is owner-only
 * ({@code rw-------}) where the file system supports POSIX permissions.
 *
 * <p>Not thread-safe: the broker writes under its lock.
 */
final class SimBrokerJournal implements AutoCloseable {

  static final String FILE_NAME = "sim-broker.journal";

  /** The first line: names the format and its version. */
  static final String HEADER = "aftm-sim-broker-journal\t1";

  private static final Logger LOG = LoggerFactory.getLogger(SimBrokerJournal.class);

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /** A complete line read back, after the header. */
  record Line(int number, String text) {}

  private final Path file;
  private FileChannel channel;
  private final List<Line> lines;

  /** Where each line of {@link #lines} starts in the file, to cut the last one off. */
  private final List<Long> starts;

  private long size;

  private SimBrokerJournal(Path file, FileChannel channel, List<Line> lines, List<Long> starts) {
    this.file = file;
    this.channel = channel;
    this.lines = lines;
    this.starts = starts;
  }

  /**
   * Opens or creates the journal in {@code directory} (created if missing) and reads it back.
   *
   * @throws SimJournalException when the file cannot be opened or is not a journal
   */
  static SimBrokerJournal open(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileChannel channel = null;
    try {
      if (!Files.isDirectory(directory)) {
        if (posix) {
          Files.createDirectories(
              directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } else {
          Files.createDirectories(directory);
        }
      }
      Set<OpenOption> options =
          Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
      FileAttribute<?>[] attributes =
          posix
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
              : new FileAttribute<?>[0];
      channel = FileChannel.open(file, options, attributes);
      if (posix) {
        // A file created before, or by another umask, is made owner-only too.
        Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
      }
      SimBrokerJournal journal = read(file, channel);
      LOG.info("Simulated broker journal {}: {} records", file, journal.lines.size());
      return journal;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new SimJournalException(file, 0, "cannot open: " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static SimBrokerJournal read(Path file, FileChannel channel) throws IOException {
    long length = channel.size();
    if (length > Integer.MAX_VALUE - 16) {
      throw new SimJournalException(file, 0, "too large to read back: " + length + " bytes", null);
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) length);
    while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) >= 0) {
      // reads until full
    }
    byte[] content = bytes.array();
    List<Line> lines = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int start = 0;
    int number = 0;
    boolean headerSeen = false;
    for (int i = 0; i < content.length; i++) {
      if (content[i] != '\n') {
        continue;
      }
      number++;
      String text = decode(decoder, content, start, i);
      if (!headerSeen) {
        if (!HEADER.equals(text)) {
          throw new SimJournalException(
              file,
              number,
              "not a simulated broker journal: the first line must be '"
                  + HEADER.replace('\t', ' ')
                  + "'",
              null);
        }
        headerSeen = true;
      } else {
        // An undecodable line is kept as null: the broker decides whether it may be skipped.
        lines.add(new Line(number, text));
        starts.add((long) start);
      }
      start = i + 1;
    }
    SimBrokerJournal journal = new SimBrokerJournal(file, channel, lines, starts);
    journal.size = start;
    if (start < content.length) {
      LOG.warn(
          "Simulated broker journal {}: line {} is incomplete ({} bytes without a line end; a"
              + " crash while writing?): skipped",
          file,
          number + 1,
          content.length - start);
      channel.truncate(start);
      channel.force(true);
    }
    if (!headerSeen) {
      journal.append(List.of(HEADER));
    }
    return journal;
  }

  /** The text of {@code content[start, end)}, or {@code null} when it is not UTF-8. */
  private static String decode(CharsetDecoder decoder, byte[] content, int start, int end) {
    try {
      CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(content, start, end - start));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  Path file() {
    return file;
  }

  /**
   * The complete lines after the header as read when opened; a line that is not UTF-8 has {@code
   * null} text.
   */
  List<Line> lines() {
    return lines;
  }

  /**
   * Cuts off the last line read back (one the broker cannot read: a crash mid-write), with a
   * warning naming why.
   */
  void dropLastLine(String problem) throws IOException {
    int last = lines.size() - 1;
    Line line = lines.get(last);
    long start = starts.get(last);
    LOG.warn(
        "Simulated broker journal {}: last line {} cannot be read ({}; a crash while writing?):"
            + " skipped",
        file,
        line.number(),
        problem);
    channel.truncate(start);
    channel.force(true);
    size = start;
    lines.remove(last);
    starts.remove(last);
  }

  /**
   * Appends the lines (each without its line end). On failure it cuts the file back to where it
   * was, as far as it can, so no half line stays in the middle.
   *
   * <p>A file channel closes itself when its thread is interrupted, so an interrupt pending on the
   * caller's thread is held back during the write and restored after; if one arrives during the
   * write anyway, the channel is opened again and the write repeated once.
   */
  void append(List<String> records) throws IOException {
    StringBuilder text = new StringBuilder(128 * records.size());
    for (String record : records) {
      text.append(record).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    boolean interrupted = Thread.interrupted();
    try {
      write(bytes);
    } catch (ClosedByInterruptException e) {
      interrupted |= Thread.interrupted();
      LOG.warn("Simulated broker journal {}: write interrupted; reopening and writing again", file);
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      write(bytes);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long at = size;
    try {
      channel.truncate(size);
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
      size = at;
    } catch (IOException e) {
      if (channel.isOpen()) {
        try {
          channel.truncate(size);
        } catch (IOException | RuntimeException again) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("Could not close the simulated broker journal {}", file, e);
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
}
