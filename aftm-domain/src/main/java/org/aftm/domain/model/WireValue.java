package org.aftm.domain.model;

/**
 * A constant with the exact text it has on the wire (docs/architecture.md §2.1), e.g. {@code "buy"}
 * or {@code "MarketPrice"}. Input is parsed with {@link #parse}, never with {@code valueOf}.
 */
public interface WireValue {

  /** The exact wire text. */
  String wire();

  /**
   * Finds the constant whose wire text is {@code text}.
   *
   * @param field the field name, used in the error message
   * @throws IllegalArgumentException naming the field, the bad value and the allowed values
   */
  static <E extends Enum<E> & WireValue> E parse(Class<E> type, String field, String text) {
    E[] constants = type.getEnumConstants();
    for (E constant : constants) {
      if (constant.wire().equals(text)) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : constants) {
      allowed
          .append(allowed.length() == 0 ? "" : ", ")
          .append('"')
          .append(constant.wire())
          .append('"');
    }
    throw new IllegalArgumentException(
        field
            + " must be one of "
            + allowed
            + " but was "
            + (text == null ? "missing" : '"' + text + '"'));
  }
}
