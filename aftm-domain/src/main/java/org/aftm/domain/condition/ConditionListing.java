package org.aftm.domain.condition;

import java.util.List;

/**
 * Stored conditions as the operator lists them: those that can be shown, and those that cannot (a
 * row damaged by hand or stored by an older version without today's checks), each by its id and
 * why, so one bad row neither hides the others nor stays out of reach of {@code condition delete}.
 *
 * @param conditions the conditions that can be shown, ordered by id
 * @param unreadable the rows that cannot, ordered by id
 */
public record ConditionListing(List<ConditionSnapshot> conditions, List<Unreadable> unreadable) {

  public ConditionListing {
    conditions = List.copyOf(conditions);
    unreadable = List.copyOf(unreadable);
  }

  /**
   * A stored row that cannot be shown.
   *
   * @param id the row's condition id
   * @param itemCode its item code as stored, possibly null
   * @param problem why it cannot be shown
   */
  public record Unreadable(long id, String itemCode, String problem) {}
}
