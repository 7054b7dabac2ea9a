package org.aftm.adapter.zmq.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 encoding of the length-prefixed text fields, with an allocation-free ASCII path. */
final class WireText {

  private WireText() {}

  /**
   * Writes a one-byte length and the UTF-8 bytes of {@code text}.
   *
   * @throws IllegalArgumentException when the text is empty, not encodable (a lone surrogate) or
   *     longer than {@code maxBytes} in UTF-8
   */
  static void write(ByteBuffer target, String field, String text, int maxBytes) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (isAscii(text)) {
      checkLength(field, text.length(), maxBytes);
      target.put((byte) text.length());
      for (int i = 0; i < text.length(); i++) {
        target.put((byte) text.charAt(i));
      }
      return;
    }
    byte[] bytes = utf8(field, text);
    checkLength(field, bytes.length, maxBytes);
    target.put((byte) bytes.length);
    target.put(bytes);
  }

  /**
   * Writes a one-byte length and the UTF-8 bytes of {@code text}, which may be empty; text longer
   * than {@code maxBytes} in UTF-8 is cut at the last whole character that fits, so free text (a
   * reason, an error code) never stops a message from being sent.
   *
   * @throws IllegalArgumentException when the text is not encodable (a lone surrogate)
   */
  static void writeTruncated(ByteBuffer target, String field, String text, int maxBytes) {
    if (maxBytes > 255) {
      throw new IllegalArgumentException("a one-byte length cannot hold " + maxBytes);
    }
    if (isAscii(text)) {
      int length = Math.min(text.length(), maxBytes);
      target.put((byte) length);
      for (int i = 0; i < length; i++) {
        target.put((byte) text.charAt(i));
      }
      return;
    }
    byte[] bytes = utf8(field, text);
    int length = bytes.length;
    if (length > maxBytes) {
      length = maxBytes;
      // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
      while (length > 0 && (bytes[length] & 0xC0) == 0x80) {
        length--;
      }
    }
    target.put((byte) length);
    target.put(bytes, 0, length);
  }

  /** The length prefix and UTF-8 bytes of {@code text}, as {@link #write} would put them. */
  static byte[] prefixed(String field, String text, int maxBytes) {
    ByteBuffer buffer = ByteBuffer.allocate(1 + maxBytes);
    write(buffer, field, text, maxBytes);
    byte[] bytes = new byte[buffer.position()];
    buffer.flip().get(bytes);
    return bytes;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static byte[] utf8(String field, String text) {
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(field + " is not encodable as UTF-8 (lone surrogate?)", e);
    }
  }

  private static void checkLength(String field, int length, int maxBytes) {
    if (length > maxBytes) {
      throw new IllegalArgumentException(
          field + " is " + length + " bytes in UTF-8, the limit is " + maxBytes);
    }
  }
}
