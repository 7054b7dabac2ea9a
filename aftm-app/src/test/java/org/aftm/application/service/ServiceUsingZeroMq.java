package org.aftm.application.service;

import org.zeromq.ZContext;

/**
 * A deliberate violation for {@link org.aftm.app.ArchitectureRulesBiteTest}: an application service
 * that uses a socket library. Test code only; never imported by {@link
 * org.aftm.app.ArchitectureTest}.
 */
public final class ServiceUsingZeroMq {

  private ServiceUsingZeroMq() {}

  public static boolean isClosed(ZContext context) {
    return context.isClosed();
  }
}
