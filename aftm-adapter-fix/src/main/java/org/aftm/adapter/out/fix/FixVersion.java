package org.aftm.adapter.out.fix;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The FIX versions AFTM speaks ({@code AFTM_FIX_VERSION}): 4.4 by default, 4.2 for older venues.
 */
public enum FixVersion {
  FIX44("4.4", "FIX.4.4"),
  FIX42("4.2", "FIX.4.2");

  private final String key;
  private final String beginString;

  FixVersion(String key, String beginString) {
    this.key = key;
    this.beginString = beginString;
  }

  /** The value an operator writes in {@code AFTM_FIX_VERSION}, e.g. {@code 4.4}. */
  public String key() {
    return key;
  }

  /** The session's BeginString (tag 8), e.g. {@code FIX.4.4}. */
  public String beginString() {
    return beginString;
  }

  /**
   * The version an operator named, as {@code 4.4} or {@code FIX.4.4}.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static FixVersion parse(String text) {
    String wanted = text.trim().toUpperCase(Locale.ROOT);
    for (FixVersion version : values()) {
      if (version.key.equals(wanted) || version.beginString.equals(wanted)) {
        return version;
      }
    }
    throw new IllegalArgumentException(
        "unknown FIX version '"
            + text
            + "'; use one of "
            + Arrays.stream(values()).map(FixVersion::key).collect(Collectors.joining(", ")));
  }
}
