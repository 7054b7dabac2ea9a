package org.aftm.domain.strategy;

import java.util.List;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.TickEvent;

/**
 * The support/resistance "right-side entry" of DESIGN §3 over the conditions in a
 * {@link ConditionBook}: each tick visits only its instrument's conditions, each makes at most one
 * transition, and finished conditions leave the book.
 *
 * <p>Not thread-safe: the strategy thread owns it and the book.
 */
public final class SupportResistanceStrategy implements Strategy {

  public static final String NAME = "support-resistance";

  private final ConditionBook book;

  public SupportResistanceStrategy(ConditionBook book) {
    this.book = book;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void onTick(TickEvent tick, StrategyListener listener) {
    List<Condition> conditions = book.forItem(tick.itemCode());
    // By index, so no iterator is allocated; a finished condition is removed in place and i steps back.
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

  private static Signal signalFor(Condition condition, ConditionStep step, TickEvent tick) {
    SignalReason reason =
        step == ConditionStep.ENTERED
            ? SignalReason.ENTRY
            : step == ConditionStep.TOOK_PROFIT ? SignalReason.TAKE_PROFIT : SignalReason.STOP_LOSS;
    return new Signal(
        Signal.idFor(condition.id(), reason),
        condition.id(),
        condition.itemCode(),
        condition.signalSide(step),
        condition.spec().quantity(),
        reason,
        tick.priceUnits(),
        tick.sequence(),
        tick.exchangeTimeMillis(),
        tick.publishNanos(),
        System.nanoTime());
  }
}
