package org.aftm.domain.condition;

/**
 * A change to the conditions, sent to the running strategy through its own input: an operator's
 * edit ({@link Change#ADDED}, {@link Change#DELETED}: the database holds the durable copy and the
 * strategy loads the condition by id), or lots of a condition closed outside its own exits ({@link
 * Change#CLOSED}: a flatten). The strategy acknowledges the command id.
 *
 * <p>A {@code CLOSED} command is cumulative, like an order update: it names the exit fills the
 * condition has once the close is counted ({@code exitFilledAfter}), so applying it twice, or after
 * the strategy restarted from a state that already counts it, closes nothing more.
 *
 * @param commandId unique per main process run, &gt; 0
 * @param change what happened to the condition
 * @param conditionId the condition
 * @param lots for {@code CLOSED}, the lots closed (&gt; 0); 0 otherwise
 * @param priceUnits for {@code CLOSED}, their average price in price units (&gt; 0); 0 otherwise
 * @param exitFilledAfter for {@code CLOSED}, the condition's exit fills counting these lots (&ge;
 *     {@code lots}); 0 otherwise
 * @param closedBy for {@code CLOSED}, the client order id that closed them (1..{@value
 *     #MAX_CLOSED_BY_LENGTH} characters); empty otherwise
 */
public record ConditionCommand(
    long commandId,
    Change change,
    long conditionId,
    int lots,
    long priceUnits,
    int exitFilledAfter,
    String closedBy) {

  /** Longest {@code closedBy}: a client order id. */
  public static final int MAX_CLOSED_BY_LENGTH = 128;

  /** What happened to a condition. */
  public enum Change {
    ADDED("added"),
    DELETED("deleted"),
    /** Lots of the condition were closed outside its own exits (a flatten). */
    CLOSED("closed");

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
      throw new IllegalArgumentException("change must be added, deleted or closed but was " + text);
    }
  }

  /** An operator's edit: {@code ADDED} or {@code DELETED}. */
  public ConditionCommand(long commandId, Change change, long conditionId) {
    this(commandId, change, conditionId, 0, 0, 0, "");
  }

  /** Lots of a condition closed outside its own exits. */
  public static ConditionCommand closed(
      long commandId,
      long conditionId,
      int lots,
      long priceUnits,
      int exitFilledAfter,
      String closedBy) {
    return new ConditionCommand(
        commandId, Change.CLOSED, conditionId, lots, priceUnits, exitFilledAfter, closedBy);
  }

  public ConditionCommand {
    if (commandId <= 0) {
      throw new IllegalArgumentException("commandId must be > 0 but was " + commandId);
    }
    if (change == null) {
      throw new IllegalArgumentException("change is required");
    }
    if (closedBy == null) {
      closedBy = "";
    }
    if (change == Change.CLOSED) {
      if (lots <= 0) {
        throw new IllegalArgumentException("lots of a closed command must be > 0 but was " + lots);
      }
      if (priceUnits <= 0) {
        throw new IllegalArgumentException(
            "priceUnits of a closed command must be > 0 but was " + priceUnits);
      }
      if (exitFilledAfter < lots) {
        throw new IllegalArgumentException(
            "exitFilledAfter of a closed command must be >= lots ("
                + lots
                + ") but was "
                + exitFilledAfter);
      }
      if (closedBy.isEmpty() || closedBy.length() > MAX_CLOSED_BY_LENGTH) {
        throw new IllegalArgumentException(
            "closedBy of a closed command must be 1.."
                + MAX_CLOSED_BY_LENGTH
                + " characters but was \""
                + closedBy
                + "\"");
      }
    } else if (lots != 0 || priceUnits != 0 || exitFilledAfter != 0 || !closedBy.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + change.wire() + " command carries no lots, price or closing order");
    }
  }
}
