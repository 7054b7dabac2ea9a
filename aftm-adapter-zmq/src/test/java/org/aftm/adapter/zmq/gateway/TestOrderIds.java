package org.aftm.adapter.zmq.gateway;

/** The order-id secret of the tests: 00 01 02 ... 1f, never an install's. */
public final class TestOrderIds {

  private TestOrderIds() {}

  /** A fresh copy of the test secret. */
  public static byte[] secret() {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) i;
    }
    return secret;
  }

  /** A new proof under the test secret, for one thread. */
  public static OrderIdProof proof() {
    return new OrderIdProof(secret());
  }
}
