package org.aftm.adapter.out.fix;

/**
 * Masks the Password field (tag 554) of a FIX message's text: {@code 554=secret} becomes {@code
 * 554=***}, so the broker password never reaches a log or a message store.
 */
final class PasswordMask {

  static final String MASK = "***";

  private static final String TAG = "554=";

  private PasswordMask() {}

  /** The text with every Password field's value replaced; the same instance when it has none. */
  static String mask(String text) {
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
