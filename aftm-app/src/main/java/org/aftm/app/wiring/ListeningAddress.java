package org.aftm.app.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.UnusableAddressException;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * One configured address a process listens on, and what to tell the operator when it cannot: a bind
 * error becomes an {@link UnusableAddressException} whose one line names the configuration keys,
 * the address and the reason (the port in use, or an address not of this machine), never a stack
 * trace. Stateless apart from its description; used on the starting thread.
 *
 * @param what what listens there, e.g. "the order gateway"
 * @param hostKey the key of the host
 * @param portKey the key of the port, or null for a port picked by the system
 * @param host the numeric address
 * @param shown the address as the operator sees it, e.g. {@code tcp://127.0.0.1:5557}
 */
record ListeningAddress(
    String what, ConfigKey hostKey, ConfigKey portKey, String host, String shown) {

  /** Something that binds and may fail as ZeroMQ or the JDK do. */
  interface Bind<T> {
    T bind() throws IOException;
  }

  /** Binds, turning a bind failure into a one-line {@link UnusableAddressException}. */
  <T> T bind(Bind<T> binder) throws IOException {
    try {
      return binder.bind();
    } catch (ZMQException | BindException | UncheckedIOException e) {
      throw new UnusableAddressException(
          "cannot listen on " + shown + " for " + what + " (" + keys() + "): " + reason(e), e);
    }
  }

  /** As {@link #bind}, for a binder that throws no checked exception. */
  <T> T bindUnchecked(Bind<T> binder) {
    try {
      return bind(binder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String keys() {
    return portKey == null ? hostKey.name() : hostKey + ", " + portKey;
  }

  private String reason(Exception e) {
    if (!isOfThisMachine(host)) {
      return host + " is not an address of this machine";
    }
    if (inUse(e)) {
      return "the port is in use (another aftm on the same ports, or another program)";
    }
    return String.valueOf(e.getMessage());
  }

  private static boolean inUse(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ZMQException zmq && zmq.getErrorCode() == ZError.EADDRINUSE) {
        return true;
      }
      if (cause instanceof BindException bind
          && String.valueOf(bind.getMessage()).contains("in use")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a network interface here has the address (IPv4 loopback always counts: all of
   * 127.0.0.0/8 is this machine's). JeroMQ reports "address in use" for both causes, so this tells
   * them apart.
   */
  static boolean isOfThisMachine(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      if (address.isAnyLocalAddress()
          || (address.isLoopbackAddress() && address.getAddress().length == 4)) {
        return true;
      }
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (UnknownHostException | SocketException e) {
      // Cannot tell: say nothing rather than something wrong.
      return true;
    }
  }
}
