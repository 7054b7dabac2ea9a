package org.aftm.adapter.out.sim;

import java.nio.file.Path;

/**
 * The simulated broker's journal cannot be read back, naming the file and the 1-based line, e.g.
 * {@code /data/sim-broker.journal line 12: filled for unknown order c-9}. The broker refuses to
 * start rather than forget orders or positions.
 */
public final class SimJournalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;

  /**
   * @param line the 1-based line, or 0 when the problem is the file itself
   * @param problem what is wrong, without the location
   */
  public SimJournalException(Path file, long line, String problem, Throwable cause) {
    super(
        "simulated broker journal " + file + (line > 0 ? " line " + line : "") + ": " + problem,
        cause);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line number, or 0 when the problem is the file itself. */
  public long line() {
    return line;
  }
}
