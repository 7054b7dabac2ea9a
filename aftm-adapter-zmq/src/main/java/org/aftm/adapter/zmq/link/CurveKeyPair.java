package org.aftm.adapter.zmq.link;

import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * A CURVE key pair, both keys in Z85 (40 characters each). The secret key never appears in {@link
 * #toString()}, so a pair logged by mistake shows only its public key.
 *
 * @param publicKey the public key in Z85
 * @param secretKey the secret key in Z85
 */
public record CurveKeyPair(String publicKey, String secretKey) {

  /** Length of a 32-byte CURVE key in Z85. */
  public static final int Z85_LENGTH = 40;

  private static final String Z85_ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

  public CurveKeyPair {
    requireKey(publicKey, "public key");
    requireKey(secretKey, "secret key");
  }

  /** A fresh pair from JeroMQ's key generator. */
  public static CurveKeyPair generate() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeyPair(pair.publicKey, pair.secretKey);
  }

  /**
   * Checks that {@code key} is a 32-byte key in Z85.
   *
   * @return the key, unchanged
   * @throws IllegalArgumentException naming {@code what} when it is not
   */
  public static String requireKey(String key, String what) {
    Objects.requireNonNull(key, what);
    if (key.length() != Z85_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be " + Z85_LENGTH + " Z85 characters but has " + key.length());
    }
    for (int i = 0; i < key.length(); i++) {
      if (Z85_ALPHABET.indexOf(key.charAt(i)) < 0) {
        // JeroMQ's decoder does not check its input: a stray character would give a wrong key.
        throw new IllegalArgumentException(what + " is not valid Z85");
      }
    }
    return key;
  }

  /** The 32 bytes of a key checked by {@link #requireKey}. */
  static byte[] decode(String key) {
    return ZMQ.Curve.z85Decode(key);
  }

  @Override
  public String toString() {
    return "CurveKeyPair[publicKey=" + publicKey + ", secretKey=<hidden>]";
  }
}
