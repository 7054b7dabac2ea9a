package org.aftm.application.port.in;

import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;

/** Adds a condition; a running strategy picks it up within one tick. */
public interface RegisterConditionUseCase {

  ConditionSnapshot registerCondition(ConditionSpec spec);
}
