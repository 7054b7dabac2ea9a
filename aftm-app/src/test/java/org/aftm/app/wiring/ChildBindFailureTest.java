package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.UnusableAddressException;
import org.aftm.app.security.ChildLinkKeys;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * The order executor, a child, cannot bind its signal port: one line naming the keys and the
 * address (the CLI logs it and exits 2), and nothing left open.
 */
class ChildBindFailureTest {

  @Test
  void aSignalPortInUseIsOneLineNamingTheKeys() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();

      UnusableAddressException e =
          catchThrowableOfType(
              UnusableAddressException.class,
              () ->
                  OrderExecutorProcess.start(
                      AftmConfig.defaults(),
                      ChildLinkKeys.none(new byte[32]),
                      endpoint,
                      "tcp://127.0.0.1:1",
                      "F0001",
                      "tcp://127.0.0.1:1"));

      assertThat(e.getMessage())
          .isEqualTo(
              "cannot listen on "
                  + endpoint
                  + " for the order executor's signals (AFTM_SIGNAL_HOST, ZMQ_SIGNAL_PORT): the port is"
                  + " in use (another aftm on the same ports, or another program)")
          .doesNotContain("\n");
    }
  }

  @Test
  void anAddressNotOfThisMachineIsToldApartFromAPortInUse() {
    assertThat(ListeningAddress.isOfThisMachine("127.0.0.1")).isTrue();
    assertThat(ListeningAddress.isOfThisMachine("127.0.0.2")).isTrue();
    // TEST-NET-1 (RFC 5737): never assigned to a real interface.
    assertThat(ListeningAddress.isOfThisMachine("192.0.2.1")).isFalse();

    // JeroMQ says "address in use" for an address of another machine too.
    UnusableAddressException e =
        catchThrowableOfType(
            UnusableAddressException.class,
            () ->
                new ListeningAddress(
                        "the tick publisher",
                        ConfigKey.ZMQ_HOST,
                        ConfigKey.ZMQ_TICK_PORT,
                        "192.0.2.1",
                        "tcp://192.0.2.1:5555")
                    .bind(
                        () -> {
                          throw new ZMQException("Errno 48", ZError.EADDRINUSE);
                        }));

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot listen on tcp://192.0.2.1:5555 for the tick publisher (ZMQ_HOST,"
                + " ZMQ_TICK_PORT): 192.0.2.1 is not an address of this machine");
  }
}
