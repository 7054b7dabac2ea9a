package org.aftm.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;

/**
 * The condition store in memory. Inserts and deletes are "another process" (the operator's); state
 * saves are the strategy's own writes, and are logged.
 */
final class FakeConditionStore
    implements LoadConditionsPort, SaveConditionStatePort, RegisterConditionPort {

  private final TreeMap<Long, ConditionSnapshot> rows = new TreeMap<>();
  private final List<String> log;
  private long nextId = 1;
  RuntimeException saveFailure;
  RuntimeException loadFailure;

  FakeConditionStore(List<String> log) {
    this.log = log;
  }

  @Override
  public ConditionSnapshot insertCondition(ConditionSpec spec) {
    ConditionSnapshot snapshot = ConditionSnapshot.fresh(nextId++, spec);
    rows.put(snapshot.id(), snapshot);
    return snapshot;
  }

  @Override
  public boolean deleteCondition(long id) {
    return rows.remove(id) != null;
  }

  /** A delete the strategy has not been told about yet (its command is still in flight). */
  void deleteUnannounced(long id) {
    rows.remove(id);
  }

  @Override
  public boolean saveConditionState(ConditionSnapshot snapshot) {
    log.add("save " + snapshot.id() + " " + snapshot.state().text());
    if (saveFailure != null) {
      throw saveFailure;
    }
    if (!rows.containsKey(snapshot.id())) {
      return false;
    }
    rows.put(snapshot.id(), snapshot);
    return true;
  }

  @Override
  public List<ConditionSnapshot> loadActiveConditions() {
    if (loadFailure != null) {
      throw loadFailure;
    }
    List<ConditionSnapshot> active = new ArrayList<>();
    for (ConditionSnapshot snapshot : rows.values()) {
      if (!snapshot.state().isFinished()) {
        active.add(snapshot);
      }
    }
    return active;
  }

  @Override
  public List<ConditionSnapshot> loadAllConditions() {
    return new ArrayList<>(rows.values());
  }

  @Override
  public Optional<ConditionSnapshot> loadCondition(long id) {
    return Optional.ofNullable(rows.get(id));
  }
}
