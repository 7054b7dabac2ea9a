package org.aftm.application.port.in;

/**
 * Who asked for an order. Only {@link #FLATTEN} changes what passes (it passes a halted state); it
 * is never read from the wire, so no client can claim it.
 */
public enum OrderOrigin {
  /** A condition's entry or exit, sent by the order executor. */
  STRATEGY,
  /** A client of the gateway that is not AFTM's executor, or an operator's manual order. */
  MANUAL,
  /** A backtest replay. */
  REPLAY,
  /** The operator's (or the session close's) flatten. */
  FLATTEN
}
