package org.aftm.application.port.in;

import java.util.List;
import org.aftm.domain.condition.ConditionSnapshot;

/** Lists stored conditions with their state. */
public interface ListConditionsUseCase {

  List<ConditionSnapshot> listConditions(boolean includeExited);
}
