package org.aftm.app.config;

/** Which broker adapter the main process uses ({@code EXCHANGE_MODE}). */
public enum ExchangeMode implements ConfigChoice {
  /** The built-in simulated broker. */
  SIM("sim"),
  /** A FIX venue over QuickFIX/J ({@code AFTM_FIX_*}). */
  FIX("fix");

  private final String text;

  ExchangeMode(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }
}
