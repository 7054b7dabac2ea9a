package org.aftm.app.config;

/** Where quotes come from when orders go to FIX ({@code AFTM_MARKET_DATA}). */
public enum MarketDataSource implements ConfigChoice {
  /** The FIX venue's market data. */
  FIX("fix"),
  /** The simulated broker's generated quotes, for venues that send no market data. */
  SIM("sim");

  private final String text;

  MarketDataSource(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }
}
