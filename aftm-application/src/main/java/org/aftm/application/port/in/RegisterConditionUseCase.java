package org.aftm.application.port.in;

import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.InvalidConditionException;

/** Adds a condition; a running strategy picks it up within one tick. */
public interface RegisterConditionUseCase {

  /**
   * Checks the condition against the instrument it names and the risk limits, then stores it.
   *
   * @throws InvalidConditionException naming the field that is wrong; nothing is stored then
   */
  ConditionSnapshot registerCondition(ConditionSpec spec);
}
