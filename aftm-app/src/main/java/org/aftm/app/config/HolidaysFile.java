package org.aftm.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TAIFEX holidays file ({@code AFTM_HOLIDAYS_FILE}): one {@code yyyy-MM-dd} per line; {@code #}
 * starts a comment, blank lines are skipped. A bad line is an error naming the file and the line,
 * so a typo never silently opens the market on a holiday.
 */
public final class HolidaysFile {

  private HolidaysFile() {}

  /** The holidays in {@code file}. */
  public static Set<LocalDate> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the holidays file " + file + ": " + e, e);
    }
    return parse(file.toString(), lines);
  }

  /** The holidays in {@code lines}; {@code source} names them in errors. */
  public static Set<LocalDate> parse(String source, List<String> lines) {
    Set<LocalDate> holidays = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int comment = line.indexOf('#');
      String text = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        holidays.add(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + ": '" + text + "' is not a date in yyyy-MM-dd form");
      }
    }
    return holidays;
  }
}
