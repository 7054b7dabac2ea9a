package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code aftm run} as a real process on this JVM's classpath, as an operator starts it: the
 * password in its environment only, its configuration as {@code -c} flags. Its output is collected
 * line by line; every child it was seen with is remembered, so none outlives a test even after the
 * main process was killed.
 */
final class AftmRunProcess implements AutoCloseable {

  /** The demo login's password: handed to the process in its environment only. */
  static final String PASSWORD = "demo";

  final Process process;
  final List<String> output = new CopyOnWriteArrayList<>();
  private final List<ProcessHandle> seenChildren = new CopyOnWriteArrayList<>();

  private AftmRunProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                output.add("output reader failed: " + e);
              }
            },
            "aftm-run-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code aftm run} on the data directory with the given configuration flags. */
  static AftmRunProcess start(Path dataDir, Map<String, String> config) throws IOException {
    return start(dataDir, config, Map.of("AFTM_PASSWORD", PASSWORD), null, List.of());
  }

  /**
   * Starts {@code aftm run --password-stdin}, writing {@code password} and a newline to its
   * standard input (which stays open), with {@code environment} as its only AFTM variables and
   * {@code jvmOptions} after the standard ones; the password is in neither its environment nor its
   * command line.
   */
  static AftmRunProcess startWithPasswordOnStdin(
      Path dataDir,
      Map<String, String> config,
      Map<String, String> environment,
      byte[] password,
      List<String> jvmOptions)
      throws IOException {
    return start(dataDir, config, environment, password, jvmOptions);
  }

  private static AftmRunProcess start(
      Path dataDir,
      Map<String, String> config,
      Map<String, String> environment,
      byte[] stdinLine,
      List<String> jvmOptions)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "org.aftm.app.cli.AftmCli",
            "run",
            "--status-every",
            "0",
            "--data-dir",
            dataDir.toString()));
    if (stdinLine != null) {
      command.add("--password-stdin");
    }
    config.forEach(
        (key, value) -> {
          command.add("-c");
          command.add(key + "=" + value);
        });
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // Only what this test sets: no configuration leaks in from the environment of the build.
    builder
        .environment()
        .keySet()
        .removeIf(
            key ->
                key.startsWith("AFTM_")
                    || key.startsWith("ZMQ_")
                    || key.startsWith("DLL_")
                    || key.startsWith("DEALER_")
                    || key.equals("EXCHANGE_MODE"));
    builder.environment().putAll(environment);
    AftmRunProcess run = new AftmRunProcess(builder.start());
    if (stdinLine != null) {
      run.process.getOutputStream().write(stdinLine);
      run.process.getOutputStream().write('\n');
      run.process.getOutputStream().flush();
    }
    return run;
  }

  /** Waits until it says it trades, and remembers its children. */
  AftmRunProcess awaitTrading() {
    await("aftm run trading")
        .atMost(Duration.ofSeconds(90))
        .until(() -> output.stream().anyMatch(l -> l.startsWith("Trading ")) || !process.isAlive());
    assertThat(process.isAlive()).as("aftm run output: %s", output).isTrue();
    children();
    return this;
  }

  /** Its child processes now. */
  List<ProcessHandle> children() {
    List<ProcessHandle> children = process.children().toList();
    for (ProcessHandle child : children) {
      if (seenChildren.stream().noneMatch(c -> c.pid() == child.pid())) {
        seenChildren.add(child);
      }
    }
    return children;
  }

  /** Every child it was seen with, dead or alive. */
  List<ProcessHandle> seenChildren() {
    return List.copyOf(seenChildren);
  }

  /**
   * Whether the process has ended: gone, or a zombie (ended, holding nothing, waiting for the
   * orphans' reaper, which in some containers only reaps now and then; {@link
   * ProcessHandle#isAlive()} counts a zombie as alive).
   */
  static boolean exited(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    try {
      String stat =
          java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return !process.isAlive(); // no /proc: gone is what can be seen
    }
  }

  /** Kills whatever is left of it and its children. */
  @Override
  public void close() throws InterruptedException {
    children();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    seenChildren.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    await("children of aftm run gone")
        .atMost(Duration.ofSeconds(30))
        .until(() -> seenChildren.stream().noneMatch(ProcessHandle::isAlive));
  }
}
