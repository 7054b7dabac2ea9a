package org.aftm.app.config;

/** How an agent waits when it has no work ({@code AFTM_IDLE_STRATEGY}). */
public enum IdleStrategyName implements ConfigChoice {
  /** Sleep on the input socket, wake when a message arrives: right for 2 shared cores. */
  BLOCK("block"),
  /** Spin, yield, then park with exponential back-off. */
  BACKOFF("backoff"),
  /** Sleep 1 ms between polls. */
  SLEEPING("sleeping"),
  /** Yield the core between polls. */
  YIELDING("yielding"),
  /** Spin: only on pinned, dedicated cores. */
  BUSY_SPIN("busy-spin");

  private final String text;

  IdleStrategyName(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }
}
