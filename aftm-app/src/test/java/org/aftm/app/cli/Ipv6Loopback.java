package org.aftm.app.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Whether this machine can listen on {@code ::1}: tests of IPv6 loopback are skipped without. */
final class Ipv6Loopback {

  private Ipv6Loopback() {}

  static boolean available() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
