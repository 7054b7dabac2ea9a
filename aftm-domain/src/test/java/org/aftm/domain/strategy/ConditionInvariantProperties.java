package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.condition.OrderUpdates;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;

/**
 * Invariants of docs/architecture.md §3 over random conditions (buy and sell, following on and off,
 * zero turning points included) and random price paths that wander around the trigger, so that most
 * paths trigger, many enter and a good share exit. A broker fills every order in full at its tick's
 * price right after the tick, as the live loop would tell the strategy before the next one.
 */
class ConditionInvariantProperties {

  private static final String ITEM = "TXFF6";
  private static final long TRIGGER_POINTS = 20_000;

  @Provide
  Arbitrary<ConditionSpec> specs() {
    Arbitrary<Side> sides = Arbitraries.of(Side.class);
    Arbitrary<Long> triggers = Arbitraries.longs().between(-50, 50).map(d -> TRIGGER_POINTS + d);
    Arbitrary<Long> turnings =
        Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(1, 40));
    Arbitrary<Integer> quantities = Arbitraries.integers().between(1, 10);
    Arbitrary<Long> takeProfits = Arbitraries.longs().between(1, 80);
    Arbitrary<Long> stopLosses = Arbitraries.longs().between(1, 60);
    Arbitrary<Boolean> following = Arbitraries.of(true, false);
    return Combinators.combine(
            sides, triggers, turnings, quantities, takeProfits, stopLosses, following)
        .as(
            (side, trigger, turning, quantity, tp, sl, follow) ->
                new ConditionSpec(
                    ITEM,
                    side,
                    Price.ofPoints(trigger),
                    Price.ofPoints(turning),
                    quantity,
                    Price.ofPoints(tp),
                    Price.ofPoints(sl),
                    follow));
  }

  /**
   * A random walk from the trigger price, in units, with steps of up to 25 points and odd
   * fractions.
   */
  @Provide
  Arbitrary<long[]> paths() {
    Arbitrary<Long> step =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-25, 25).map(p -> p * Price.UNITS_PER_POINT),
            Arbitraries.longs().between(-250_000, 250_000));
    return step.list()
        .ofMinSize(1)
        .ofMaxSize(200)
        .map(
            steps -> {
              long[] prices = new long[steps.size()];
              long price = TRIGGER_POINTS * Price.UNITS_PER_POINT;
              for (int i = 0; i < prices.length; i++) {
                price = Math.max(Price.UNITS_PER_POINT, price + steps.get(i));
                prices[i] = price;
              }
              return prices;
            });
  }

  /**
   * @param states the condition's state after each tick (before its order's fill)
   * @param eventStates the state after each tick and after each fill
   */
  private record Run(
      List<Signal> signals,
      List<ConditionStep> steps,
      List<ConditionState> states,
      List<Long> triggers,
      List<ConditionState> eventStates) {}

  private static Run run(Condition condition, long[] prices, int from) {
    ConditionBook book = new ConditionBook();
    book.put(condition);
    SupportResistanceStrategy strategy = new SupportResistanceStrategy(book);
    List<Signal> signals = new ArrayList<>();
    List<ConditionStep> steps = new ArrayList<>();
    List<ConditionState> states = new ArrayList<>();
    List<Long> triggers = new ArrayList<>();
    List<ConditionState> eventStates = new ArrayList<>();
    ConditionStep[] last = {ConditionStep.NONE};
    StrategyListener listener =
        new StrategyListener() {
          @Override
          public void onSignal(Signal signal) {
            signals.add(signal);
          }

          @Override
          public void onConditionChanged(Condition changed, ConditionStep step) {
            last[0] = step;
          }
        };
    for (int i = from; i < prices.length; i++) {
      last[0] = ConditionStep.NONE;
      int signalsBefore = signals.size();
      strategy.onTick(new TickEvent(ITEM, i + 1, prices[i], 1, i, i), listener);
      steps.add(last[0]);
      states.add(condition.state());
      eventStates.add(condition.state());
      triggers.add(condition.triggerUnits());
      for (Signal signal : List.copyOf(signals.subList(signalsBefore, signals.size()))) {
        ConditionOrderId id =
            ConditionOrderId.parse(ConditionOrderId.PREFIX + signal.signalId()).orElseThrow();
        strategy.onOrderUpdate(
            OrderUpdates.filled(id, signal.quantity(), signal.priceUnits()), listener);
        eventStates.add(condition.state());
      }
    }
    return new Run(signals, steps, states, triggers, eventStates);
  }

  @Property(tries = 2000)
  void atMostOneTransitionPerTickOrFillAndNeverBackwards(
      @ForAll("specs") ConditionSpec spec, @ForAll("paths") long[] prices) {
    Condition condition = Condition.create(1, spec);
    Run run = run(condition, prices, 0);

    int previous = ConditionState.NEW.ordinal();
    for (ConditionState state : run.eventStates()) {
      assertThat(state.ordinal() - previous).isBetween(0, 1);
      previous = state.ordinal();
    }
    Statistics.label("final state").collect(condition.state());
  }

  @Property(tries = 2000)
  void signalsComeInOrderOnceEachWithTheRightSidesAndQuantity(
      @ForAll("specs") ConditionSpec spec, @ForAll("paths") long[] prices) {
    Run run = run(Condition.create(4, spec), prices, 0);
    List<Signal> signals = run.signals();

    assertThat(signals).hasSizeLessThanOrEqualTo(2);
    if (!signals.isEmpty()) {
      Signal entry = signals.get(0);
      assertThat(entry.reason()).as("no exit before entry").isEqualTo(SignalReason.ENTRY);
      assertThat(entry.signalId()).isEqualTo("4-entry");
      assertThat(entry.side()).isEqualTo(spec.action());
      assertThat(entry.quantity()).isEqualTo(spec.quantity());
    }
    if (signals.size() == 2) {
      Signal exit = signals.get(1);
      assertThat(exit.reason().isExit()).isTrue();
      assertThat(exit.signalId()).isEqualTo("4-exit");
      assertThat(exit.side()).isEqualTo(spec.action().opposite());
      assertThat(exit.quantity()).isEqualTo(spec.quantity());
      assertThat(exit.tickSequence()).isGreaterThan(signals.get(0).tickSequence());
    }
    // Signals match the steps one for one.
    assertThat(run.steps().stream().filter(ConditionStep::emitsSignal).count())
        .isEqualTo(signals.size());
    Statistics.label("signals").collect(signals.size());
    // Guards the generators: the invariants must be checked on many paths that enter and exit.
    Statistics.label("signals")
        .coverage(
            coverage -> {
              coverage.check(1).percentage(p -> p > 5);
              coverage.check(2).percentage(p -> p > 10);
            });
  }

  @Property(tries = 2000)
  void entryAndExitPricesRespectTheDerivedPrices(
      @ForAll("specs") ConditionSpec spec, @ForAll("paths") long[] prices) {
    Condition condition = Condition.create(1, spec);
    Run run = run(condition, prices, 0);
    boolean buy = spec.action() == Side.BUY;
    for (Signal signal : run.signals()) {
      var snapshot = condition.snapshot();
      switch (signal.reason()) {
        case ENTRY -> {
          long order = snapshot.orderPrice().units();
          assertThat(buy ? signal.priceUnits() >= order : signal.priceUnits() <= order).isTrue();
        }
        case TAKE_PROFIT -> {
          long tp = snapshot.takeProfitPrice().units();
          assertThat(buy ? signal.priceUnits() >= tp : signal.priceUnits() <= tp).isTrue();
        }
        case STOP_LOSS -> {
          long sl = snapshot.stopLossPrice().units();
          assertThat(buy ? signal.priceUnits() <= sl : signal.priceUnits() >= sl).isTrue();
        }
      }
    }
  }

  @Property(tries = 2000)
  void aBuyTriggerNeverTrailsUpAndASellNeverDown(
      @ForAll("specs") ConditionSpec spec, @ForAll("paths") long[] prices) {
    Condition condition = Condition.create(1, spec);
    long initial = condition.triggerUnits();
    Run run = run(condition, prices, 0);

    long previous = initial;
    for (int i = 0; i < run.triggers().size(); i++) {
      long trigger = run.triggers().get(i);
      if (spec.action() == Side.BUY) {
        assertThat(trigger).isLessThanOrEqualTo(previous);
      } else {
        assertThat(trigger).isGreaterThanOrEqualTo(previous);
      }
      if (trigger != previous) {
        assertThat(spec.following()).as("only a following condition trails").isTrue();
        assertThat(spec.turningPoint().isPositive())
            .as("a zero turning point never trails")
            .isTrue();
        assertThat(trigger).as("trails to the tick's price").isEqualTo(prices[i]);
        assertThat(run.states().get(i))
            .as("never trails once ordered")
            .isNotIn(
                ConditionState.ORDERED,
                ConditionState.ENTERED,
                ConditionState.EXITING,
                ConditionState.EXITED);
      }
      previous = trigger;
    }
  }

  @Property(tries = 2000)
  void aRestoredConditionBehavesLikeTheOriginalOnTheRestOfThePath(
      @ForAll("specs") ConditionSpec spec,
      @ForAll("paths") long[] prices,
      @ForAll @IntRange(max = 200) int cut) {
    int restart = Math.min(cut, prices.length);
    Condition original = Condition.create(3, spec);
    run(original, java.util.Arrays.copyOf(prices, restart), 0);
    ConditionState atRestart = original.state();
    Condition restored = Condition.restore(original.snapshot());
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());

    Run afterOriginal = run(original, prices, restart);
    Run afterRestored = run(restored, prices, restart);

    assertThat(afterRestored.steps()).isEqualTo(afterOriginal.steps());
    assertThat(afterRestored.states()).isEqualTo(afterOriginal.states());
    assertThat(afterRestored.triggers()).isEqualTo(afterOriginal.triggers());
    assertThat(afterRestored.signals())
        .extracting(Signal::signalId, Signal::side, Signal::priceUnits)
        .isEqualTo(
            afterOriginal.signals().stream()
                .map(
                    s ->
                        org.assertj.core.groups.Tuple.tuple(s.signalId(), s.side(), s.priceUnits()))
                .toList());
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    Statistics.label("state at restart").collect(atRestart);
  }
}
