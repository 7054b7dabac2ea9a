package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every port the main process listens on, taken by another program before the real {@code aftm
 * demo} starts in its own JVM: one line on stderr naming the port and the keys that set it, exit
 * code 2, no stack trace, and no process left behind. (The children's telemetry listens on a port
 * the system picks, so it cannot be taken; {@code aftm fix-venue}'s port is covered by {@link
 * FixVenueCommandIT}.)
 */
@Timeout(120)
class PortInUseIT {

  @TempDir Path dataDir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ZMQ_TICK_PORT, ZMQ_HOST, tcp://127.0.0.1:",
    "AFTM_ORDER_EVENT_PORT, ZMQ_HOST, tcp://127.0.0.1:",
    "DLL_GATEWAY_PORT, DLL_GATEWAY_HOST, tcp://127.0.0.1:",
    "ZMQ_SIGNAL_PORT, AFTM_SIGNAL_HOST, tcp://127.0.0.1:",
    "AFTM_HTTP_PORT, AFTM_HTTP_HOST, http://127.0.0.1:"
  })
  void aPortInUseIsOneLineNamingItsKeyAndExit2(String portKey, String hostKey, String scheme)
      throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.aftm.app.cli.AftmCli",
                  "demo",
                  "--duration",
                  "1",
                  "--fixed-ports",
                  "--data-dir",
                  dataDir.toString()));
      for (String key :
          List.of(
              "ZMQ_TICK_PORT",
              "AFTM_ORDER_EVENT_PORT",
              "DLL_GATEWAY_PORT",
              "ZMQ_SIGNAL_PORT",
              "AFTM_HTTP_PORT")) {
        command.add("-c");
        command.add(
            key + "=" + (key.equals(portKey) ? port : key.equals("AFTM_HTTP_PORT") ? -1 : 0));
      }
      Process demo =
          new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        String err =
            new String(demo.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo exited").isTrue();

        assertThat(demo.exitValue()).as(err).isEqualTo(AftmCli.EXIT_BAD_INPUT);
        assertThat(err.lines()).as(err).hasSize(1);
        assertThat(err)
            .startsWith("aftm demo: cannot listen on " + scheme + port + " for ")
            .contains("(" + hostKey + ", " + portKey + ")", "the port is in use")
            .doesNotContain("Exception", "\tat ");
        assertThat(demo.descendants().filter(ProcessHandle::isAlive)).as("children left").isEmpty();
      } finally {
        demo.destroyForcibly();
        demo.descendants().forEach(ProcessHandle::destroyForcibly);
      }
    }
  }
}
