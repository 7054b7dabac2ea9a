package org.aftm.application.port.out;

import java.util.List;
import java.util.Optional;
import org.aftm.domain.condition.ConditionSnapshot;

/** Reads stored conditions. */
public interface LoadConditionsPort {

  /** Conditions not yet exited, ordered by id. */
  List<ConditionSnapshot> loadActiveConditions();

  /** Every condition, exited ones included, ordered by id. */
  List<ConditionSnapshot> loadAllConditions();

  Optional<ConditionSnapshot> loadCondition(long id);

  /**
   * A number that changes when another process commits a change to the conditions; this
   * process's own writes need not change it. Cheap enough to call once per tick.
   */
  long externalChangeVersion();
}
