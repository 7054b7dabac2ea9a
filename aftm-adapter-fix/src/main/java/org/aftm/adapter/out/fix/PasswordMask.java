package org.aftm.adapter.out.fix;

/**
 * Masks the Password field (tag 554) of a FIX message's text: {@code 554=secret} becomes {@code
 * 554=***}, so the broker password never reaches a log or a message store.
 */
public final class PasswordMask {

  /** What a password's value becomes. */
  public static final String MASK = "***";

  private static final String TAG = "554=";

  private PasswordMask() {}

  /** The text with every Password field's value replaced; the same instance when it has none. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    int at = find(text, 0);
    if (at < 0) {
      return text;
    }
    StringBuilder masked = new StringBuilder(text.length());
    int copied = 0;
    while (at >= 0) {
      int valueStart = at + TAG.length();
      int valueEnd = valueStart;
      while (valueEnd < text.length() && !isDelimiter(text.charAt(valueEnd))) {
        valueEnd++;
      }
      masked.append(text, copied, valueStart).append(MASK);
      copied = valueEnd;
      at = find(text, valueEnd);
    }
    return masked.append(text, copied, text.length()).toString();
  }

  /**
   * A whole FIX message with its Password masked and its BodyLength (9) and CheckSum (10) made
   * right again, so the masked copy a store keeps still parses when a resend reads it back (it is
   * then gap-filled, as an administrative message). The same instance when it has no Password.
   */
  public static String maskMessage(String message) {
    String masked = mask(message);
    if (masked == message) {
      return message;
    }
    int bodyStart = masked.indexOf("\u00019=");
    int bodyLengthEnd = bodyStart < 0 ? -1 : masked.indexOf('\u0001', bodyStart + 1);
    int trailer = masked.lastIndexOf("\u000110=");
    if (bodyLengthEnd < 0 || trailer < bodyLengthEnd) {
      return masked; // not a framed message: nothing to recount
    }
    String body = masked.substring(bodyLengthEnd + 1, trailer + 1);
    String head = masked.substring(0, bodyStart + 3) + body.length() + '\u0001';
    String framed = head + body;
    int sum = 0;
    for (int i = 0; i < framed.length(); i++) {
      sum += framed.charAt(i);
    }
    return framed + String.format("10=%03d\u0001", sum % 256);
  }

  /** The next {@code 554=} that starts a field: at the start or after a delimiter. */
  private static int find(String text, int from) {
    int at = text.indexOf(TAG, from);
    while (at > 0 && !isDelimiter(text.charAt(at - 1))) {
      at = text.indexOf(TAG, at + 1);
    }
    return at;
  }

  /** SOH on the wire and in the store; '|' and spaces where a log printed it readably. */
  private static boolean isDelimiter(char c) {
    return c == '\u0001' || c == '|' || c == ' ' || c == '\n' || c == '\r';
  }
}
