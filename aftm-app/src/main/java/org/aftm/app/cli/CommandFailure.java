package org.aftm.app.cli;

import java.io.PrintWriter;
import org.aftm.adapter.out.persistence.CorruptDatabaseException;
import org.aftm.adapter.out.persistence.DataDirectoryInUseException;
import org.aftm.app.config.ConfigException;
import org.aftm.app.config.UnusableAddressException;
import org.aftm.app.security.LinkKeyException;
import org.slf4j.LoggerFactory;

/**
 * What a command that failed prints and exits with: one line and {@link AftmCli#EXIT_BAD_INPUT} for
 * what the operator can fix (configuration, input, an address, a damaged database, a data directory
 * in use, link keys), the exception and 1 (with its trace in the log) for anything else. Shared by
 * {@link AftmCli} and {@link ChildMain}, so a child fails exactly like a command.
 */
final class CommandFailure {

  private CommandFailure() {}

  /**
   * @param command the command's qualified name, e.g. {@code aftm child}
   * @param child whether this is a child process, whose stderr is nobody's screen
   * @return the exit code
   */
  static int report(Exception e, PrintWriter err, String command, boolean child) {
    if (e instanceof ConfigException config) {
      // One bad key is one line; several are listed one a line under a heading.
      err.println(
          config.problems().size() == 1
              ? "aftm: invalid configuration: " + config.problems().get(0)
              : "aftm: " + e.getMessage());
      return AftmCli.EXIT_BAD_INPUT;
    }
    if (e instanceof UnusableAddressException) {
      if (child) {
        // A child's stderr is nobody's screen: the line goes to its log too.
        LoggerFactory.getLogger(AftmCli.class).error("{}", e.getMessage());
      }
      err.println(command + ": " + e.getMessage());
      return AftmCli.EXIT_BAD_INPUT;
    }
    // A damaged database is the operator's to restore or move away, as the message says;
    // another instance on the directory gets one line naming it and its pid, no trace.
    if (e instanceof BadInputException
        || e instanceof CorruptDatabaseException
        || e instanceof DataDirectoryInUseException
        || e instanceof LinkKeyException) {
      err.println(command + ": " + e.getMessage());
      return AftmCli.EXIT_BAD_INPUT;
    }
    err.println(command + ": failed: " + e);
    LoggerFactory.getLogger(AftmCli.class).error("Command {} failed", command, e);
    return 1;
  }
}
