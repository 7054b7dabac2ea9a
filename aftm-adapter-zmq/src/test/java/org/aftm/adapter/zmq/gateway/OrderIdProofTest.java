package org.aftm.adapter.zmq.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderIdProofTest {

  /**
   * HMAC-SHA256("aftm-1-exit") under the secret 00 01 02 ... 1f, first 16 bytes, computed outside
   * Java (Python's hmac module).
   */
  private static final String KNOWN_PROOF = "a28a117641b1aa9b1721e2116d937ce6";

  private final OrderIdProof proof = new OrderIdProof(TestOrderIds.secret());

  @Test
  void theProofIsTheTruncatedHmacSha256OfTheIdAsLowerCaseHex() {
    assertThat(proof.proofOf("aftm-1-exit")).isEqualTo(KNOWN_PROOF);
    assertThat(proof.proofOf("aftm-1-entry")).isEqualTo("caf3b6f66e07dcf2e25b22bb3298fef5");
    assertThat(proof.proofOf("aftm-1-exit"))
        .as("the same again: no state carried over")
        .isEqualTo(KNOWN_PROOF);
  }

  @Test
  void verifiesOnlyTheProofOfThatIdUnderThatSecret() {
    assertThat(proof.verifies("aftm-1-exit", KNOWN_PROOF)).isTrue();
    assertThat(proof.verifies("aftm-1-exit", KNOWN_PROOF.toUpperCase()))
        .as("hex is read in either case")
        .isTrue();
    assertThat(proof.verifies("aftm-2-exit", KNOWN_PROOF)).isFalse();
    assertThat(proof.verifies("aftm-1-exit-2", KNOWN_PROOF)).isFalse();
    assertThat(new OrderIdProof(secret(1)).verifies("aftm-1-exit", KNOWN_PROOF))
        .as("another install's secret")
        .isFalse();
  }

  @Test
  void refusesAProofOfTheWrongLengthOrNotHexOrMissing() {
    assertThat(proof.verifies("aftm-1-exit", KNOWN_PROOF.substring(2))).isFalse();
    assertThat(proof.verifies("aftm-1-exit", KNOWN_PROOF + "00")).isFalse();
    assertThat(proof.verifies("aftm-1-exit", "")).isFalse();
    assertThat(proof.verifies("aftm-1-exit", "zz" + KNOWN_PROOF.substring(2))).isFalse();
    assertThat(proof.verifies("aftm-1-exit", null)).isFalse();
    assertThat(proof.verifies(null, KNOWN_PROOF)).isFalse();
    assertThat(proof.verifies("aftm-1-exit", KNOWN_PROOF))
        .as("still works after refusals")
        .isTrue();
  }

  @Test
  void refusesASecretShorterThan32BytesAndCopiesTheSecret() {
    assertThatThrownBy(() -> new OrderIdProof(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> new OrderIdProof(null)).isInstanceOf(IllegalArgumentException.class);
    byte[] wiped = secret(0);
    OrderIdProof copied = new OrderIdProof(wiped);
    Arrays.fill(wiped, (byte) 0);
    assertThat(copied.proofOf("aftm-1-exit")).isEqualTo(KNOWN_PROOF);
  }

  private static byte[] secret(int first) {
    byte[] secret = new byte[32];
    IntStream.range(0, 32).forEach(i -> secret[i] = (byte) (first + i));
    return secret;
  }
}
