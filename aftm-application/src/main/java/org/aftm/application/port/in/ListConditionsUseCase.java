package org.aftm.application.port.in;

import java.util.List;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.condition.ConditionSnapshot;

/** Lists stored conditions with their state. */
public interface ListConditionsUseCase {

  List<ConditionSnapshot> listConditions(boolean includeExited);

  /**
   * The conditions for the operator to see: like {@link #listConditions}, except that a row that
   * cannot be read or shown is listed apart, by its id and why, instead of failing the whole list.
   */
  default ConditionListing conditionListing(boolean includeExited) {
    return new ConditionListing(listConditions(includeExited), List.of());
  }
}
