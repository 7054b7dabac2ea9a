package org.aftm.domain.strategy;

import java.util.regex.Pattern;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Side;

/**
 * Makes the signals of one plugin instance that is not built on conditions, with ids that are
 * unique and stable: signal id {@code <instance>-<n>}, client order id {@code aftm-<instance>-<n>}.
 *
 * <p>{@code n} is the exchange time (epoch milliseconds) of the tick or bar that caused the signal,
 * raised to one more than the previous {@code n} when that is not larger. So ids only grow; a
 * restarted instance, whose first signal is caused by a later tick than any before the restart,
 * never reuses an id that already placed an order; and a replay of the same ticks makes the same
 * ids. Instance names start with a letter, condition ids ({@link ConditionOrderId}) with a digit,
 * so the two never meet.
 *
 * <p>The signals are entries in the sense of the wire ({@link SignalReason#ENTRY}, open/close
 * AUTO): the broker nets them against the position, and the age limit applies to them. Their
 * condition id is 0. Not thread-safe: the strategy thread owns it.
 */
public final class InstanceSignals {

  /** What an instance name looks like: a letter, then letters, digits, {@code _} or {@code -}. */
  public static final Pattern INSTANCE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private final String instanceName;
  private final String signalPrefix;
  private final String clientOrderIdPrefix;
  private long last;

  /**
   * @param instanceName the instance's name ({@link #INSTANCE_NAME})
   */
  public InstanceSignals(String instanceName) {
    if (instanceName == null || !INSTANCE_NAME.matcher(instanceName).matches()) {
      throw new IllegalArgumentException(
          "an instance name must be a lower-case letter then up to 31 letters, digits, _ or -,"
              + " but was '"
              + instanceName
              + "'");
    }
    this.instanceName = instanceName;
    this.signalPrefix = instanceName + "-";
    this.clientOrderIdPrefix = ConditionOrderId.PREFIX + signalPrefix;
  }

  public String instanceName() {
    return instanceName;
  }

  /** The next signal id for a signal caused at {@code exchangeTimeMillis}. */
  public String nextSignalId(long exchangeTimeMillis) {
    long n = Math.max(last + 1, Math.max(exchangeTimeMillis, 1));
    last = n;
    return signalPrefix + n;
  }

  /**
   * A new signal with the next id.
   *
   * @param priceUnits the price of the tick (or the bar's close) that caused it
   * @param tickSequence that tick's sequence, 0 for a bar
   * @param exchangeTimeMillis that tick's exchange time, or the bar's close time
   * @param tickPublishNanos when that tick was published, 0 when not known (a bar): the age limit
   *     then counts from the signal's creation
   */
  public Signal signal(
      String itemCode,
      Side side,
      int quantity,
      long priceUnits,
      long tickSequence,
      long exchangeTimeMillis,
      long tickPublishNanos) {
    return new Signal(
        nextSignalId(exchangeTimeMillis),
        0L,
        itemCode,
        side,
        quantity,
        SignalReason.ENTRY,
        priceUnits,
        tickSequence,
        exchangeTimeMillis,
        tickPublishNanos,
        System.nanoTime(),
        null);
  }

  /** Whether {@code clientOrderId} is one of this instance's: {@code aftm-<instance>-<digits>}. */
  public boolean owns(String clientOrderId) {
    return owns(clientOrderIdPrefix, clientOrderId);
  }

  /** Whether {@code clientOrderId} is {@code prefix} followed by one or more digits. */
  static boolean owns(String prefix, String clientOrderId) {
    if (clientOrderId == null
        || clientOrderId.length() <= prefix.length()
        || !clientOrderId.startsWith(prefix)) {
      return false;
    }
    for (int i = prefix.length(); i < clientOrderId.length(); i++) {
      char c = clientOrderId.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The client order id prefix of an instance's orders: {@code aftm-<instance>-}. */
  static String clientOrderIdPrefix(String instanceName) {
    return ConditionOrderId.PREFIX + instanceName + "-";
  }
}
