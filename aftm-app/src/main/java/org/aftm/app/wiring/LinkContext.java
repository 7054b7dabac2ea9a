package org.aftm.app.wiring;

import org.zeromq.ZContext;

/**
 * The ZeroMQ context every process of AFTM opens its sockets in. IPv6 is on for all of them, so
 * that a configured {@code ::1} binds and connects like {@code 127.0.0.1}; with it on, IPv4
 * addresses work as before (JeroMQ then accepts either family).
 */
public final class LinkContext {

  private LinkContext() {}

  /** A new context, its sockets IPv6-capable; the caller closes it. */
  public static ZContext open() {
    ZContext context = new ZContext();
    context.getContext().setIPv6(true);
    return context;
  }
}
