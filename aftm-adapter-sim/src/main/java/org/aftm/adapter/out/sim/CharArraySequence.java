package org.aftm.adapter.out.sim;

/**
 * A read-only view of a whole {@code char[]}, so parsers that take a {@link CharSequence} and
 * absolute indexes can read a buffer without a String per line.
 */
final class CharArraySequence implements CharSequence {

  private final char[] chars;

  CharArraySequence(char[] chars) {
    this.chars = chars;
  }

  @Override
  public int length() {
    return chars.length;
  }

  @Override
  public char charAt(int index) {
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(chars, start, end - start);
  }

  @Override
  public String toString() {
    return new String(chars);
  }
}
