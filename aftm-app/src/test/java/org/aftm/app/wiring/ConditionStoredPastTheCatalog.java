package org.aftm.app.wiring;

import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;

/** A fixture of the architecture rules: stores a condition without the catalog's checks. */
public final class ConditionStoredPastTheCatalog {

  private ConditionStoredPastTheCatalog() {}

  public static ConditionSnapshot store(RegisterConditionPort store, ConditionSpec spec) {
    return store.insertCondition(spec);
  }
}
