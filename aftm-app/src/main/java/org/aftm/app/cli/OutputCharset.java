package org.aftm.app.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * The operator's output in the console's charset: a character the console cannot encode (a cp950 or
 * US-ASCII console and {@code →} or {@code µ}) is written as its ASCII stand-in ({@code ->}, {@code
 * u}) instead of the {@code ?} the encoder would print; any other one as {@code ?}.
 *
 * <p>The console's charset is, first that found: {@code stdout.encoding} (set by the JDK from 19
 * on), {@code sun.stdout.encoding} (a Windows console, JDK 17), the console's own charset when
 * there is one, {@code native.encoding}, then the default charset.
 */
final class OutputCharset {

  /** ASCII stand-ins for the non-ASCII characters AFTM's own texts use. */
  private static final Map<Character, String> STAND_INS =
      Map.of(
          '→', "->",
          '←', "<-",
          'µ', "u",
          '×', "x",
          '–', "-",
          '—', "-",
          '±', "+/-",
          '…', "...");

  private OutputCharset() {}

  /** The charset the console decodes standard output with, as described above. */
  static Charset console() {
    for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
      Charset charset = named(System.getProperty(property));
      if (charset != null) {
        return charset;
      }
    }
    if (System.console() != null) {
      return System.console().charset();
    }
    Charset nativeCharset = named(System.getProperty("native.encoding"));
    return nativeCharset != null ? nativeCharset : Charset.defaultCharset();
  }

  /** A writer on {@code out} in {@code charset} that writes stand-ins for what it cannot encode. */
  static PrintWriter writer(OutputStream out, Charset charset) {
    return new PrintWriter(fallback(new OutputStreamWriter(out, charset), charset), true);
  }

  /** Standard output or error as {@link #writer} makes it, in the console's charset. */
  static PrintWriter writer(PrintStream stream) {
    return writer(stream, console());
  }

  /** {@code text} with what {@code charset} cannot encode replaced as {@link #writer} does. */
  static String fit(String text, Charset charset) {
    CharsetEncoder encoder = charset.newEncoder();
    if (encoder.canEncode(text)) {
      return text;
    }
    StringBuilder fitted = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
        String pair = text.substring(i, i + 2);
        fitted.append(encoder.canEncode(pair) ? pair : "?");
        i++;
      } else if (encoder.canEncode(c)) {
        fitted.append(c);
      } else {
        fitted.append(STAND_INS.getOrDefault(c, "?"));
      }
    }
    return fitted.toString();
  }

  private static Writer fallback(Writer out, Charset charset) {
    return new FilterWriter(out) {
      @Override
      public void write(int c) throws IOException {
        write(String.valueOf((char) c));
      }

      @Override
      public void write(char[] buffer, int offset, int length) throws IOException {
        write(new String(buffer, offset, length));
      }

      @Override
      public void write(String text, int offset, int length) throws IOException {
        out.write(fit(text.substring(offset, offset + length), charset));
      }
    };
  }

  private static Charset named(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      return Charset.forName(name.strip());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }
}
