package org.aftm.domain.condition;

/**
 * An operator's change to the conditions, sent to the running strategy through its own input. The
 * database holds the durable copy; the strategy loads the condition by id and acknowledges the
 * command id.
 *
 * @param commandId unique per main process run, &gt; 0
 * @param change what happened to the condition
 * @param conditionId the condition
 */
public record ConditionCommand(long commandId, Change change, long conditionId) {

  /** What happened to a condition. */
  public enum Change {
    ADDED("added"),
    DELETED("deleted");

    private final String wire;

    Change(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** Parses the wire name; names the bad value. */
    public static Change fromWire(String text) {
      for (Change change : values()) {
        if (change.wire.equals(text)) {
          return change;
        }
      }
      throw new IllegalArgumentException("change must be added or deleted but was " + text);
    }
  }

  public ConditionCommand {
    if (commandId <= 0) {
      throw new IllegalArgumentException("commandId must be > 0 but was " + commandId);
    }
    if (change == null) {
      throw new IllegalArgumentException("change is required");
    }
  }
}
