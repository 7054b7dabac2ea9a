package org.aftm.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.aftm.adapter.zmq.out.GatewayErrorReplyException;
import org.aftm.app.config.AftmConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that asks the running main process of the data directory something through its order
 * gateway. Exit codes: what {@link #run} returns; 1 when the main process refuses the request (one
 * line saying why); 2 when no main process answers or the input is bad.
 */
abstract class GatewayCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print the answer as one JSON object, the last line.")
  boolean json;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    AftmConfig config = configOptions.load();
    LogSetup.quiet();
    checkInput();
    PrintWriter out = spec.commandLine().getOut();
    try (RunningGateway gateway = open(config)) {
      return run(gateway, out);
    } catch (GatewayErrorReplyException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          spec.qualifiedName()
              + ": "
              + ("UNKNOWN_OPERATION".equals(e.errorCode())
                  ? "the running main process does not offer this (an older version?): "
                  : "refused: ")
              + e.getMessage());
      err.flush();
      return 1;
    } finally {
      out.flush();
    }
  }

  /**
   * Checks the options before anything is asked.
   *
   * @throws BadInputException naming what is wrong
   */
  void checkInput() {}

  RunningGateway open(AftmConfig config) {
    return RunningGateway.open(config);
  }

  /** Asks and prints the answer; returns the exit code. */
  abstract int run(RunningGateway gateway, PrintWriter out);

  /**
   * An optional text for the audit trail and logs.
   *
   * @throws BadInputException when it is too long or holds control characters
   */
  static void checkText(String option, String text) {
    if (text != null
        && (text.isBlank()
            || text.length() > 200
            || text.chars().anyMatch(Character::isISOControl))) {
      throw new BadInputException(
          option + " must be 1 to 200 characters on one line, without control characters");
    }
  }
}
