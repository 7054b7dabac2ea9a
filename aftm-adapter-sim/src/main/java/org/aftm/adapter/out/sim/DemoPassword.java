package org.aftm.adapter.out.sim;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The password the simulated broker's demo login accepts, kept only as a salted digest: {@code
 * SHA-256(salt || SHA-256(UTF-8 password))}. The broker never holds the password itself, so a heap
 * dump of a running main process does not show it. The inner digest is what an operator may
 * configure instead of the password ({@code sha256:<hex>}), so the simulator can be set up without
 * the plain password in any environment or file.
 *
 * <p>The salt is random per JVM: equal passwords give equal values within one process (settings
 * compare equal), and the stored digest is not the one found in the configuration.
 *
 * <p>Immutable and thread-safe.
 */
public final class DemoPassword {

  /** The prefix of a configured digest: {@code sha256:} and 64 hex digits. */
  public static final String SHA256_PREFIX = "sha256:";

  private static final byte[] SALT = new byte[16];

  /** SHA-256's block size. */
  private static final byte[] ZERO_BLOCK = new byte[64];

  static {
    new SecureRandom().nextBytes(SALT);
  }

  private final byte[] salted;

  private DemoPassword(byte[] salted) {
    this.salted = salted;
  }

  /** From the password itself; reads {@code password}, keeps no copy (the caller clears it). */
  public static DemoPassword of(char[] password) {
    Objects.requireNonNull(password, "password");
    if (password.length == 0) {
      throw new IllegalArgumentException("demo password is empty");
    }
    byte[] inner = sha256OfUtf8(password);
    try {
      return new DemoPassword(salt(inner));
    } finally {
      Arrays.fill(inner, (byte) 0);
    }
  }

  /**
   * From {@code sha256:<64 hex digits>}, the SHA-256 of the password's UTF-8 bytes (as {@code
   * printf %s "$password" | sha256sum} prints it).
   *
   * @throws IllegalArgumentException naming the expected form when {@code configured} is not one
   */
  public static DemoPassword ofSha256(String configured) {
    Objects.requireNonNull(configured, "configured");
    String hex = configured.startsWith(SHA256_PREFIX) ? configured.substring(7) : configured;
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(
          "a demo password digest must be sha256: and 64 hex digits");
    }
    byte[] inner = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    try {
      return new DemoPassword(salt(inner));
    } finally {
      Arrays.fill(inner, (byte) 0);
    }
  }

  /** Whether {@code configured} is the digest form, {@code sha256:...}, rather than a password. */
  public static boolean isDigest(String configured) {
    return configured != null && configured.startsWith(SHA256_PREFIX);
  }

  /**
   * Whether {@code given} is the password, in time independent of where it differs ({@link
   * MessageDigest#isEqual}). Reads {@code given}, keeps no copy.
   */
  public boolean matches(char[] given) {
    if (given == null || given.length == 0) {
      return false;
    }
    byte[] inner = sha256OfUtf8(given);
    byte[] candidate = salt(inner);
    try {
      return MessageDigest.isEqual(salted, candidate);
    } finally {
      Arrays.fill(inner, (byte) 0);
      Arrays.fill(candidate, (byte) 0);
    }
  }

  private static byte[] salt(byte[] inner) {
    MessageDigest sha = sha256();
    sha.update(SALT);
    sha.update(inner);
    return digestAndWipe(sha);
  }

  /**
   * The digest, and then a block of zeros through the digest's own buffer: the JDK's SHA-256 keeps
   * the last block of its input (here: the password's bytes) in an internal buffer and message
   * schedule after {@code digest()}, where a heap dump finds them. Fed one byte and then the rest,
   * so that the zeros go through that buffer rather than straight from the array.
   */
  private static byte[] digestAndWipe(MessageDigest sha) {
    byte[] digest = sha.digest();
    sha.update(ZERO_BLOCK, 0, 1);
    sha.update(ZERO_BLOCK, 1, ZERO_BLOCK.length - 1);
    sha.reset();
    return digest;
  }

  /** Encodes into a buffer that is wiped afterwards: no String, no lingering bytes. */
  private static byte[] sha256OfUtf8(char[] password) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    byte[] bytes = new byte[(int) Math.ceil(password.length * (double) encoder.maxBytesPerChar())];
    ByteBuffer out = ByteBuffer.wrap(bytes);
    try {
      encoder.encode(CharBuffer.wrap(password), out, true);
      encoder.flush(out);
      MessageDigest sha = sha256();
      sha.update(bytes, 0, out.position());
      return digestAndWipe(sha);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DemoPassword that && MessageDigest.isEqual(salted, that.salted);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(salted);
  }

  /** Never shows the password or its digest. */
  @Override
  public String toString() {
    return "DemoPassword[***]";
  }
}
