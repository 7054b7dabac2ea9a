package org.aftm.app.config;

import java.util.Locale;

/** How the ZeroMQ links between the processes and to the gateway's clients are secured. */
public enum LinkSecurityMode implements ConfigChoice {
  /** CURVE encryption and key authentication on every link; hosts may be beyond loopback. */
  CURVE,
  /** Plain ZeroMQ, for loopback only (e.g. a client without CURVE support). */
  NONE;

  @Override
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
