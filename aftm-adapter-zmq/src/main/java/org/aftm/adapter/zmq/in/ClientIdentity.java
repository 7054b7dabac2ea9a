package org.aftm.adapter.zmq.in;

import java.util.Arrays;

/** A ZeroMQ routing identity as a map key: equal by content, hash computed once. */
final class ClientIdentity {

  /** Bytes of an identity shown in a log line; ZeroMQ's own identities are 5 bytes. */
  private static final int LOGGED_BYTES = 16;

  private final byte[] bytes;
  private final int hash;

  ClientIdentity(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClientIdentity that
        && hash == that.hash
        && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Hex of at most {@value #LOGGED_BYTES} bytes: the identity is chosen by the client. */
  @Override
  public String toString() {
    return hex(bytes);
  }

  static String hex(byte[] identity) {
    int shown = Math.min(identity.length, LOGGED_BYTES);
    StringBuilder text = new StringBuilder(shown * 2 + 3);
    for (int i = 0; i < shown; i++) {
      text.append(Character.forDigit((identity[i] >> 4) & 0xF, 16));
      text.append(Character.forDigit(identity[i] & 0xF, 16));
    }
    if (shown < identity.length) {
      text.append("...");
    }
    return text.toString();
  }
}
