package org.aftm.adapter.zmq.link;

/** Socket settings every AFTM link shares. */
public final class LinkSettings {

  /**
   * A connection whose ZMTP handshake stalls is dropped and retried after this many milliseconds
   * instead of ZeroMQ's default 30 s: on these machines a first handshake on loopback was seen to
   * stall now and then, and 30 s of stalled signals would all be stale.
   */
  public static final int HANDSHAKE_MILLIS = 2_000;

  private LinkSettings() {}
}
