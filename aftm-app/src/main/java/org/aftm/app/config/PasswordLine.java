package org.aftm.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one password line (up to a newline or the end of the stream) without ever making a {@code
 * String} of it: the bytes go into an array, are decoded as UTF-8 into a {@code char[]}, and every
 * intermediate buffer is wiped. Used by {@code aftm run --password-stdin}.
 *
 * <p>Give it an unbuffered stream ({@code new FileInputStream(FileDescriptor.in)}, not {@code
 * System.in}): a buffering stream keeps the bytes in a buffer of its own that nothing wipes. It
 * reads byte by byte and never past the newline.
 */
public final class PasswordLine {

  /** Longer input is refused, so a file piped in by mistake is not read whole into memory. */
  static final int MAX_BYTES = 4096;

  private PasswordLine() {}

  /**
   * @return the password without its line end (a trailing {@code \r} too); the caller wipes it
   * @throws IllegalArgumentException when the line is empty, too long or not UTF-8
   * @throws IOException when the stream fails
   */
  public static char[] read(InputStream in) throws IOException {
    byte[] bytes = new byte[64];
    int length = 0;
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        if (length == MAX_BYTES) {
          throw new IllegalArgumentException(
              "the password line is longer than " + MAX_BYTES + " bytes");
        }
        if (length == bytes.length) {
          byte[] bigger = Arrays.copyOf(bytes, Math.min(bytes.length * 2, MAX_BYTES));
          Arrays.fill(bytes, (byte) 0);
          bytes = bigger;
        }
        bytes[length++] = (byte) b;
      }
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
      if (length == 0) {
        throw new IllegalArgumentException("the password line is empty");
      }
      return decode(bytes, length);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static char[] decode(byte[] bytes, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // UTF-8 never gives more chars than bytes.
    char[] chars = new char[length];
    CharBuffer out = CharBuffer.wrap(chars);
    CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      Arrays.fill(chars, '\0');
      throw new IllegalArgumentException("the password line is not UTF-8 text");
    }
    char[] password = Arrays.copyOf(chars, out.position());
    Arrays.fill(chars, '\0');
    return password;
  }
}
