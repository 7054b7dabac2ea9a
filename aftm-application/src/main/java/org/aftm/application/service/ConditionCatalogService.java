package org.aftm.application.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.aftm.application.port.in.DeleteConditionUseCase;
import org.aftm.application.port.in.ListConditionsUseCase;
import org.aftm.application.port.in.RegisterConditionUseCase;
import org.aftm.application.port.in.RelayConditionChangeUseCase;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;

/**
 * The operator's conditions: add, delete, list. Writes go to the store; a running strategy sees the
 * change as a command relayed on its order-update channel. Every condition is checked against the
 * {@link ConditionRules} of the moment before anything is stored: this is the one door all paths
 * that register a condition pass (the CLI, the console, the demo), so a refused condition leaves
 * nothing behind.
 */
public final class ConditionCatalogService
    implements RegisterConditionUseCase, DeleteConditionUseCase, ListConditionsUseCase {

  private final RegisterConditionPort register;
  private final LoadConditionsPort load;
  private final Supplier<ConditionRules> rules;
  private final RelayConditionChangeUseCase relay;

  /**
   * A catalog that only stores: whoever uses it tells a running strategy itself.
   *
   * @param rules the rules of the moment (the broker's contracts may change at a login), asked once
   *     per registration
   */
  public ConditionCatalogService(
      RegisterConditionPort register, LoadConditionsPort load, Supplier<ConditionRules> rules) {
    this(register, load, rules, null);
  }

  /**
   * A catalog inside the main process: each stored change is also relayed to the running strategy
   * as a command (without waiting for its acknowledgement).
   */
  public ConditionCatalogService(
      RegisterConditionPort register,
      LoadConditionsPort load,
      Supplier<ConditionRules> rules,
      RelayConditionChangeUseCase relay) {
    this.register = register;
    this.load = load;
    this.rules = Objects.requireNonNull(rules, "rules");
    this.relay = relay;
  }

  @Override
  public ConditionSnapshot registerCondition(ConditionSpec spec) {
    rules.get().check(spec);
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

  @Override
  public ConditionListing conditionListing(boolean includeExited) {
    ConditionListing stored = load.loadConditionListing(includeExited);
    List<ConditionSnapshot> shown = new ArrayList<>();
    List<ConditionListing.Unreadable> unreadable = new ArrayList<>(stored.unreadable());
    for (ConditionSnapshot condition : stored.conditions()) {
      try {
        showable(condition);
        shown.add(condition);
      } catch (IllegalArgumentException | ArithmeticException e) {
        // A row stored before today's checks (e.g. a trigger of 99999999999) whose derived prices
        // overflow: listed apart so the operator can see and delete it.
        unreadable.add(
            new ConditionListing.Unreadable(
                condition.id(), condition.spec().itemCode(), e.getMessage()));
      }
    }
    unreadable.sort(Comparator.comparingLong(ConditionListing.Unreadable::id));
    return new ConditionListing(shown, unreadable);
  }

  /** Computes every derived figure a listing shows; throws when one is out of range. */
  private static void showable(ConditionSnapshot condition) {
    condition.orderPrice();
    condition.takeProfitPrice();
    condition.stopLossPrice();
    condition.entryPrice();
    condition.exitPrice();
    condition.realizedPnlPoints();
  }
}
