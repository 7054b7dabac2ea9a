package org.aftm.adapter.in.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The bearer token that the operator's controls require ({@code Authorization: Bearer <token>}): a
 * per-install secret that only the data directory's owner can read, so a local process of another
 * user cannot halt, flatten or accept the broker's positions.
 *
 * <p>Only the token's SHA-256 digest is kept, and a presented token is compared digest to digest
 * with {@link MessageDigest#isEqual}, so the time taken says nothing about how much of it matched
 * nor how long the real token is. Immutable; safe from any thread.
 */
final class ControlToken {

  private static final String SCHEME = "Bearer";

  private final byte[] digest;

  ControlToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the control token is blank");
    }
    this.digest = sha256(token);
  }

  /**
   * Why the {@code Authorization} header does not carry this token, or empty when it does. The
   * reason never repeats what was sent.
   *
   * @param authorization the header's value, {@code null} when absent
   */
  Optional<String> refusal(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Optional.of(
          "the Authorization header is missing; send 'Authorization: Bearer <token>'"
              + " with the token from keys/http.token in the data directory");
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0
        || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")
        || value.substring(space + 1).isBlank()) {
      return Optional.of(
          "the Authorization header must be 'Bearer <token>' with the token from keys/http.token"
              + " in the data directory");
    }
    byte[] presented = sha256(value.substring(space + 1).strip());
    if (!MessageDigest.isEqual(digest, presented)) {
      return Optional.of(
          "the bearer token is not the one in keys/http.token of the data directory");
    }
    return Optional.empty();
  }

  /** The value of the {@code WWW-Authenticate} header of a refusal. */
  static String challenge() {
    return SCHEME + " realm=\"aftm\"";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ControlToken[redacted]";
  }
}
