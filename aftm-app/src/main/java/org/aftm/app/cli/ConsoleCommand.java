package org.aftm.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.aftm.adapter.out.persistence.DataDirectoryLock;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.MainProcess;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code aftm console} (and {@code aftm} without arguments): the operator's menu in the main
 * process, as in the Python system. Line editing and history come from JLine; on a standard input
 * that is no terminal (a pipe, a test) it reads plain lines.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description =
        "The operator's menu (also: aftm with no arguments): login, register items, conditions,"
            + " order account, manual orders, start all, positions, flatten, status.")
final class ConsoleCommand implements Callable<Integer> {

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AftmConfig config = configOptions.load();
    // Before its log file: a second instance must not write into the running one's.
    DataDirectoryLock.requireFree(config.dataDir());
    LogSetup.toFile(config, "aftm", LogSetup.MAIN_PROCESS);
    try (Terminal terminal = terminal();
        MainProcess main = MainProcess.open(config)) {
      // A SIGTERM (or a Ctrl-C outside a prompt) still stops the children and the broker session.
      Thread hook = new Thread(main::close, "console-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      PrintWriter out = terminal.writer();
      TerminalInput input = new TerminalInput(terminal, config.dataDir());
      try {
        new OperatorConsole(main, config, input, out).run();
      } finally {
        input.saveHistory();
        out.flush();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Shutting down already: the hook closes it.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
    }
    return 0;
  }

  /** The system terminal; a dumb one, quietly, when standard input is not a terminal. */
  private static Terminal terminal() throws IOException {
    return TerminalBuilder.builder().system(true).dumb(true).name("aftm").build();
  }
}
