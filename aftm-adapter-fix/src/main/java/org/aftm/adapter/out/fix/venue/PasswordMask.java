package org.aftm.adapter.out.fix.venue;

import java.util.regex.Pattern;

/** Replaces the value of Password(554) in raw FIX text, so no log or store line ever holds it. */
final class PasswordMask {

  /** What a password's value becomes. */
  static final String MASKED = "554=***";

  // 554 at the start or after the field delimiter (SOH, or '|' in text already made readable).
  private static final Pattern PASSWORD = Pattern.compile("(?<=^|\u0001|\\|)554=[^\u0001|]*");

  private PasswordMask() {}

  static String mask(String fixText) {
    if (fixText == null || !fixText.contains("554=")) {
      return fixText;
    }
    return PASSWORD.matcher(fixText).replaceAll(MASKED);
  }
}
