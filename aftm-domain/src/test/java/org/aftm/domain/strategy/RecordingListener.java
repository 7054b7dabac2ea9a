package org.aftm.domain.strategy;

import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionStep;

/** Records what a strategy reports, in order, with the condition's state at the time. */
final class RecordingListener implements StrategyListener {

  /** One condition change as the listener saw it. */
  record Change(long conditionId, ConditionStep step, ConditionSnapshot snapshot) {}

  final List<Signal> signals = new ArrayList<>();
  final List<Change> changes = new ArrayList<>();

  /** Signals and changes interleaved, e.g. "signal 7-entry", "change 7 ENTERED". */
  final List<String> events = new ArrayList<>();

  @Override
  public void onSignal(Signal signal) {
    signals.add(signal);
    events.add("signal " + signal.signalId());
  }

  @Override
  public void onConditionChanged(Condition condition, ConditionStep step) {
    changes.add(new Change(condition.id(), step, condition.snapshot()));
    events.add("change " + condition.id() + " " + step);
  }

  void clear() {
    signals.clear();
    changes.clear();
    events.clear();
  }
}
