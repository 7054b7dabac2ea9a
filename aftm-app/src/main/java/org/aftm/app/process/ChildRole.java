package org.aftm.app.process;

/** The child processes the main process supervises. */
public enum ChildRole {
  STRATEGY("strategy"),
  ORDER_EXECUTOR("order-executor");

  private final String id;

  ChildRole(String id) {
    this.id = id;
  }

  /** The name used on the command line, in log file names and in telemetry. */
  public String id() {
    return id;
  }

  public static ChildRole fromId(String id) {
    for (ChildRole role : values()) {
      if (role.id.equals(id)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown child role '" + id + "'; expected strategy or order-executor");
  }
}
