package org.aftm.app.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.aftm.adapter.out.persistence.DataDirectoryLock;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.PasswordSource;
import org.aftm.app.wiring.MainProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm run}: unattended trading. Logs in with {@code AFTM_ACCOUNT} and the password from
 * standard input ({@code --password-stdin}), {@code AFTM_PASSWORD} or a hidden prompt, registers
 * the item, selects the order account, starts everything, and trades until Ctrl-C or SIGTERM; then
 * stops the children and exits 0.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Log in and trade until Ctrl-C or SIGTERM. Password from --password-stdin, AFTM_PASSWORD or"
            + " a hidden prompt.")
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--status-every",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Print a status line this often (default ${DEFAULT-VALUE}; 0 = never).")
  int statusEverySeconds;

  @Option(
      names = "--password-stdin",
      description =
          "Read the password from the first line of standard input (e.g. from a secrets manager:"
              + " pass show broker | aftm run --password-stdin). Unlike AFTM_PASSWORD it leaves no"
              + " copy in memory after login.")
  boolean passwordStdin;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    AftmConfig config = configOptions.load();
    // Before its log file: a second instance must not write into the running one's.
    DataDirectoryLock.requireFree(config.dataDir());
    LogSetup.toFile(config, "aftm", LogSetup.MAIN_PROCESS);
    PrintWriter out = spec.commandLine().getOut();
    Optional<char[]> password = password(config);
    if (password.isEmpty()) {
      throw new BadInputException(
          "no password: use --password-stdin, set AFTM_PASSWORD or run in a terminal to be"
              + " prompted");
    }
    ShutdownSignal shutdown = ShutdownSignal.install();
    MainProcess main;
    try {
      main = MainProcess.start(config, config.account(), password.get());
    } catch (MainProcess.LoginRefusedException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    try (main) {
      out.printf(
          "Trading %s for order account %s. Gateway %s, ticks %s%s. Ctrl-C to stop.%n",
          String.join(", ", main.itemCodes()),
          main.orderAccount(),
          main.gatewayEndpoint(),
          main.tickEndpoint(),
          main.statusPageUrl().map(url -> ", status " + url).orElse(""));
      out.flush();
      long start = System.nanoTime();
      long period = statusEverySeconds > 0 ? statusEverySeconds * 1_000L : Long.MAX_VALUE / 2;
      while (!shutdown.await(period)) {
        out.println(
            StatusLine.format(
                main,
                (System.nanoTime() - start) / 1_000_000_000L,
                main.metrics().sampleInterval()));
        out.flush();
      }
      out.println("Stopping. At stop: " + StatusLine.positionText(main.positions()));
      long entered =
          main.conditions().listConditions(false).stream()
              .filter(c -> c.state().mayHoldPosition())
              .count();
      if (entered > 0) {
        out.println(
            entered
                + " condition(s) with an order out or lots held keep their state and resume at the next"
                + " aftm run, which first asks the broker what became of their orders; until then their"
                + " positions are not managed.");
      }
      out.flush();
    }
    out.println("Stopped.");
    out.flush();
    return 0;
  }

  private Optional<char[]> password(AftmConfig config) {
    PasswordSource source = new PasswordSource(System.getenv(), System.console());
    if (!passwordStdin) {
      return source.read(config.account());
    }
    try {
      // Unbuffered on purpose: System.in's buffer would keep the password's bytes.
      return Optional.of(source.readLine(new FileInputStream(FileDescriptor.in)));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--password-stdin: " + e.getMessage());
    } catch (IOException e) {
      throw new BadInputException(
          "--password-stdin: cannot read standard input: " + e.getMessage());
    }
  }
}
