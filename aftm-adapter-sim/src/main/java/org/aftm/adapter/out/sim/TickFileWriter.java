package org.aftm.adapter.out.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.aftm.domain.model.Price;

/**
 * Writes tick files that {@link TickFileReader} reads: a seeded random walk on a 1-point grid
 * within ±10% of the start, so the same arguments always give the same file. The replay benchmark
 * and the demo use it to make a recorded session without a broker.
 */
public final class TickFileWriter {

  private static final int BUFFER_CHARS = 1 << 16;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private TickFileWriter() {}

  /**
   * Writes {@code lines} ticks of {@code itemCode} starting near {@code start}, the first at {@code
   * firstTime} and each {@code spacing} later, times as ISO-8601 instants in UTC with milliseconds
   * ({@code 2026-11-23T00:45:00.100Z}).
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void writeRandomWalk(
      Path file,
      String itemCode,
      Price start,
      int lines,
      long seed,
      Instant firstTime,
      Duration spacing) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(itemCode, "itemCode");
    Objects.requireNonNull(firstTime, "firstTime");
    Objects.requireNonNull(spacing, "spacing");
    if (lines < 0) {
      throw new IllegalArgumentException("lines must be >= 0 but was " + lines);
    }
    if (!start.isPositive()) {
      throw new IllegalArgumentException("start price must be > 0 but was " + start);
    }
    // Whole points, so a price is written as an integer without a BigDecimal per line.
    long tick = Price.UNITS_PER_POINT;
    long band = start.units() / 10;
    if (start.units() % tick != 0) {
      throw new IllegalArgumentException("start price must be whole points but was " + start);
    }
    RandomWalk walk =
        new RandomWalk(
            seed,
            itemCode,
            start.units(),
            tick,
            Math.max(tick, start.units() - band),
            start.units() + band);
    long firstMillis = firstTime.toEpochMilli();
    long stepMillis = spacing.toMillis();
    try (Writer out =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), BUFFER_CHARS)) {
      out.write(TickFileReader.HEADER);
      out.write('\n');
      StringBuilder line = new StringBuilder(64);
      IsoMillis times = new IsoMillis();
      for (int i = 0; i < lines; i++) {
        walk.step();
        line.setLength(0);
        times.append(line, firstMillis + i * stepMillis);
        line.append(',')
            .append(itemCode)
            .append(',')
            .append(walk.priceUnits() / Price.UNITS_PER_POINT)
            .append(',')
            .append(walk.quantity())
            .append('\n');
        out.append(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tick file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Formats epoch milliseconds as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}: what {@link Instant#toString()}
   * gives, but always with milliseconds, and with one date object per day instead of per line.
   */
  static final class IsoMillis {
    private long day = Long.MIN_VALUE;
    private String datePrefix = "";

    void append(StringBuilder out, long epochMillis) {
      long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
      if (epochDay != day) {
        day = epochDay;
        datePrefix = LocalDate.ofEpochDay(epochDay) + "T";
      }
      int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
      out.append(datePrefix);
      appendTwoDigits(out, millisOfDay / 3_600_000);
      out.append(':');
      appendTwoDigits(out, millisOfDay / 60_000 % 60);
      out.append(':');
      appendTwoDigits(out, millisOfDay / 1_000 % 60);
      out.append('.');
      int millis = millisOfDay % 1_000;
      out.append((char) ('0' + millis / 100))
          .append((char) ('0' + millis / 10 % 10))
          .append((char) ('0' + millis % 10));
      out.append('Z');
    }
  }

  private static void appendTwoDigits(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /**
   * Writes {@code lines} ticks of TXF from 22000, one every 100 ms from the 08:45 Taipei open of
   * 2026-11-23.
   */
  public static void writeRandomWalk(Path file, int lines, long seed) {
    writeRandomWalk(
        file,
        "TXF",
        Price.ofPoints(22_000),
        lines,
        seed,
        Instant.parse("2026-11-23T00:45:00Z"),
        Duration.ofMillis(100));
  }
}
