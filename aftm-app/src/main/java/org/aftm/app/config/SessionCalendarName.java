package org.aftm.app.config;

/** The trading calendar ({@code AFTM_SESSION_CALENDAR}). */
public enum SessionCalendarName implements ConfigChoice {
  /** {@link #ALWAYS} for the simulated broker, {@link #TAIFEX} for a real one. */
  AUTO,
  /** TAIFEX's day and night sessions, Taipei time, with the holidays file. */
  TAIFEX,
  /** Always open: demos and tests at any hour. */
  ALWAYS;

  @Override
  public String text() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
