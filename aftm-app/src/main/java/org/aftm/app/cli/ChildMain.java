package org.aftm.app.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The entry point of a child process as the main process's supervisor starts it: {@code java ...
 * org.aftm.app.cli.ChildMain child ROLE --parent-pid N ...} ({@link ChildArguments}). It runs the
 * same child as the hidden {@code aftm child}, but parses its few arguments by hand: building
 * {@link AftmCli}'s picocli tree of every subcommand first cost about a second of each child's
 * start on a loaded machine. Exit codes and error lines are those of {@code aftm child} ({@link
 * CommandFailure}): 0 stopped, 1 failed, 2 bad input or configuration.
 */
public final class ChildMain {

  private ChildMain() {}

  public static void main(String[] args) {
    // Before anything slow: see EarlyParentWatch.
    EarlyParentWatch.startIfChild(args);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code;
    try {
      code = ChildRun.run(ChildArguments.parse(args));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } catch (Exception e) {
      code = CommandFailure.report(e, err, "aftm child", true);
    }
    err.flush();
    LogSetup.flush();
    System.exit(code);
  }
}
