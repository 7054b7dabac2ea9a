package org.aftm.application.service;

import java.util.List;
import org.aftm.application.port.in.DeleteConditionUseCase;
import org.aftm.application.port.in.ListConditionsUseCase;
import org.aftm.application.port.in.RegisterConditionUseCase;
import org.aftm.application.port.in.RelayConditionChangeUseCase;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;

/**
 * The operator's conditions: add, delete, list. Writes go to the store; a running strategy sees the
 * change as a command relayed on its order-update channel.
 */
public final class ConditionCatalogService
    implements RegisterConditionUseCase, DeleteConditionUseCase, ListConditionsUseCase {

  private final RegisterConditionPort register;
  private final LoadConditionsPort load;
  private final RelayConditionChangeUseCase relay;

  /** A catalog that only stores: whoever uses it tells a running strategy itself. */
  public ConditionCatalogService(RegisterConditionPort register, LoadConditionsPort load) {
    this(register, load, null);
  }

  /**
   * A catalog inside the main process: each stored change is also relayed to the running strategy
   * as a command (without waiting for its acknowledgement).
   */
  public ConditionCatalogService(
      RegisterConditionPort register, LoadConditionsPort load, RelayConditionChangeUseCase relay) {
    this.register = register;
    this.load = load;
    this.relay = relay;
  }

  @Override
  public ConditionSnapshot registerCondition(ConditionSpec spec) {
    ConditionSnapshot stored = register.insertCondition(spec);
    if (relay != null) {
      relay.relay(ConditionCommand.Change.ADDED, stored.id());
    }
    return stored;
  }

  @Override
  public boolean deleteCondition(long id) {
    boolean deleted = register.deleteCondition(id);
    if (deleted && relay != null) {
      relay.relay(ConditionCommand.Change.DELETED, id);
    }
    return deleted;
  }

  @Override
  public List<ConditionSnapshot> listConditions(boolean includeExited) {
    return includeExited ? load.loadAllConditions() : load.loadActiveConditions();
  }
}
