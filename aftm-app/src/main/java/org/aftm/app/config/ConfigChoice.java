package org.aftm.app.config;

/** A configuration value that is one of a closed set, written as {@link #text()}. */
public interface ConfigChoice {

  /** How the value is written in configuration (case-insensitive on input). */
  String text();

  /** The values of a choice enum as written, for messages and the README. */
  static <E extends Enum<E> & ConfigChoice> String texts(Class<E> type) {
    StringBuilder texts = new StringBuilder();
    for (E value : type.getEnumConstants()) {
      texts.append(texts.length() == 0 ? "" : ", ").append(value.text());
    }
    return texts.toString();
  }
}
