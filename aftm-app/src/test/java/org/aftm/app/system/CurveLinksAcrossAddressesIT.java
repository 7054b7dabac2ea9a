package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildRole;
import org.aftm.app.process.FullCommandLine;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three processes trading over CURVE with the main process's links and the order executor's
 * signal link on addresses of their own, beyond plain loopback where the machine has such an
 * address: what running the children on another host needs of the links. And {@code
 * AFTM_LINK_SECURITY=none} with such an address is refused before anything starts.
 */
@Timeout(180)
class CurveLinksAcrossAddressesIT {

  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void childrenTradeOverCurveWithTheMainAndSignalLinksOnTheirOwnAddresses() throws Exception {
    String mainHost = interfaceAddress().orElse("127.0.0.2");
    String signalHost = "127.0.0.3";
    system =
        new RunningSystem(
            dataDir,
            Map.of(
                ConfigKey.ZMQ_HOST, mainHost,
                ConfigKey.DLL_GATEWAY_HOST, mainHost,
                ConfigKey.AFTM_SIGNAL_HOST, signalHost));

    assertThat(system.config.linkSecurity().text()).isEqualTo("curve");
    assertThat(system.main.gatewayEndpoint()).startsWith("tcp://" + mainHost + ":");
    assertThat(system.main.tickEndpoint()).startsWith("tcp://" + mainHost + ":");
    assertThat(system.main.childReport(ChildRole.ORDER_EXECUTOR).orElseThrow().facts())
        .hasEntrySatisfying(
            "signal_endpoint", e -> assertThat(e).startsWith("tcp://" + signalHost + ":"));

    ConditionSnapshot condition = system.register(RunningSystem.referenceBuy(1));
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    system.awaitFills(1);
    system.awaitState(condition.id(), ConditionState.ENTERED);
    // Nothing of the keys is on a child's command line or in the logs.
    String orderIdSecret =
        java.util.HexFormat.of()
            .formatHex(Files.readAllBytes(dataDir.resolve("keys").resolve("order-id.secret")));
    String orderIdSecretBase64 =
        java.util.Base64.getEncoder()
            .withoutPadding()
            .encodeToString(Files.readAllBytes(dataDir.resolve("keys").resolve("order-id.secret")));
    assertThat(logsAndCommandLines())
        .doesNotContain(
            secretOf("strategy"),
            secretOf("main"),
            secretOf("order-executor"),
            secretOf("operator"),
            orderIdSecret,
            orderIdSecretBase64);
  }

  @Test
  void plainLinksOnANonLoopbackAddressAreRefusedAtStartInOneLine() {
    String host = interfaceAddress().orElse("192.0.2.10");
    StringWriter err = new StringWriter();
    int exit =
        AftmCli.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "run",
            "--data-dir",
            dataDir.toString(),
            "-c",
            "AFTM_LINK_SECURITY=none",
            "-c",
            "ZMQ_HOST=" + host);

    assertThat(exit).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(err.toString().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("ZMQ_HOST: " + host + " is not a loopback address")
                    .contains("AFTM_LINK_SECURITY=curve"));
    assertThat(dataDir.resolve("keys")).as("nothing started").doesNotExist();
  }

  /** An IPv4 address of an interface of this machine that is up and not loopback, if any. */
  private static Optional<String> interfaceAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
            return Optional.of(address.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // no interface list: fall back to loopback addresses of their own
    }
    return Optional.empty();
  }

  private String secretOf(String party) {
    try {
      return Files.readAllLines(dataDir.resolve("keys").resolve(party + ".key")).stream()
          .filter(l -> l.startsWith("secret "))
          .findFirst()
          .orElseThrow()
          .substring("secret ".length());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String logsAndCommandLines() {
    StringBuilder all = new StringBuilder();
    system
        .main
        .supervisor()
        .status()
        .values()
        .forEach(
            child ->
                ProcessHandle.of(child.pid()).ifPresent(p -> all.append(FullCommandLine.of(p))));
    try (var files = Files.walk(system.config.logDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return all.toString();
  }
}
