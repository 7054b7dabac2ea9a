package org.aftm.app.process;

import java.util.Map;

/**
 * One heartbeat from a child to the main process: who it is, its counters, and facts the main
 * process needs (such as the endpoint the order executor bound). Sent twice a second.
 *
 * @param role the child's role id
 * @param pid the child's pid
 * @param counters monotonic counters (ticks, signals, orders, ...)
 * @param facts other values, e.g. {@code signal_endpoint}
 */
public record ChildReport(
    String role, long pid, Map<String, Long> counters, Map<String, String> facts) {

  /** The fact a child reports once it is up and serving; until then it is not healthy. */
  public static final String READY = "ready";

  /** Whether this report says its process is ready. */
  public boolean ready() {
    return "true".equals(facts.get(READY));
  }

  public long counter(String name) {
    Long value = counters.get(name);
    return value == null ? 0 : value;
  }
}
