package org.aftm.app.config;

/** SQLite's synchronous mode for the main process's writes ({@code AFTM_DB_SYNC}). */
public enum DbSync implements ConfigChoice {
  /** Durable on power loss: every commit is fsync'd. */
  FULL,
  /** Durable on a process crash; the last commits may be lost on power loss. */
  NORMAL;

  @Override
  public String text() {
    return name();
  }
}
