package org.aftm.app.config;

/** How the log files are written ({@code AFTM_LOG_FORMAT}). */
public enum LogFormat implements ConfigChoice {
  /** One line of text per event: what a person reads with {@code less}. */
  TEXT("text"),
  /** One JSON object per line, with the order ids as fields: what Loki or Elasticsearch reads. */
  JSON("json");

  private final String text;

  LogFormat(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }
}
