package org.aftm.application.port.out;

import java.util.List;
import java.util.Optional;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.condition.ConditionSnapshot;

/** Reads stored conditions. */
public interface LoadConditionsPort {

  /** Conditions not finished (neither exited nor failed) and not deleted, ordered by id. */
  List<ConditionSnapshot> loadActiveConditions();

  /** Every condition, exited ones included, ordered by id. */
  List<ConditionSnapshot> loadAllConditions();

  Optional<ConditionSnapshot> loadCondition(long id);

  /**
   * Like {@link #loadActiveConditions} or {@link #loadAllConditions}, except that a row that cannot
   * be read is listed apart by its id and why instead of failing the whole load. By default every
   * row is readable.
   */
  default ConditionListing loadConditionListing(boolean includeExited) {
    return new ConditionListing(
        includeExited ? loadAllConditions() : loadActiveConditions(), List.of());
  }
}
