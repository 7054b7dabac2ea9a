package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system on IPv6 loopback: {@code aftm demo} with every host {@code ::1} binds the
 * gateway, ticks, order events, telemetry and the status server there, and both children connect
 * and report ready. Skipped on a machine without IPv6 loopback.
 */
@ExtendWith(RestoresLogging.class)
class Ipv6LoopbackDemoIT {

  @TempDir Path dataDir;

  @Test
  void theDemoRunsWithEveryHostOnIpv6Loopback() {
    assumeTrue(Ipv6Loopback.available(), "this machine has no IPv6 loopback");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        AftmCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "demo",
            "--duration",
            "1",
            "--data-dir",
            dataDir.toString(),
            "-c",
            "ZMQ_HOST=::1",
            "-c",
            "DLL_GATEWAY_HOST=[::1]",
            "-c",
            "AFTM_HTTP_HOST=::1",
            "-c",
            "AFTM_ORDER_EVENT_PORT=0");

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .containsPattern("gateway tcp://\\[[0:]+1\\]:\\d+, ticks tcp://\\[[0:]+1\\]:\\d+")
        .contains(
            ", status http://[::1]:", "strategy pid", "Demo finished; all processes stopped.");
  }
}
