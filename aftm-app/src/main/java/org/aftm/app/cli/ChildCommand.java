package org.aftm.app.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.process.ChildRole;
import org.aftm.app.security.ChildLinkKeys;
import org.aftm.app.wiring.OrderExecutorProcess;
import org.aftm.app.wiring.ShutdownSequence;
import org.aftm.app.wiring.StrategyProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aftm child ROLE ...}: the entry point of a child process, started only by the main
 * process's supervisor. Logs go to {@code <data>/logs/<role>.log}; the child ends when its parent
 * does, within {@link EarlyParentWatch#EXIT_BOUND} of the notice, also in the middle of its own
 * start.
 */
@Command(
    name = "child",
    hidden = true,
    description = "Internal: run a child process (strategy or order-executor).")
final class ChildCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ChildCommand.class);

  /** How long a child waits for its link keys on stdin; the parent writes them at once. */
  private static final Duration KEYS_WAIT = Duration.ofSeconds(30);

  @Parameters(index = "0", paramLabel = "ROLE")
  String role;

  @Option(names = "--parent-pid", required = true)
  long parentPid;

  @Option(names = "--telemetry", required = true)
  String telemetry;

  @Option(names = "--tick-endpoint")
  String tickEndpoint;

  @Option(names = "--signal-endpoint")
  String signalEndpoint;

  @Option(names = "--signal-bind")
  String signalBind;

  @Option(names = "--gateway-endpoint")
  String gatewayEndpoint;

  @Option(names = "--order-event-endpoint")
  String orderEventEndpoint;

  @Option(names = "--order-account")
  String orderAccount;

  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() throws InterruptedException {
    long mainNanos = System.nanoTime();
    // First of all (main started it already, unless run in-process): a child whose parent died
    // while it was starting must not finish starting and hold its ports against the next start.
    EarlyParentWatch.start(parentPid);
    AtomicReference<ShutdownSequence> child = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ShutdownSequence running = child.get();
                  if (running != null) {
                    LOG.info("Stopping {}", role);
                    running.close();
                  }
                  stopped.countDown();
                  LogSetup.flush();
                },
                "shutdown"));
    ChildRole childRole = ChildRole.fromId(role);
    // The parent writes the link keys on stdin right after the start; never on the command line.
    ChildLinkKeys keys = ChildLinkKeys.parse(EarlyParentWatch.keysLine(KEYS_WAIT));
    long keysNanos = System.nanoTime();
    AftmConfig config = configOptions.load();
    LogSetup.toFile(config.logDir(), childRole.id(), config.logLevel().name());
    long logsNanos = System.nanoTime();
    LOG.info(
        "Starting {} (pid {}, parent {})",
        childRole.id(),
        ProcessHandle.current().pid(),
        parentPid);
    child.set(
        childRole == ChildRole.STRATEGY
            ? StrategyProcess.start(
                config,
                keys,
                require("--tick-endpoint", tickEndpoint),
                require("--signal-endpoint", signalEndpoint),
                require("--order-event-endpoint", orderEventEndpoint),
                require("--gateway-endpoint", gatewayEndpoint),
                telemetry)
            : OrderExecutorProcess.start(
                config,
                keys,
                require("--signal-bind", signalBind),
                require("--gateway-endpoint", gatewayEndpoint),
                require("--order-account", orderAccount),
                telemetry));
    long readyNanos = System.nanoTime();
    LOG.info(
        "{} running; start-up (ms): jvm-to-main {}, keys {}, config-and-logs {}, wiring {}",
        childRole.id(),
        jvmToMainMillis(mainNanos),
        Duration.ofNanos(keysNanos - mainNanos).toMillis(),
        Duration.ofNanos(logsNanos - keysNanos).toMillis(),
        Duration.ofNanos(readyNanos - logsNanos).toMillis());
    stopped.await();
    return 0;
  }

  /**
   * Milliseconds from this JVM's process start (the kernel's, 10 ms resolution) to {@code
   * mainNanos}, or -1 where the platform does not say.
   */
  private static long jvmToMainMillis(long mainNanos) {
    long mainMillis =
        System.currentTimeMillis() - Duration.ofNanos(System.nanoTime() - mainNanos).toMillis();
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(start -> mainMillis - start.toEpochMilli())
        .orElse(-1L);
  }

  private static String require(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new BadInputException(option + " is required for this role");
    }
    return value;
  }
}
