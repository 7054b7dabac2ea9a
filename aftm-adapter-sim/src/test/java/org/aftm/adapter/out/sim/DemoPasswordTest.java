package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The simulated broker knows its demo password only by a salted digest. */
class DemoPasswordTest {

  @Test
  void acceptsThePasswordAndNothingElse() {
    DemoPassword password = DemoPassword.of("s3cret".toCharArray());

    assertThat(password.matches("s3cret".toCharArray())).isTrue();
    assertThat(password.matches("s3cre".toCharArray())).isFalse();
    assertThat(password.matches("s3cret!".toCharArray())).isFalse();
    assertThat(password.matches(new char[0])).isFalse();
    assertThat(password.matches(null)).isFalse();
  }

  @Test
  void theDigestFormAcceptsThePasswordItIsTheSha256Of() {
    // The digest of "s3cret", computed here as the operator's sha256sum would.
    String hex =
        java.util.HexFormat.of()
            .formatHex(sha256("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    DemoPassword password = DemoPassword.ofSha256("sha256:" + hex.toUpperCase());

    assertThat(password.matches("s3cret".toCharArray())).isTrue();
    assertThat(password.matches("other".toCharArray())).isFalse();
    assertThat(password).isEqualTo(DemoPassword.of("s3cret".toCharArray()));
    assertThat(DemoPassword.isDigest("sha256:" + hex)).isTrue();
    assertThat(DemoPassword.isDigest("s3cret")).isFalse();
  }

  @Test
  void aNonAsciiPasswordIsDigestedAsUtf8() {
    String hex =
        java.util.HexFormat.of()
            .formatHex(sha256("pässwörd€".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(DemoPassword.ofSha256("sha256:" + hex).matches("pässwörd€".toCharArray())).isTrue();
  }

  @Test
  void aMalformedDigestOrAnEmptyPasswordIsRefused() {
    assertThatThrownBy(() -> DemoPassword.ofSha256("sha256:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> DemoPassword.ofSha256("sha256:" + "x".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoPassword.of(new char[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverShowsThePasswordOrItsDigest() {
    assertThat(DemoPassword.of("s3cret".toCharArray()).toString())
        .doesNotContain("s3cret")
        .isEqualTo("DemoPassword[***]");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
