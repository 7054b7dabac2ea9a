package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm demo} with an address it cannot listen on, or a host that does not resolve: one line
 * on stderr naming the keys, the address and the reason, no stack trace, exit code 2.
 */
@ExtendWith(RestoresLogging.class)
class AddressErrorsCliTest {

  @TempDir Path dataDir;

  @Test
  void aGatewayPortInUseIsOneLineAndExit2() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      Run run = demo("DLL_GATEWAY_HOST=127.0.0.1", "DLL_GATEWAY_PORT=" + port);

      assertOneLineExit2(run);
      assertThat(run.err())
          .startsWith(
              "aftm demo: cannot listen on tcp://127.0.0.1:" + port + " for the order gateway")
          .contains("(DLL_GATEWAY_HOST, DLL_GATEWAY_PORT)", "the port is in use");
    }
  }

  @Test
  void aStatusHttpPortInUseIsOneLineAndExit2() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      Run run = demo("AFTM_HTTP_PORT=" + port);

      assertOneLineExit2(run);
      assertThat(run.err())
          .contains(
              "http://127.0.0.1:" + port, "(AFTM_HTTP_HOST, AFTM_HTTP_PORT)", "the port is in use");
    }
  }

  @Test
  void anIpv6LoopbackPortInUseIsOneLineAndExit2() throws IOException {
    assumeTrue(Ipv6Loopback.available(), "this machine has no IPv6 loopback");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      int port = taken.getLocalPort();

      Run run = demo("ZMQ_HOST=::1", "DLL_GATEWAY_HOST=::1", "DLL_GATEWAY_PORT=" + port);

      assertOneLineExit2(run);
      assertThat(run.err())
          .contains("tcp://[::1]:" + port, "(DLL_GATEWAY_HOST, DLL_GATEWAY_PORT)", "in use");
    }
  }

  @Test
  void anUnresolvableHostIsOneLineAndExit2() {
    Run run = demo("ZMQ_HOST=no-such-host.invalid");

    assertOneLineExit2(run);
    assertThat(run.err())
        .isEqualTo(
            "aftm: invalid configuration: ZMQ_HOST: unknown host \"no-such-host.invalid\""
                + " (not resolvable on this machine)");
  }

  private static void assertOneLineExit2(Run run) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception", "\tat ", "at org.");
  }

  /** {@code aftm demo} with free ports (except those given) and no status HTTP unless given. */
  private Run demo(String... config) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "demo",
                "--duration",
                "1",
                "--fixed-ports",
                "--data-dir",
                dataDir.toString(),
                "-c",
                "ZMQ_TICK_PORT=0",
                "-c",
                "ZMQ_SIGNAL_PORT=0",
                "-c",
                "AFTM_ORDER_EVENT_PORT=0",
                "-c",
                "DLL_GATEWAY_PORT=0",
                "-c",
                "AFTM_HTTP_PORT=-1"));
    for (String value : config) {
      args.add("-c");
      args.add(value);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        AftmCli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString().strip());
  }

  private record Run(int exitCode, String out, String err) {}
}
