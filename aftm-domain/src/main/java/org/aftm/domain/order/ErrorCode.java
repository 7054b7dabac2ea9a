package org.aftm.domain.order;

import org.aftm.domain.model.WireValue;

/**
 * The {@code error_code} values of the gateway protocol (docs/architecture.md §2.1): the Python
 * system's codes, kept so its clients keep working, then AFTM's own refusals.
 */
public enum ErrorCode implements WireValue {
  INVALID_JSON,
  UNKNOWN_OPERATION,
  INVALID_ORDER,
  MISSING_ACCOUNT,
  ORDER_EXECUTION_ERROR,
  POSITION_QUERY_ERROR,
  HEALTH_CHECK_ERROR,
  PROCESSING_ERROR,
  INTERNAL_ERROR,
  /** A frame larger than the gateway accepts. */
  REQUEST_TOO_LARGE,
  /** A message with the wrong number of frames. */
  INVALID_FRAMES,
  /** No user is logged in to the broker. */
  NOT_LOGGED_IN,
  /** The broker circuit breaker is open after repeated failures; retry later. */
  EXCHANGE_UNAVAILABLE,
  /** The order breaks a risk limit (quantity, instrument). */
  RISK_LIMIT,
  /** A close order with nothing held to close on that side. */
  NO_POSITION_TO_CLOSE,
  /** The broker refused the order. */
  BROKER_REJECTED,
  /** The instrument is not listed. */
  UNKNOWN_INSTRUMENT,
  /** The entry's tick is older than the age limit: it is refused rather than placed late. */
  STALE_ORDER,
  /** The audit trail could not record the request, so nothing was placed; retry later. */
  AUDIT_FAILED,
  /**
   * The trading state does not allow this order: {@code HALTED} passes only flatten, {@code
   * REDUCING} only orders that reduce a position. Not final: the order may pass after a resume.
   */
  TRADING_HALTED,
  /** An opening order outside a trading session. Not final: it may pass when a session opens. */
  MARKET_CLOSED,
  /**
   * This client sent more requests than its share (rate or queue): the request was not processed;
   * retry later, slower.
   */
  CLIENT_LIMIT,
  /**
   * The {@code client_order_id} is in a namespace this client may not use: an {@code aftm-} id
   * without a valid {@code client_order_proof}, or a {@code flatten-} or {@code gw-} id, which only
   * the main process makes. Nothing was recorded: the id stays free for its owner.
   */
  RESERVED_ORDER_ID,
  /**
   * The link authenticated this client by a key that is not one of AFTM's own, and the operation is
   * for AFTM's processes and operator only.
   */
  PERMISSION_DENIED;

  /**
   * Whether a refusal with this code is final: the same order would be refused again (a risk limit,
   * an invalid order), so it is not retried. Any other code, including a broker's own, may pass on
   * a later attempt.
   */
  public static boolean isFinalRefusal(String code) {
    return RISK_LIMIT.wire().equals(code)
        || INVALID_ORDER.wire().equals(code)
        || INVALID_JSON.wire().equals(code)
        || MISSING_ACCOUNT.wire().equals(code)
        || UNKNOWN_INSTRUMENT.wire().equals(code)
        || NO_POSITION_TO_CLOSE.wire().equals(code);
  }

  @Override
  public String wire() {
    return name();
  }
}
