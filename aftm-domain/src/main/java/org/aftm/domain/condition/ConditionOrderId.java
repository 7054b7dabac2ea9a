package org.aftm.domain.condition;

import java.util.Optional;

/**
 * The order id of one attempt at one leg of a condition: {@code aftm-<condition>-entry}, {@code
 * aftm-<condition>-exit}, then {@code -2}, {@code -3} ... for later attempts. Stable across retries
 * and restarts, so a re-sent attempt is recognised downstream and never places twice; a new attempt
 * has a new id.
 *
 * @param conditionId the condition
 * @param leg entry or exit
 * @param attempt 1 for the first attempt
 */
public record ConditionOrderId(long conditionId, Leg leg, int attempt) {

  /** The prefix of every order id the strategy places. */
  public static final String PREFIX = "aftm-";

  /** Which side of the round trip. */
  public enum Leg {
    ENTRY("entry"),
    EXIT("exit");

    private final String text;

    Leg(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public ConditionOrderId {
    if (leg == null) {
      throw new IllegalArgumentException("leg is required");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1 but was " + attempt);
    }
  }

  /** The signal id: {@code <condition>-<leg>[-<attempt>]}. */
  public String signalId() {
    return conditionId + "-" + leg.text() + (attempt > 1 ? "-" + attempt : "");
  }

  /** The client order id: {@code aftm-} and the signal id. */
  public String clientOrderId() {
    return PREFIX + signalId();
  }

  /** Reads a client order id the strategy made; empty for any other. */
  public static Optional<ConditionOrderId> parse(String clientOrderId) {
    if (clientOrderId == null || !clientOrderId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = clientOrderId.substring(PREFIX.length()).split("-", -1);
    if (parts.length < 2 || parts.length > 3) {
      return Optional.empty();
    }
    try {
      long condition = Long.parseLong(parts[0]);
      Leg leg = parts[1].equals("entry") ? Leg.ENTRY : parts[1].equals("exit") ? Leg.EXIT : null;
      int attempt = parts.length == 3 ? Integer.parseInt(parts[2]) : 1;
      if (leg == null || attempt < 1 || (parts.length == 3 && attempt == 1)) {
        return Optional.empty();
      }
      return Optional.of(new ConditionOrderId(condition, leg, attempt));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
