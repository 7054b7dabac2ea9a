package org.aftm.app.config;

/** A yes/no key (e.g. {@code AFTM_FIX_TLS}): {@code true} or {@code false}. */
public enum BooleanChoice implements ConfigChoice {
  FALSE("false"),
  TRUE("true");

  private final String text;

  BooleanChoice(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }
}
