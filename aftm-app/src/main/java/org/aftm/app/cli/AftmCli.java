package org.aftm.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code aftm} command: the operator's entry point and, hidden, the child processes'. Without
 * arguments it opens the operator's console ({@code aftm console}). Exit codes: 0 done, 1 failed
 * while running, 2 bad input or configuration (a corrupt database file included).
 */
@Command(
    name = "aftm",
    mixinStandardHelpOptions = true,
    version = "aftm 0.1.0",
    description =
        "Auto Futures Trading Machine: trades futures from support/resistance conditions.",
    subcommands = {
      ConsoleCommand.class,
      DemoCommand.class,
      RunCommand.class,
      ReplayCommand.class,
      BacktestCommand.class,
      ConditionCommand.class,
      PositionsCommand.class,
      TradingCommand.class,
      TradingStateCommand.Halt.class,
      TradingStateCommand.Reduce.class,
      TradingStateCommand.Resume.class,
      FlattenCommand.class,
      ReconcileCommand.class,
      BenchCommand.class,
      FixVenueCommand.class,
      TradesCommand.class,
      ReportCommand.class,
      ChildCommand.class,
      StrategiesCommand.class
    })
public final class AftmCli implements Callable<Integer> {

  /** Bad input or configuration. */
  public static final int EXIT_BAD_INPUT = 2;

  @Spec CommandSpec spec;

  /** Without a subcommand: the operator's console, as the Python system opened its menu. */
  @Override
  public Integer call() {
    return spec.commandLine().getSubcommands().get("console").execute();
  }

  public static void main(String[] args) {
    // A child watches its parent before anything slow: see EarlyParentWatch. (The supervisor starts
    // children through ChildMain, which skips this command tree; aftm child still works.)
    EarlyParentWatch.startIfChild(args);
    // In the console's charset, with ASCII stand-ins where it cannot show a character (cp950,
    // ASCII).
    PrintWriter out = OutputCharset.writer(System.out);
    PrintWriter err = OutputCharset.writer(System.err);
    int code = execute(out, err, args);
    out.flush();
    err.flush();
    LogSetup.flush();
    System.exit(code);
  }

  /** Runs a command line and returns the exit code, without exiting: for tests. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Runs a command line with its output captured: for tests and tools. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new AftmCli());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) ->
            CommandFailure.report(
                e,
                cmd.getErr(),
                cmd.getCommandSpec().qualifiedName(),
                cmd.getCommandSpec().userObject() instanceof ChildCommand));
    return commandLine;
  }
}
