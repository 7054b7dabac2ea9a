package org.aftm.application.port.out;

import org.aftm.domain.condition.ConditionSnapshot;

/** Stores a condition's state and trailed prices; durable on return. */
public interface SaveConditionStatePort {

  /**
   * Updates state, trigger, entry and exit prices of an existing condition. A condition deleted
   * meanwhile stays deleted (no upsert).
   *
   * @return whether a stored condition was updated
   */
  boolean saveConditionState(ConditionSnapshot snapshot);
}
