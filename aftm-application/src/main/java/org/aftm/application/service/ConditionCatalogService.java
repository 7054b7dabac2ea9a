package org.aftm.application.service;

import java.util.List;
import org.aftm.application.port.in.DeleteConditionUseCase;
import org.aftm.application.port.in.ListConditionsUseCase;
import org.aftm.application.port.in.RegisterConditionUseCase;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;

/**
 * The operator's conditions: add, delete, list. Writes go to the store; a running strategy learns
 * of them through the condition commands the main process relays ({@link
 * RelayConditionChangeService}).
 */
public final class ConditionCatalogService
    implements RegisterConditionUseCase, DeleteConditionUseCase, ListConditionsUseCase {

  private final RegisterConditionPort register;
  private final LoadConditionsPort load;

  public ConditionCatalogService(RegisterConditionPort register, LoadConditionsPort load) {
    this.register = register;
    this.load = load;
  }

  @Override
  public ConditionSnapshot registerCondition(ConditionSpec spec) {
    return register.insertCondition(spec);
  }

  @Override
  public boolean deleteCondition(long id) {
    return register.deleteCondition(id);
  }

  @Override
  public List<ConditionSnapshot> listConditions(boolean includeExited) {
    return includeExited ? load.loadAllConditions() : load.loadActiveConditions();
  }
}
