package org.aftm.adapter.out.sim;

import java.util.Arrays;

/**
 * Turns item-code slices of a char buffer into Strings, one String per distinct code: a tick file
 * has a handful of codes over millions of lines, so after the first line of each code no String is
 * created. An open-addressing table keyed by {@link String#hashCode()}'s formula.
 *
 * <p>Not thread-safe: one per read.
 */
final class ItemCodeInterner {

  private String[] table = new String[64];
  private int size;

  String intern(char[] chars, int start, int end) {
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + chars[i];
    }
    int mask = table.length - 1;
    int slot = mix(hash) & mask;
    while (true) {
      String candidate = table[slot];
      if (candidate == null) {
        String code = new String(chars, start, end - start);
        table[slot] = code;
        if (++size * 2 > table.length) {
          grow();
        }
        return code;
      }
      if (candidate.hashCode() == hash && sameChars(candidate, chars, start, end)) {
        return candidate;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static boolean sameChars(String candidate, char[] chars, int start, int end) {
    if (candidate.length() != end - start) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (candidate.charAt(i - start) != chars[i]) {
        return false;
      }
    }
    return true;
  }

  private static int mix(int hash) {
    return hash ^ (hash >>> 16);
  }

  private void grow() {
    String[] old = table;
    table = new String[old.length * 2];
    int mask = table.length - 1;
    for (String code : old) {
      if (code != null) {
        int slot = mix(code.hashCode()) & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = code;
      }
    }
  }

  /** The distinct codes seen, for tests and diagnostics. */
  int size() {
    return size;
  }

  @Override
  public String toString() {
    return Arrays.stream(table).filter(c -> c != null).toList().toString();
  }
}
