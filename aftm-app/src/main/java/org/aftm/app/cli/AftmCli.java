package org.aftm.app.cli;

import java.io.PrintWriter;
import org.aftm.adapter.out.persistence.CorruptDatabaseException;
import org.aftm.adapter.out.persistence.DataDirectoryInUseException;
import org.aftm.app.config.ConfigException;
import org.aftm.app.config.UnusableAddressException;
import org.aftm.app.security.LinkKeyException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code aftm} command: the operator's entry point and, hidden, the child processes'. Exit
 * codes: 0 done, 1 failed while running, 2 bad input or configuration (a corrupt database file
 * included).
 */
@Command(
    name = "aftm",
    mixinStandardHelpOptions = true,
    version = "aftm 0.1.0",
    description =
        "Auto Futures Trading Machine: trades futures from support/resistance conditions.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ReplayCommand.class,
      ConditionCommand.class,
      PositionsCommand.class,
      TradingCommand.class,
      TradingStateCommand.Halt.class,
      TradingStateCommand.Reduce.class,
      TradingStateCommand.Resume.class,
      FlattenCommand.class,
      ReconcileCommand.class,
      BenchCommand.class,
      ChildCommand.class
    })
public final class AftmCli implements Runnable {

  /** Bad input or configuration. */
  public static final int EXIT_BAD_INPUT = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // A child watches its parent before anything slow: see EarlyParentWatch.
    EarlyParentWatch.startIfChild(args);
    int code = execute(args);
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
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof ConfigException config) {
            // One bad key is one line; several are listed one a line under a heading.
            err.println(
                config.problems().size() == 1
                    ? "aftm: invalid configuration: " + config.problems().get(0)
                    : "aftm: " + e.getMessage());
            return EXIT_BAD_INPUT;
          }
          if (e instanceof UnusableAddressException) {
            if (cmd.getCommandSpec().userObject() instanceof ChildCommand) {
              // A child's stderr is nobody's screen: the line goes to its log too.
              LoggerFactory.getLogger(AftmCli.class).error("{}", e.getMessage());
            }
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return EXIT_BAD_INPUT;
          }
          // A damaged database is the operator's to restore or move away, as the message says;
          // another instance on the directory gets one line naming it and its pid, no trace.
          if (e instanceof BadInputException
              || e instanceof CorruptDatabaseException
              || e instanceof DataDirectoryInUseException
              || e instanceof LinkKeyException) {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return EXIT_BAD_INPUT;
          }
          err.println(cmd.getCommandSpec().qualifiedName() + ": failed: " + e);
          LoggerFactory.getLogger(AftmCli.class)
              .error("Command {} failed", cmd.getCommandName(), e);
          return 1;
        });
    return commandLine;
  }
}
