package org.aftm.app.cli;

import java.time.Duration;
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

/**
 * One child process's life, from its parsed command line to its stop: watch the parent, read the
 * link keys from stdin, load the configuration, log to {@code <data>/logs/<role>.log}, wire the
 * role, then wait for the shutdown hook. The child ends when its parent does, within {@link
 * EarlyParentWatch#EXIT_BOUND} of the notice, also in the middle of its own start. Used by {@link
 * ChildMain} (how the supervisor starts children) and by {@code aftm child}.
 */
final class ChildRun {

  /** How long a child waits for its link keys on stdin; the parent writes them at once. */
  private static final Duration KEYS_WAIT = Duration.ofSeconds(30);

  private ChildRun() {}

  /**
   * Runs the child until its shutdown hook stops it.
   *
   * @return the exit code, 0
   */
  static int run(ChildArguments arguments) throws InterruptedException {
    long mainNanos = System.nanoTime();
    // First of all (main started it already, unless run in-process): a child whose parent died
    // while it was starting must not finish starting and hold its ports against the next start.
    EarlyParentWatch.start(arguments.parentPid());
    ChildRole role = arguments.role();
    AtomicReference<ShutdownSequence> child = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ShutdownSequence running = child.get();
                  if (running != null) {
                    LoggerFactory.getLogger(ChildRun.class).info("Stopping {}", role.id());
                    running.close();
                  }
                  stopped.countDown();
                  LogSetup.flush();
                },
                "shutdown"));
    // The parent writes the link keys on stdin right after the start; never on the command line.
    ChildLinkKeys keys = ChildLinkKeys.parse(EarlyParentWatch.keysLine(KEYS_WAIT));
    long keysNanos = System.nanoTime();
    AftmConfig config = arguments.loadConfig();
    // The format comes with the other -c flags from the main process: a child's environment holds
    // no AFTM_ variable.
    LogSetup.toFile(config, role.id(), logProcess(role));
    Logger log = LoggerFactory.getLogger(ChildRun.class);
    long logsNanos = System.nanoTime();
    log.info(
        "Starting {} (pid {}, parent {})",
        role.id(),
        ProcessHandle.current().pid(),
        arguments.parentPid());
    child.set(
        role == ChildRole.STRATEGY
            ? StrategyProcess.start(
                config,
                keys,
                require("--tick-endpoint", arguments.tickEndpoint()),
                require("--signal-endpoint", arguments.signalEndpoint()),
                require("--order-event-endpoint", arguments.orderEventEndpoint()),
                require("--gateway-endpoint", arguments.gatewayEndpoint()),
                arguments.telemetry())
            : OrderExecutorProcess.start(
                config,
                keys,
                require("--signal-bind", arguments.signalBind()),
                require("--gateway-endpoint", arguments.gatewayEndpoint()),
                require("--order-account", arguments.orderAccount()),
                arguments.telemetry()));
    long readyNanos = System.nanoTime();
    log.info(
        "{} running; start-up (ms): jvm-to-main {}, keys {}, config-and-logs {}, wiring {}",
        role.id(),
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

  /** The {@code process} field of the child's JSON log lines. */
  static String logProcess(ChildRole role) {
    return switch (role) {
      case STRATEGY -> "strategy";
      case ORDER_EXECUTOR -> "executor";
    };
  }

  private static String require(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new BadInputException(option + " is required for this role");
    }
    return value;
  }
}
