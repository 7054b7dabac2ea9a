package org.aftm.domain.condition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The active conditions, indexed by instrument so a tick visits only its own instrument's
 * conditions. Finished conditions leave the book.
 *
 * <p>Not thread-safe: the strategy thread owns it; other threads send it commands.
 */
public final class ConditionBook {

  private final Map<String, List<Condition>> byItem = new HashMap<>();
  private final Map<Long, Condition> byId = new HashMap<>();

  /** Adds or replaces the condition with the same id. Finished conditions are not kept. */
  public void put(Condition condition) {
    remove(condition.id());
    if (condition.isFinished()) {
      return;
    }
    byId.put(condition.id(), condition);
    byItem.computeIfAbsent(condition.itemCode(), k -> new ArrayList<>()).add(condition);
  }

  /** Removes a condition; returns it, or {@code null} if it was not in the book. */
  public Condition remove(long id) {
    Condition removed = byId.remove(id);
    if (removed != null) {
      List<Condition> list = byItem.get(removed.itemCode());
      list.remove(removed);
      if (list.isEmpty()) {
        byItem.remove(removed.itemCode());
      }
    }
    return removed;
  }

  /**
   * The live list for one instrument, or an empty list; callers iterate by index and must not keep
   * it.
   */
  public List<Condition> forItem(String itemCode) {
    List<Condition> list = byItem.get(itemCode);
    return list == null ? Collections.emptyList() : list;
  }

  public Condition get(long id) {
    return byId.get(id);
  }

  public boolean contains(long id) {
    return byId.containsKey(id);
  }

  public int size() {
    return byId.size();
  }

  public Collection<Condition> all() {
    return Collections.unmodifiableCollection(byId.values());
  }
}
