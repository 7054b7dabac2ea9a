package org.aftm.application.text;

/**
 * Text that came from outside the process (a gateway client, a child's telemetry, an HTTP request)
 * made safe for one log line or one error message: quoted so a reader sees where it starts and
 * ends, with line breaks and other control or invisible characters escaped ({@code \n}, {@code \r},
 * {@code \t}, and a backslash-u with four hex digits) so it cannot forge a line, and cut at a
 * length cap so it cannot flood the log. Stateless; any thread.
 */
public final class UntrustedText {

  /** Characters of outside text kept in a log line before it is cut. */
  public static final int MAX_CHARS = 200;

  private UntrustedText() {}

  /**
   * {@code "text"} escaped and cut at {@link #MAX_CHARS}; {@code null} (unquoted) for no value. Any
   * object is taken by its {@code toString()}, for records that carry outside text.
   */
  public static String quote(Object value) {
    return quote(value, MAX_CHARS);
  }

  /** As {@link #quote(Object)}, cut at {@code maxChars} characters of the original text. */
  public static String quote(Object value, int maxChars) {
    if (value == null) {
      return "null";
    }
    return '"' + escape(String.valueOf(value), maxChars) + '"';
  }

  /**
   * The text escaped (quotes and backslashes too, so a quoted value cannot seem to end early) and,
   * beyond {@code maxChars} characters, cut and followed by {@code …(+N chars)}.
   */
  public static String escape(CharSequence text, int maxChars) {
    return escape(text, maxChars, true);
  }

  /**
   * A message that quotes outside text (a refusal's, an exception's) kept to one line: line breaks
   * and control or invisible characters escaped, cut at {@code maxChars}; quotes and backslashes
   * are left alone, as the message may already hold values quoted by {@link #quote(Object)}.
   */
  public static String oneLine(CharSequence text, int maxChars) {
    return escape(text, maxChars, false);
  }

  private static String escape(CharSequence text, int maxChars, boolean quoting) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be >= 1 but was " + maxChars);
    }
    int length = text.length();
    int kept = Math.min(length, maxChars);
    // Never split a surrogate pair: the half left would be escaped as an odd \\uXXXX.
    if (kept < length && kept > 0 && Character.isHighSurrogate(text.charAt(kept - 1))) {
      kept--;
    }
    StringBuilder out = new StringBuilder(kept + 16);
    for (int i = 0; i < kept; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append(quoting ? "\\\"" : "\"");
        case '\\' -> out.append(quoting ? "\\\\" : "\\");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < kept
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (isHidden(c)) {
            appendUnicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    if (kept < length) {
      out.append("…(+").append(length - kept).append(" chars)");
    }
    return out.toString();
  }

  /**
   * Control characters, line and paragraph separators, format characters (bidi overrides that
   * reorder what a reader sees, zero-width characters) and lone surrogates.
   */
  private static boolean isHidden(char c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.FORMAT,
          Character.SURROGATE,
          Character.UNASSIGNED ->
          true;
      default -> false;
    };
  }

  private static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u");
    String hex = Integer.toHexString(c);
    for (int pad = hex.length(); pad < 4; pad++) {
      out.append('0');
    }
    out.append(hex);
  }
}
