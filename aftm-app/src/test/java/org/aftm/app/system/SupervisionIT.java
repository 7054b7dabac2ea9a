package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.process.FullCommandLine;
import org.aftm.app.session.RunningSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervision and one instance per data directory, with real processes: a second {@code aftm run}
 * or {@code aftm demo} on a directory in use exits 2 with one line naming the directory and the
 * running process; {@code kill -9} of the main process while the order executor is being restarted
 * leaves no child behind within about two seconds and frees the signal port; the next start takes
 * the lock over from the dead process and drops its session record.
 */
@Timeout(240)
class SupervisionIT {

  /** The children must be gone this soon after the main process died (ParentWatch: ~1.5 s). */
  private static final Duration CHILDREN_GONE_WITHIN = Duration.ofSeconds(2);

  /** Extra allowance for a loaded CI machine; the measured time is printed either way. */
  private static final Duration CI_SLACK = Duration.ofSeconds(3);

  @TempDir Path baseDir;
  private final List<AftmRunProcess> runs = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws Exception {
    for (AftmRunProcess run : runs) {
      run.close();
    }
    KeptDataDir.copyIfAsked(baseDir.resolve("demo"));
  }

  @Test
  void oneInstancePerDirectoryAndNoChildOutlivesAMainKilledDuringARestart() throws Exception {
    // The directory `aftm demo --data-dir base` would use, so that a demo can be refused too.
    Path dataDir = baseDir.resolve("demo");
    int signalPort = freePort();
    Map<String, String> config = config(signalPort);
    AftmRunProcess first = start(dataDir, config);
    long firstPid = first.process.pid();

    // A second `aftm run` on it: exit 2, one line naming the directory and the running pid.
    AftmRunProcess second = AftmRunProcess.start(dataDir, config);
    runs.add(second);
    assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process.exitValue()).as("output: %s", second.output).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> !second.output.isEmpty());
    assertThat(second.output)
        .singleElement()
        .asString()
        .startsWith("aftm run: ")
        .contains(dataDir.toAbsolutePath().toString())
        .contains("pid " + firstPid);
    // `aftm demo` on it: refused before it clears the demo's database.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int demo =
        AftmCli.execute(
            new PrintWriter(out), new PrintWriter(err), "demo", "--data-dir", baseDir.toString());
    assertThat(demo).as("demo: %s", err).isEqualTo(2);
    assertThat(err.toString().lines().toList())
        .singleElement()
        .asString()
        .startsWith("aftm demo: ")
        .contains(dataDir.toAbsolutePath().toString())
        .contains("pid " + firstPid);
    assertThat(dataDir.resolve("aftm.db")).as("the running database is untouched").exists();

    // kill -9 of the order executor; as soon as its replacement is forked, kill -9 the main
    // process.
    ProcessHandle executor = executorOf(first).orElseThrow();
    executor.destroyForcibly();
    ProcessHandle replacement =
        await("the executor relaunched")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(5))
            .until(
                () -> executorOf(first).filter(h -> h.pid() != executor.pid()), Optional::isPresent)
            .orElseThrow();
    List<ProcessHandle> children = first.children();
    first.process.destroyForcibly();
    long killedAt = System.nanoTime();
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Map<Long, Long> goneAfterMillis = new LinkedHashMap<>();
    await("every child of the killed main process exited")
        .atMost(CHILDREN_GONE_WITHIN.plus(CI_SLACK))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              for (ProcessHandle child : first.seenChildren()) {
                if (AftmRunProcess.exited(child)) {
                  goneAfterMillis.putIfAbsent(
                      child.pid(), (System.nanoTime() - killedAt) / 1_000_000);
                }
              }
              return goneAfterMillis.size() == first.seenChildren().size();
            });
    Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
    System.out.printf(
        "SupervisionIT: after kill -9 of main, children exited (pid=ms) %s; replacement executor %d;"
            + " all gone in %d ms (target %d ms)%n",
        goneAfterMillis, replacement.pid(), gone.toMillis(), CHILDREN_GONE_WITHIN.toMillis());
    assertThat(children).anySatisfy(c -> assertThat(c.pid()).isEqualTo(replacement.pid()));
    await("the exited children reaped")
        .atMost(Duration.ofSeconds(30))
        .until(() -> first.seenChildren().stream().noneMatch(ProcessHandle::isAlive));
    try (ServerSocket port = new ServerSocket(signalPort, 50, InetAddress.getByName("127.0.0.1"))) {
      assertThat(port.getLocalPort()).as("the signal port is free again").isEqualTo(signalPort);
    }
    assertThat(RunningSession.find(dataDir)).as("its record names a dead process").isEmpty();
    assertThat(dataDir.resolve(RunningSession.FILE_NAME)).exists();

    // The next start takes the lock over from the dead process and drops its session record.
    AftmRunProcess next = start(dataDir, config);
    assertThat(next.output)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("previous holder pid " + firstPid + " is gone; taking over"));
    assertThat(Files.readString(dataDir.resolve("logs").resolve("aftm.log")))
        .contains("Removed the session record")
        .contains("of the dead process " + firstPid);
    assertThat(RunningSession.find(dataDir))
        .get()
        .extracting(RunningSession::pid)
        .isEqualTo(next.process.pid());
    next.process.destroy(); // SIGTERM
    assertThat(next.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(next.process.exitValue()).as("output: %s", next.output).isZero();
  }

  private AftmRunProcess start(Path dataDir, Map<String, String> config) throws IOException {
    AftmRunProcess run = AftmRunProcess.start(dataDir, config);
    runs.add(run);
    return run.awaitTrading();
  }

  private static Optional<ProcessHandle> executorOf(AftmRunProcess run) {
    return run.children().stream()
        .filter(c -> FullCommandLine.of(c).contains("child order-executor"))
        .findFirst();
  }

  private static Map<String, String> config(int signalPort) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("ZMQ_TICK_PORT", "0");
    config.put("ZMQ_SIGNAL_PORT", Integer.toString(signalPort));
    config.put("DLL_GATEWAY_PORT", "0");
    config.put("AFTM_ORDER_EVENT_PORT", "0");
    config.put("AFTM_HTTP_PORT", "0");
    config.put("AFTM_SIM_TICK_RATE", "50");
    return config;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
