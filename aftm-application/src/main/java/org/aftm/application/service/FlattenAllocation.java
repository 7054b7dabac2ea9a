package org.aftm.application.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.model.Side;

/**
 * Shares a flatten order's filled lots among the conditions that held them: those of its instrument
 * whose action the flatten closes (a sell flattens buy conditions' lots, a buy sell conditions'),
 * with lots open (entry filled less exit filled, which is what reconciliation counts), oldest
 * first, never more than each holds. Lots left over were held outside AFTM's conditions. Pure.
 */
public final class FlattenAllocation {

  /**
   * Lots one condition gave up.
   *
   * @param conditionId the condition
   * @param lots lots of it the flatten closed, &gt; 0
   * @param exitFilledAfter its exit fills counting these lots
   */
  public record Share(long conditionId, int lots, int exitFilledAfter) {}

  /**
   * @param shares per condition, oldest first
   * @param uncovered lots no condition held
   */
  public record Result(List<Share> shares, int uncovered) {}

  private FlattenAllocation() {}

  /**
   * @param conditions the stored conditions (any order)
   * @param closedTo exit fills already counted by earlier shares not yet in {@code conditions}
   *     (another part of the same flatten), by condition id
   * @param itemCode the flattened instrument
   * @param flattenSide the flatten order's side
   * @param lots lots the flatten order filled, &ge; 0
   */
  public static Result allocate(
      List<ConditionSnapshot> conditions,
      Map<Long, Integer> closedTo,
      String itemCode,
      Side flattenSide,
      int lots) {
    if (lots < 0) {
      throw new IllegalArgumentException("lots must be >= 0 but was " + lots);
    }
    Side held = flattenSide.opposite();
    List<ConditionSnapshot> oldestFirst = new ArrayList<>(conditions);
    oldestFirst.sort(Comparator.comparingLong(ConditionSnapshot::id));
    List<Share> shares = new ArrayList<>();
    int left = lots;
    for (ConditionSnapshot condition : oldestFirst) {
      if (left == 0) {
        break;
      }
      if (!condition.spec().itemCode().equals(itemCode) || condition.spec().action() != held) {
        continue;
      }
      int exitFilled =
          Math.max(condition.progress().exitFilled(), closedTo.getOrDefault(condition.id(), 0));
      int open = condition.progress().entryFilled() - exitFilled;
      if (open <= 0) {
        continue;
      }
      int share = Math.min(open, left);
      shares.add(new Share(condition.id(), share, exitFilled + share));
      left -= share;
    }
    return new Result(List.copyOf(shares), left);
  }
}
