package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.process.FullCommandLine;
import org.aftm.app.session.RunningSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm run} as a real process, as an operator starts it: after SIGTERM it stops its children
 * and exits 0; after {@code kill -9} its children notice and exit on their own. The password comes
 * from the environment and must not reach the children's command lines.
 */
@Timeout(180)
class NoOrphansIT {

  @TempDir Path dataDir;
  private Process main;
  private final List<String> output = new CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftovers() {
    if (main != null) {
      main.descendants().forEach(ProcessHandle::destroyForcibly);
      main.destroyForcibly();
    }
  }

  private void startRun() throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.aftm.app.cli.AftmCli",
                "run",
                "--status-every",
                "0",
                "--data-dir",
                dataDir.toString(),
                "-c",
                "ZMQ_TICK_PORT=0",
                "-c",
                "ZMQ_SIGNAL_PORT=0",
                "-c",
                "DLL_GATEWAY_PORT=0",
                "-c",
                "AFTM_ORDER_EVENT_PORT=0",
                "-c",
                "AFTM_HTTP_PORT=0",
                "-c",
                "AFTM_SIM_DEMO_PASSWORD=it-secret-4711",
                "-c",
                "AFTM_SIM_TICK_RATE=50"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AFTM_PASSWORD", "it-secret-4711");
    main = builder.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                output.add("reader failed: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    await("aftm run trading")
        .atMost(Duration.ofSeconds(90))
        .until(() -> output.stream().anyMatch(l -> l.startsWith("Trading ")) || !main.isAlive());
    assertThat(main.isAlive()).as("aftm run output: %s", output).isTrue();
  }

  private List<ProcessHandle> children() {
    return main.children().toList();
  }

  @Test
  void sigtermStopsTheChildrenAndExitsZero() throws Exception {
    startRun();
    List<ProcessHandle> children = children();
    assertThat(children).hasSize(2);
    // While it runs, its session record tells operator commands where to find it.
    assertThat(RunningSession.find(dataDir))
        .get()
        .satisfies(
            session -> {
              assertThat(session.pid()).isEqualTo(main.pid());
              assertThat(session.gatewayEndpoint()).startsWith("tcp://127.0.0.1:");
              assertThat(output)
                  .anySatisfy(line -> assertThat(line).contains(session.gatewayEndpoint()));
            });

    main.destroy(); // SIGTERM

    assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(main.exitValue()).as("output: %s", output).isZero();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(dataDir.resolve(RunningSession.FILE_NAME))
        .as("session record removed")
        .doesNotExist();
  }

  @Test
  void killMinus9OfTheMainProcessLeavesNoChildBehind() throws Exception {
    startRun();
    List<ProcessHandle> children = children();
    assertThat(children).hasSize(2);
    for (ProcessHandle child : children) {
      assertThat(FullCommandLine.of(child))
          .contains("child")
          .doesNotContain("it-secret-4711")
          .doesNotContain("AFTM_PASSWORD");
      Path environ = Path.of("/proc", Long.toString(child.pid()), "environ");
      if (Files.isReadable(environ)) {
        assertThat(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8))
            .doesNotContain("it-secret-4711")
            .doesNotContain("AFTM_PASSWORD");
      }
    }

    main.destroyForcibly(); // SIGKILL: no shutdown hook runs
    main.waitFor(30, TimeUnit.SECONDS);

    await("children exit after their parent died")
        .atMost(Duration.ofSeconds(30))
        .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(Files.readString(dataDir.resolve("logs").resolve("strategy.log")))
        .contains("stopping");
    // Its session record outlived it, but names a dead process: a condition added now is stored
    // for the next start, not relayed to anybody.
    assertThat(dataDir.resolve(RunningSession.FILE_NAME)).exists();
    assertThat(RunningSession.find(dataDir)).isEmpty();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        AftmCli.execute(
            new PrintWriter(out),
            new PrintWriter(err),
            "condition",
            "add",
            "--action",
            "buy",
            "--trigger",
            "22000",
            "--turning",
            "30",
            "--data-dir",
            dataDir.toString(),
            "--json");
    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("\"active_in_strategy\":false")
        .contains("\"strategy\":\"not_running\"");
  }
}
