package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code aftm console} as a real process on this JVM's classpath, driven through its standard input
 * as an operator types, or through a pseudo-terminal ({@code script}). Its output is collected as
 * it comes; every child it was seen with is killed at the end.
 */
final class ConsoleProcess implements AutoCloseable {

  /** Free ports only, no configuration from the build's environment. */
  static Map<String, String> freePorts() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("ZMQ_TICK_PORT", "0");
    config.put("ZMQ_SIGNAL_PORT", "0");
    config.put("DLL_GATEWAY_PORT", "0");
    config.put("AFTM_ORDER_EVENT_PORT", "0");
    config.put("AFTM_HTTP_PORT", "0");
    return config;
  }

  final Process process;
  private final StringBuffer output = new StringBuffer();
  private final OutputStream stdin;
  private final List<ProcessHandle> seenChildren = new CopyOnWriteArrayList<>();

  private ConsoleProcess(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                output.append("output reader failed: ").append(e);
              }
            },
            "console-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code aftm console} reading a pipe (JLine's dumb terminal). */
  static ConsoleProcess start(Path dataDir, Map<String, String> config) throws IOException {
    return launch(command(dataDir, config), Map.of());
  }

  /**
   * {@code aftm console} on a pseudo-terminal made by util-linux {@code script}, with {@code
   * TERM=xterm}: JLine drives a real terminal (raw mode, line editing, a hidden password).
   */
  static ConsoleProcess startOnTerminal(Path dataDir, Map<String, String> config)
      throws IOException {
    String line =
        String.join(
            " ", command(dataDir, config).stream().map(ConsoleProcess::shellQuoted).toList());
    return launch(
        List.of("script", "-qec", "stty rows 50 cols 200; exec " + line, "/dev/null"),
        Map.of("TERM", "xterm"));
  }

  /**
   * {@code aftm} with no arguments, its configuration (the data directory included) in its
   * environment, as an operator who keeps it in the shell's profile.
   */
  static ConsoleProcess startWithoutArguments(Path dataDir, Map<String, String> config)
      throws IOException {
    Map<String, String> environment = new LinkedHashMap<>(config);
    environment.put("AFTM_DATA_DIR", dataDir.toString());
    return launch(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "org.aftm.app.cli.AftmCli"),
        environment);
  }

  private static List<String> command(Path dataDir, Map<String, String> config) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "org.aftm.app.cli.AftmCli",
                "console",
                "--data-dir",
                dataDir.toString()));
    config.forEach(
        (key, value) -> {
          command.add("-c");
          command.add(key + "=" + value);
        });
    return command;
  }

  private static String shellQuoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static ConsoleProcess launch(List<String> command, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
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
    return new ConsoleProcess(builder.start());
  }

  /** Types lines (each followed by Enter). */
  ConsoleProcess type(String... lines) throws IOException {
    for (String line : lines) {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    stdin.flush();
    children();
    return this;
  }

  /** Types raw bytes, as keys (escape sequences, backspace) arrive from a terminal. */
  ConsoleProcess keys(String keys) throws IOException {
    stdin.write(keys.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    return this;
  }

  /** Closes its standard input: end of input, as Ctrl-D on an empty line. */
  void endInput() throws IOException {
    stdin.close();
  }

  /** Everything it printed so far. */
  String output() {
    return output.toString();
  }

  /** Waits until its output contains {@code text} {@code times} times. */
  ConsoleProcess awaitOutput(String text, int times, Duration within) {
    await("console output contains " + times + " x '" + text + "'")
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> count(output(), text) >= times || !process.isAlive());
    children();
    assertThat(count(output(), text))
        .as("console output:%n%s", output())
        .isGreaterThanOrEqualTo(times);
    return this;
  }

  /**
   * Waits until its output contains {@code text}, counted from the start; generous, since a start
   * all launches two JVMs and a busy machine (other builds alongside) slows that down.
   */
  ConsoleProcess awaitOutputOnce(String text) {
    return awaitOutput(text, 1, Duration.ofSeconds(120));
  }

  static int count(String haystack, String needle) {
    int count = 0;
    for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }

  /** Waits for it to exit and returns its exit code. */
  int awaitExit(Duration within) throws InterruptedException {
    assertThat(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS))
        .as("console exited; output:%n%s", output())
        .isTrue();
    return process.exitValue();
  }

  /** Its child processes now (remembered for the clean-up). */
  List<ProcessHandle> children() {
    List<ProcessHandle> children = process.descendants().toList();
    for (ProcessHandle child : children) {
      if (seenChildren.stream().noneMatch(c -> c.pid() == child.pid())) {
        seenChildren.add(child);
      }
    }
    return children;
  }

  /** Every descendant it was seen with. */
  List<ProcessHandle> seenChildren() {
    return List.copyOf(seenChildren);
  }

  @Override
  public void close() throws InterruptedException {
    children();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    seenChildren.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    await("children of aftm console gone")
        .atMost(Duration.ofSeconds(30))
        .until(() -> seenChildren.stream().allMatch(AftmRunProcess::exited));
  }
}
