package org.aftm.adapter.out.sim;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.model.Price;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a recorded tick file for a replay: UTF-8 CSV whose first line is exactly {@value #HEADER},
 * then one trade per line.
 *
 * <ul>
 *   <li>{@code time}: epoch milliseconds (all digits), or ISO-8601: with an offset ({@code
 *       2026-11-23T01:00:00.250Z}, {@code 2026-11-23T09:00:00+08:00}) it is that instant, without
 *       one ({@code 2026-11-23T09:00:00.250}) it is local time in Asia/Taipei (or the zone given).
 *       A space may replace the {@code T}; digits beyond milliseconds are truncated.
 *   <li>{@code item_code}: the instrument, no spaces.
 *   <li>{@code price}: an exact decimal &gt; 0 with at most four places.
 *   <li>{@code quantity}: an integer &gt; 0.
 * </ul>
 *
 * <p>Blank lines are skipped, {@code \r\n} line ends and a leading byte-order mark are accepted.
 * Any other deviation throws {@link TickFileException} naming the file, line and field.
 *
 * <p>Built for millions of lines: a large char buffer parsed in place, no String per line, one
 * String per distinct item code. Stateless and thread-safe; each {@link #read} is independent.
 */
public final class TickFileReader {

  /** The required first line. */
  public static final String HEADER = "time,item_code,price,quantity";

  private static final Logger LOG = LoggerFactory.getLogger(TickFileReader.class);

  private static final int BUFFER_CHARS = 1 << 16;

  /** Longer lines are refused, so a file without line breaks cannot exhaust memory. */
  private static final int MAX_LINE_CHARS = 4096;

  private static final int MAX_QUANTITY_DIGITS = 18;

  private final ZoneId localZone;
  private final boolean inTimeOrder;

  /** Reads local times as Asia/Taipei. */
  public TickFileReader() {
    this(SimSettings.EXCHANGE_ZONE);
  }

  /** Reads local times (ISO-8601 without an offset) in {@code localZone}. */
  public TickFileReader(ZoneId localZone) {
    this(localZone, false);
  }

  private TickFileReader(ZoneId localZone, boolean inTimeOrder) {
    this.localZone = Objects.requireNonNull(localZone, "localZone");
    this.inTimeOrder = inTimeOrder;
  }

  /**
   * A reader that also refuses a tick earlier than the one before it (equal times are fine), naming
   * its line: a backtest's exposure time and equity curve need time to run forward. Local times in
   * Asia/Taipei.
   */
  public static TickFileReader inTimeOrder() {
    return new TickFileReader(SimSettings.EXCHANGE_ZONE, true);
  }

  /**
   * Reads every tick of the file, in file order.
   *
   * @throws TickFileException at the first bad line
   * @throws UncheckedIOException when the file cannot be read
   */
  public RecordedTicks read(Path file) {
    long started = System.nanoTime();
    try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
      RecordedTicks ticks = new Parse(file, localZone, inTimeOrder).run(in);
      LOG.info(
          "Read {} ticks from {} in {} ms",
          ticks.size(),
          file,
          (System.nanoTime() - started) / 1_000_000);
      return ticks;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tick file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The state of one read. */
  private static final class Parse {
    private final Path file;
    private final TickTimeParser times;
    private final ItemCodeInterner itemCodes = new ItemCodeInterner();
    private final RecordedTicks.Builder ticks = new RecordedTicks.Builder();
    // Larger than the longest line accepted, so a line always fits once the buffer is compacted.
    private final char[] buffer = new char[BUFFER_CHARS];
    private final CharSequence view = new CharArraySequence(buffer);
    private final boolean inTimeOrder;
    private long lineNumber;
    private long previousTime = Long.MIN_VALUE;
    private long previousLine;

    Parse(Path file, ZoneId localZone, boolean inTimeOrder) {
      this.file = file;
      this.times = new TickTimeParser(localZone);
      this.inTimeOrder = inTimeOrder;
    }

    RecordedTicks run(Reader in) throws IOException {
      int start = 0;
      int end = 0;
      int scan = 0;
      boolean eof = false;
      while (true) {
        int newline = -1;
        for (int i = scan; i < end; i++) {
          if (buffer[i] == '\n') {
            newline = i;
            break;
          }
        }
        if (newline >= 0) {
          line(start, newline);
          start = newline + 1;
          scan = start;
          continue;
        }
        if (eof) {
          if (start < end) {
            line(start, end);
          }
          break;
        }
        if (end - start > MAX_LINE_CHARS) {
          throw new TickFileException(
              file, lineNumber + 1, "line", "longer than " + MAX_LINE_CHARS + " characters");
        }
        // Keep the partial line, move it to the front and fill the rest.
        if (start > 0) {
          System.arraycopy(buffer, start, buffer, 0, end - start);
          end -= start;
          start = 0;
        }
        scan = end;
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
          eof = true;
        } else {
          end += read;
        }
      }
      if (lineNumber == 0) {
        throw new TickFileException(
            file, 1, "header", "the file is empty; expected '" + HEADER + "'");
      }
      return ticks.build();
    }

    private void line(int start, int end) {
      lineNumber++;
      if (end > start && buffer[end - 1] == '\r') {
        end--;
      }
      if (lineNumber == 1) {
        header(start, end);
      } else if (!blank(start, end)) {
        tick(start, end);
      }
    }

    private void header(int start, int end) {
      if (end > start && buffer[start] == '\uFEFF') {
        start++;
      }
      if (end - start != HEADER.length()
          || !HEADER.contentEquals(new String(buffer, start, end - start))) {
        throw new TickFileException(
            file,
            1,
            "header",
            "expected exactly '"
                + HEADER
                + "' but was '"
                + new String(buffer, start, end - start)
                + "'");
      }
    }

    private boolean blank(int start, int end) {
      for (int i = start; i < end; i++) {
        if (!Character.isWhitespace(buffer[i])) {
          return false;
        }
      }
      return true;
    }

    private void tick(int start, int end) {
      int timeEnd = comma(start, end, "item_code");
      int itemEnd = comma(timeEnd + 1, end, "price");
      int priceEnd = comma(itemEnd + 1, end, "quantity");
      for (int i = priceEnd + 1; i < end; i++) {
        if (buffer[i] == ',') {
          throw fail("quantity", "extra column after quantity; expected the 4 columns " + HEADER);
        }
      }
      long time;
      try {
        time = times.parseMillis(buffer, start, timeEnd);
      } catch (IllegalArgumentException e) {
        throw fail("time", e.getMessage());
      }
      if (inTimeOrder) {
        if (time < previousTime) {
          throw fail(
              "time",
              "goes back in time: '"
                  + new String(buffer, start, timeEnd - start)
                  + "' is before the time on line "
                  + previousLine);
        }
        previousTime = time;
        previousLine = lineNumber;
      }
      String itemCode = itemCode(timeEnd + 1, itemEnd);
      long price = price(itemEnd + 1, priceEnd);
      long quantity = quantity(priceEnd + 1, end);
      ticks.add(itemCode, price, quantity, time);
    }

    /** The index of the comma ending the column before {@code nextField}. */
    private int comma(int from, int end, String nextField) {
      for (int i = from; i < end; i++) {
        if (buffer[i] == ',') {
          return i;
        }
      }
      throw fail(nextField, "missing; expected the 4 columns " + HEADER);
    }

    private String itemCode(int start, int end) {
      if (start == end) {
        throw fail("item_code", "missing");
      }
      for (int i = start; i < end; i++) {
        char c = buffer[i];
        if (c <= ' ' || c > '~') {
          throw fail(
              "item_code",
              "not a valid item code (printable ASCII without spaces): '"
                  + new String(buffer, start, end - start)
                  + "'");
        }
      }
      return itemCodes.intern(buffer, start, end);
    }

    private long price(int start, int end) {
      long units;
      try {
        units = Price.parseUnits(view, start, end);
      } catch (IllegalArgumentException e) {
        throw fail("price", e.getMessage());
      }
      if (units <= 0) {
        throw fail("price", "must be > 0 but was '" + new String(buffer, start, end - start) + "'");
      }
      return units;
    }

    private long quantity(int start, int end) {
      long value = 0;
      boolean ok = end > start && end - start <= MAX_QUANTITY_DIGITS;
      for (int i = start; ok && i < end; i++) {
        char c = buffer[i];
        ok = c >= '0' && c <= '9';
        value = value * 10 + (c - '0');
      }
      if (!ok || value <= 0) {
        throw fail(
            "quantity", "not a positive integer: '" + new String(buffer, start, end - start) + "'");
      }
      return value;
    }

    private TickFileException fail(String field, String problem) {
      return new TickFileException(file, lineNumber, field, problem);
    }
  }
}
