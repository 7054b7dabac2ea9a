package org.aftm.app.config;

/**
 * What the gateway waits for before it lets an order (and then its answer) go on ({@code
 * AFTM_AUDIT_DURABILITY}); docs/architecture.md §7 states what each survives.
 */
public enum AuditDurability implements ConfigChoice {
  /**
   * The record is written to the audit journal ({@code audit.journal}) with one write to the
   * operating system: survives a crash of the process; the database rows are written behind.
   */
  PROCESS("process"),
  /**
   * As {@link #PROCESS}, and the journal is forced to disk (group commit) before the gateway goes
   * on: survives a crash of the operating system or a power loss too.
   */
  POWER("power"),
  /**
   * No journal: the request and the answer are each committed to the database on the order path,
   * durable as {@code AFTM_DB_SYNC} says (the behaviour before the journal).
   */
  DATABASE("database");

  private final String text;

  AuditDurability(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }
}
