package org.aftm.app.config;

/** The log files' level ({@code AFTM_LOG_LEVEL}). */
public enum LogLevel implements ConfigChoice {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR;

  @Override
  public String text() {
    return name();
  }
}
