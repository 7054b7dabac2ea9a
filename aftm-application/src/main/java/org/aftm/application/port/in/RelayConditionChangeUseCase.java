package org.aftm.application.port.in;

import org.aftm.domain.condition.ConditionCommand;

/**
 * Brings an operator's condition change (already stored) to the running strategy as a command, and
 * tracks the strategy's acknowledgement, so the operator is told "active in the strategy" only once
 * it is.
 */
public interface RelayConditionChangeUseCase {

  /** Sends the change to the strategy; returns the command id to ask about. */
  long relay(ConditionCommand.Change change, long conditionId);

  /** The strategy applied the command. */
  void acknowledge(long commandId);

  /** Whether the strategy acknowledged the command. */
  boolean isAcknowledged(long commandId);
}
