package org.aftm.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.aftm.application.text.UntrustedText;

/**
 * A host from the configuration, as every socket uses it: an IPv4 or IPv6 literal ({@code ::1} and
 * {@code [::1]} alike), or a name resolved once, here, to the address the JDK prefers (IPv4 first),
 * so that all sockets, and the children that read the same configuration, agree on one address.
 * Immutable.
 *
 * @param address the numeric address, without brackets: {@code 127.0.0.1}, {@code ::1}
 * @param loopback whether it is a loopback address
 */
public record ConfigHost(String address, boolean loopback) {

  /**
   * Parses and resolves a configured host.
   *
   * @throws IllegalArgumentException with a one-line reason naming the value (not the key) when it
   *     is empty, malformed or names no host
   */
  public static ConfigHost parse(String text) {
    String host = text == null ? "" : text.strip();
    if (host.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    String bare = bracketed ? host.substring(1, host.length() - 1) : host;
    if (bracketed && !bare.contains(":")) {
      throw new IllegalArgumentException(
          UntrustedText.quote(host, 80) + ": brackets are only for an IPv6 address such as [::1]");
    }
    if (bare.isEmpty()
        || bare.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '[' || c == ']')) {
      throw new IllegalArgumentException(
          UntrustedText.quote(host, 80) + " is not a host name or address");
    }
    InetAddress resolved;
    try {
      // A literal is parsed without a lookup; a name is looked up once.
      resolved = InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "unknown host " + UntrustedText.quote(host, 80) + " (not resolvable on this machine)");
    }
    // An IPv6 literal as written (::1, not 0:0:0:0:0:0:0:1); anything else as resolved.
    String address = isIpv6(bare) ? bare.toLowerCase(Locale.ROOT) : resolved.getHostAddress();
    return new ConfigHost(address, resolved.isLoopbackAddress());
  }

  /** Whether it is an IPv6 address: ZeroMQ sockets must then have IPv6 on. */
  public boolean ipv6() {
    return isIpv6(address);
  }

  /** {@code tcp://address:port}, with an IPv6 address in brackets; port 0 is {@code *} (any). */
  public String tcpEndpoint(int port) {
    return tcpEndpoint(address, port);
  }

  /** As {@link #tcpEndpoint(int)} for an address given as text. */
  public static String tcpEndpoint(String address, int port) {
    return "tcp://" + urlHost(address) + ":" + (port == 0 ? "*" : Integer.toString(port));
  }

  /** The address as a URL's host: an IPv6 address in brackets. */
  public static String urlHost(String address) {
    return isIpv6(address) && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  private static boolean isIpv6(String address) {
    return address.indexOf(':') >= 0;
  }

  @Override
  public String toString() {
    return address;
  }
}
