package org.aftm.adapter.out.sim;

import java.nio.file.Path;

/**
 * A tick file line that cannot be read, naming the file, the 1-based line and the field, e.g.
 * {@code ticks.csv line 17, field price: not a decimal number with at most 4 places: 'x'}.
 */
public final class TickFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final String field;

  /**
   * @param field the column ({@code time}, {@code item_code}, {@code price}, {@code quantity}) or
   *     {@code header} or {@code line}
   * @param problem what is wrong, without the location
   */
  public TickFileException(Path file, long line, String field, String problem) {
    super(file.getFileName() + " line " + line + ", field " + field + ": " + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line number; the header is line 1. */
  public long line() {
    return line;
  }

  public String field() {
    return field;
  }
}
