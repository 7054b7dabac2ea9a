package org.aftm.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.aftm.app.config.OwnerOnlyFiles;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * The console's input through JLine: line editing, and a history kept owner-only in the data
 * directory. A secret is read with JLine's null mask: nothing echoed, and JLine adds no masked line
 * to the history.
 */
final class TerminalInput implements ConsoleInput {

  /** The history file's name in the data directory. */
  static final String HISTORY_FILE = "console-history";

  private final LineReader reader;

  /** A terminal JLine cannot drive (not a terminal at all, or TERM=dumb). */
  private final boolean dumb;

  TerminalInput(Terminal terminal, Path dataDir) {
    this.dumb = terminal.getType().startsWith(Terminal.TYPE_DUMB);
    Path history = dataDir.resolve(HISTORY_FILE);
    try {
      OwnerOnlyFiles.createFile(history);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the console history " + history, e);
    }
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("aftm")
            .variable(LineReader.HISTORY_FILE, history)
            .variable(LineReader.HISTORY_SIZE, 500)
            .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
  }

  @Override
  public String line(String prompt) {
    return read(prompt, null).strip();
  }

  @Override
  public char[] secret(String prompt) {
    if (!dumb) {
      // Raw mode, nothing echoed; JLine keeps no masked line in the history. (The String JLine
      // built cannot be wiped; the char[] handed on is, by the login.)
      return read(prompt, LineReaderImpl.NULL_MASK).toCharArray();
    }
    java.io.Console console = System.console();
    if (console != null) {
      // A terminal JLine cannot drive (TERM=dumb): the terminal's own echo is switched off.
      char[] secret = console.readPassword("%s", prompt);
      if (secret == null) {
        throw new EndOfInput();
      }
      return secret;
    }
    // Not a terminal (a pipe): nothing echoes. JLine's mask would start a thread that keeps
    // redrawing the prompt, so the line is read plainly with the history off.
    reader.variable(LineReader.DISABLE_HISTORY, true);
    try {
      return read(prompt, null).toCharArray();
    } finally {
      reader.variable(LineReader.DISABLE_HISTORY, false);
    }
  }

  private String read(String prompt, Character mask) {
    try {
      return reader.readLine(prompt, mask);
    } catch (EndOfFileException e) {
      throw new EndOfInput();
    } catch (UserInterruptException e) {
      throw new InputCancelled();
    }
  }

  /** Writes the history out (JLine also saves it as lines are added). */
  void saveHistory() {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      // The history is a convenience: losing it loses nothing of the trading.
    }
  }
}
