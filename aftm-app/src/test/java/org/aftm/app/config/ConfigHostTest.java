package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hosts in the configuration: IPv4 and IPv6 literals, names, and one line for a bad one. */
class ConfigHostTest {

  @Test
  void ipv6LoopbackIsAcceptedWithOrWithoutBracketsAndBracketedInEndpoints() {
    for (String text : new String[] {"::1", "[::1]", " ::1 "}) {
      ConfigHost host = ConfigHost.parse(text);

      assertThat(host.address()).isEqualTo("::1");
      assertThat(host.loopback()).isTrue();
      assertThat(host.ipv6()).isTrue();
      assertThat(host.tcpEndpoint(5555)).isEqualTo("tcp://[::1]:5555");
      assertThat(host.tcpEndpoint(0)).isEqualTo("tcp://[::1]:*");
    }
  }

  @Test
  void ipv4StaysAsWritten() {
    ConfigHost host = ConfigHost.parse("127.0.0.1");

    assertThat(host.address()).isEqualTo("127.0.0.1");
    assertThat(host.ipv6()).isFalse();
    assertThat(host.tcpEndpoint(5557)).isEqualTo("tcp://127.0.0.1:5557");
  }

  @Test
  void aNameIsResolvedOnceToTheAddressEverySocketUses() {
    ConfigHost host = ConfigHost.parse("localhost");

    assertThat(host.loopback()).isTrue();
    assertThat(host.address()).isIn("127.0.0.1", "::1", "0:0:0:0:0:0:0:1");
  }

  @Test
  void badHostsAreOneLineNamingTheValue() {
    assertThatThrownBy(() -> ConfigHost.parse("no-such-host.invalid"))
        .hasMessage("unknown host \"no-such-host.invalid\" (not resolvable on this machine)");
    assertThatThrownBy(() -> ConfigHost.parse("[127.0.0.1]"))
        .hasMessageContaining("brackets are only for an IPv6 address");
    assertThatThrownBy(() -> ConfigHost.parse("tcp://127.0.0.1"))
        .hasMessage("\"tcp://127.0.0.1\" is not a host name or address");
    assertThatThrownBy(() -> ConfigHost.parse("a\nb"))
        .hasMessage("\"a\\nb\" is not a host name or address");
    assertThatThrownBy(() -> ConfigHost.parse(" ")).hasMessage("must not be empty");
  }

  @Test
  void theConfigurationUsesIpv6LoopbackForEverySocket() {
    AftmConfig config =
        ConfigSources.load(
            Map.of(
                "ZMQ_HOST", "::1",
                "DLL_GATEWAY_HOST", "[::1]",
                "AFTM_HTTP_HOST", "::1",
                "ZMQ_TICK_PORT", "5555",
                "DLL_GATEWAY_PORT", "5557"),
            Map.of(),
            null);

    assertThat(config.tickBindAddress()).isEqualTo("tcp://[::1]:5555");
    assertThat(config.gatewayBindAddress()).isEqualTo("tcp://[::1]:5557");
    assertThat(config.gatewayConnectAddress()).isEqualTo("tcp://[::1]:5557");
    assertThat(config.httpHost()).isEqualTo("::1");
  }

  @Test
  void anUnknownHostInTheConfigurationNamesTheKey() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigSources.load(Map.of("ZMQ_HOST", "no-such-host.invalid"), Map.of(), null));

    assertThat(e.problems())
        .containsExactly(
            "ZMQ_HOST: unknown host \"no-such-host.invalid\" (not resolvable on this machine)");
  }
}
