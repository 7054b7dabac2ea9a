package org.aftm.app.config;

/** A yes/no key ({@code AFTM_FIX_TLS}): {@code true} or {@code false}. */
public enum FixBoolean implements ConfigChoice {
  FALSE("false"),
  TRUE("true");

  private final String text;

  FixBoolean(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }
}
