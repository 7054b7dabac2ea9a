package org.aftm.domain.strategy;

import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionStep;

/** Receives what a strategy decides, on the strategy's own thread. */
public interface StrategyListener {

  /** A signal to trade. */
  void onSignal(Signal signal);

  /** A condition changed state or trailed; the listener persists it. */
  void onConditionChanged(Condition condition, ConditionStep step);
}
