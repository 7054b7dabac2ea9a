package org.aftm.adapter.zmq.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that an order id in the project's namespace ({@code aftm-...}) comes from this install: an
 * HMAC-SHA256 of the id under the per-install secret, truncated to 128 bits and sent as hex in the
 * request's {@value GatewayJson#CLIENT_ORDER_PROOF} field. A client without the secret cannot make
 * a proof for an id that has not been used yet, so it cannot place, refuse or squat one; a proof
 * seen on the wire is good for that one id only, which is used already.
 *
 * <p>Not thread-safe: a {@link Mac} is stateful. Each thread that signs or checks owns one.
 */
public final class OrderIdProof {

  /** Bytes of the HMAC kept: 128 bits is beyond guessing for an id a client gets one try at. */
  public static final int PROOF_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final Mac mac;
  private final byte[] digest = new byte[32];

  /**
   * @param secret the per-install secret (at least 32 bytes); copied, so the caller may wipe it
   */
  public OrderIdProof(byte[] secret) {
    if (secret == null || secret.length < 32) {
      throw new IllegalArgumentException("the order-id secret must be at least 32 bytes");
    }
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }

  /**
   * The proof of {@code clientOrderId}: {@value #PROOF_BYTES} bytes as 32 lower-case hex digits.
   */
  public String proofOf(String clientOrderId) {
    return HEX.formatHex(sign(clientOrderId), 0, PROOF_BYTES);
  }

  /** Whether {@code proof} is the proof of {@code clientOrderId}; constant time in the proof. */
  public boolean verifies(String clientOrderId, String proof) {
    if (clientOrderId == null || proof == null || proof.length() != PROOF_BYTES * 2) {
      return false;
    }
    byte[] expected = Arrays.copyOf(sign(clientOrderId), PROOF_BYTES);
    byte[] given;
    try {
      given = HEX.parseHex(proof);
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private byte[] sign(String clientOrderId) {
    mac.update(clientOrderId.getBytes(StandardCharsets.UTF_8));
    try {
      mac.doFinal(digest, 0);
    } catch (javax.crypto.ShortBufferException impossible) {
      throw new IllegalStateException(impossible);
    }
    return digest;
  }
}
