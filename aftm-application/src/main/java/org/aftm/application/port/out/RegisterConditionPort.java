package org.aftm.application.port.out;

import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;

/** Stores new conditions and deletes old ones; durable on return. */
public interface RegisterConditionPort {

  /** Stores a new condition in state new and returns it with its id. */
  ConditionSnapshot insertCondition(ConditionSpec spec);

  /**
   * @return whether a condition with that id existed
   */
  boolean deleteCondition(long id);
}
