package org.aftm.domain.strategy;

import java.util.List;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Tick;
import org.aftm.domain.order.OrderUpdate;

/**
 * The support/resistance "right-side entry" of docs/architecture.md §3 over the conditions in a
 * {@link ConditionBook}: each tick visits only its instrument's conditions, each makes at most one
 * transition, and finished conditions leave the book.
 *
 * <p>Not thread-safe: the strategy thread owns it and the book.
 */
public final class SupportResistanceStrategy implements Strategy {

  public static final String NAME = "support-resistance";

  /** Entry attempts a condition gets before it fails, unless configured otherwise. */
  public static final int DEFAULT_MAX_ENTRY_ATTEMPTS = 3;

  private final ConditionBook book;
  private final int maxEntryAttempts;

  public SupportResistanceStrategy(ConditionBook book) {
    this(book, DEFAULT_MAX_ENTRY_ATTEMPTS);
  }

  /**
   * @param maxEntryAttempts entry attempts a condition gets (an entry rejected, cancelled with no
   *     fill or expired may be tried again) before it fails
   */
  public SupportResistanceStrategy(ConditionBook book, int maxEntryAttempts) {
    if (maxEntryAttempts < 1) {
      throw new IllegalArgumentException(
          "maxEntryAttempts must be >= 1 but was " + maxEntryAttempts);
    }
    this.book = book;
    this.maxEntryAttempts = maxEntryAttempts;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void onTick(Tick tick, StrategyListener listener) {
    List<Condition> conditions = book.forItem(tick.itemCode());
    // By index, so no iterator is allocated; a finished condition is removed in place and i steps
    // back.
    for (int i = 0; i < conditions.size(); i++) {
      Condition condition = conditions.get(i);
      ConditionStep step = condition.onPrice(tick.priceUnits());
      if (step == ConditionStep.NONE) {
        continue;
      }
      if (step.emitsSignal()) {
        listener.onSignal(signalFor(condition, step, tick));
      }
      listener.onConditionChanged(condition, step);
      if (condition.isFinished()) {
        book.remove(condition.id());
      }
      // The listener may also have dropped it (deleted by the operator); either way the next
      // condition now sits at i and must not miss this tick.
      if (i >= conditions.size() || conditions.get(i) != condition) {
        i--;
      }
    }
  }

  @Override
  public void onOrderUpdate(OrderUpdate update, StrategyListener listener) {
    ConditionOrderId orderId = ConditionOrderId.parse(update.clientOrderId()).orElse(null);
    if (orderId == null) {
      return;
    }
    Condition condition = book.get(orderId.conditionId());
    if (condition == null) {
      return;
    }
    ConditionStep step = condition.onOrderUpdate(orderId, update, maxEntryAttempts);
    if (step == ConditionStep.NONE) {
      return;
    }
    listener.onConditionChanged(condition, step);
    if (condition.isFinished()) {
      book.remove(condition.id());
    }
  }

  private static Signal signalFor(Condition condition, ConditionStep step, Tick tick) {
    return Signal.forCurrentOrder(
        condition,
        tick.priceUnits(),
        tick.sequence(),
        tick.exchangeTimeMillis(),
        tick.publishNanos(),
        System.nanoTime());
  }
}
