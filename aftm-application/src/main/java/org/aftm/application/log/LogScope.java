package org.aftm.application.log;

import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.strategy.Signal;
import org.slf4j.MDC;

/**
 * The ids of the order, signal or condition being handled, put in the SLF4J MDC for the lines
 * logged meanwhile ({@code try (LogScope scope = LogScope.order(...)) {...}}), also by code the
 * handler calls: the risk checks, the audit trail, the broker adapter, the gateway client's
 * retries. The JSON log format writes them as the fields {@value #CONDITION_ID}, {@value
 * #CLIENT_ORDER_ID} and {@value #ITEM_CODE}; the text format leaves them out.
 *
 * <p>Closing puts back what the keys held before, so a scope opened inside another (the lifecycle
 * applying a broker event while the gateway places the order) leaves the outer one's ids in place,
 * and a pooled thread keeps none after its task. A key without a value in this scope is removed for
 * its duration, so an outer scope's ids never label an unrelated order. Opening one costs a few
 * small objects: open it where an order, a signal or a condition change is handled, never per tick.
 * Not shared between threads: close it on the thread that opened it.
 */
public final class LogScope implements AutoCloseable {

  /** The condition an order or signal belongs to (a number). */
  public static final String CONDITION_ID = "condition_id";

  /** The order's client order id. */
  public static final String CLIENT_ORDER_ID = "client_order_id";

  /** The instrument. */
  public static final String ITEM_CODE = "item_code";

  private final String previousConditionId;
  private final String previousClientOrderId;
  private final String previousItemCode;

  private LogScope(String conditionId, String clientOrderId, String itemCode) {
    previousConditionId = swap(CONDITION_ID, conditionId);
    previousClientOrderId = swap(CLIENT_ORDER_ID, clientOrderId);
    previousItemCode = swap(ITEM_CODE, itemCode);
  }

  /**
   * An order: its client order id, its instrument, and its condition when the id is one the
   * strategy made ({@code aftm-<condition>-entry}, {@link ConditionOrderId}).
   *
   * @param itemCode the instrument, or {@code null} when not known
   */
  public static LogScope order(String clientOrderId, String itemCode) {
    String conditionId =
        ConditionOrderId.parse(clientOrderId)
            .map(id -> Long.toString(id.conditionId()))
            .orElse(null);
    return new LogScope(conditionId, clientOrderId, itemCode);
  }

  /** A signal: its condition, the client order id its order carries, its instrument. */
  public static LogScope signal(Signal signal) {
    return new LogScope(
        Long.toString(signal.conditionId()),
        ConditionOrderId.PREFIX + signal.signalId(),
        signal.itemCode());
  }

  /**
   * A condition.
   *
   * @param clientOrderId the order of the condition concerned, or {@code null} for none
   * @param itemCode the instrument, or {@code null} when not known
   */
  public static LogScope condition(long conditionId, String clientOrderId, String itemCode) {
    return new LogScope(Long.toString(conditionId), clientOrderId, itemCode);
  }

  @Override
  public void close() {
    swap(CONDITION_ID, previousConditionId);
    swap(CLIENT_ORDER_ID, previousClientOrderId);
    swap(ITEM_CODE, previousItemCode);
  }

  /** Sets or removes the key; returns what it held. */
  private static String swap(String key, String value) {
    String previous = MDC.get(key);
    if (value == null) {
      if (previous != null) {
        MDC.remove(key);
      }
    } else {
      MDC.put(key, value);
    }
    return previous;
  }
}
