package org.aftm.benchmarks;

import java.util.EnumMap;
import java.util.Map;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.StrategiesSetting;
import org.aftm.domain.strategy.Strategy;
import org.aftm.domain.strategy.StrategyCatalog;
import org.aftm.domain.strategy.StrategyHost;
import org.aftm.domain.strategy.StrategyListener;
import org.aftm.domain.strategy.SupportResistanceStrategy;

/**
 * What {@link StrategyBenchmark} measures: one instrument's book of {@code n} conditions that stay
 * active and keep doing the work of a live session, and a price path that oscillates through a
 * 100-point band so the comparison and trailing code runs on every tick.
 *
 * <p>The mix, by condition index {@code k}:
 *
 * <ul>
 *   <li>{@code k % 100 == 99}: a <em>cycling</em> buy inside the band. It triggers on the way down,
 *       enters on the way up and takes profit, so it emits two signals per oscillation (each filled
 *       at once at its tick's price); when it finishes it is re-armed as a fresh condition with the
 *       same id, as an operator adding conditions would, so the book size stays {@code n}.
 *   <li>{@code k % 10 == 2}: a triggered buy, following on, whose order price stays 1000 points
 *       above the band: it trails the first lows, then compares on every tick.
 *   <li>{@code k % 10 == 3 / 4}: an entered buy / sell whose take profit and stop loss are 2000
 *       points away: compares both exits on every tick.
 *   <li>{@code k % 10 == 1}: a new sell, following on, triggering 2000 points above the band.
 *   <li>all others: a new buy, following on, triggering 2000 points below the band.
 * </ul>
 *
 * <p>Not thread-safe; one benchmark thread owns it.
 */
final class StrategyWorkload {

  static final String ITEM = "TXF";

  /** The band the price oscillates in, whole points. */
  static final long LOW_POINTS = 21_950;

  static final long HIGH_POINTS = 22_050;

  private final ConditionBook book = new ConditionBook();
  private final Strategy strategy;
  private final ConditionSpec[] specsById;
  private final TickEvent[] path;
  private final Rearming listener;
  private final boolean churn;
  private int next;

  /**
   * @param conditions how many active conditions the instrument has
   * @param sink receives every signal and condition change, so nothing is optimised away
   */
  StrategyWorkload(int conditions, StrategyListener sink) {
    this(conditions, sink, true);
  }

  /**
   * @param churn whether every hundredth condition cycles through entry and exit and is re-armed;
   *     without it those are new buys far below the band and no signal is ever emitted
   */
  StrategyWorkload(int conditions, StrategyListener sink, boolean churn) {
    this(conditions, sink, churn, false);
  }

  /**
   * @param hosted whether the strategy runs as the support/resistance plugin in a {@link
   *     StrategyHost}, as the strategy process and replay run it, or alone
   */
  StrategyWorkload(int conditions, StrategyListener sink, boolean churn, boolean hosted) {
    this.strategy =
        hosted
            ? new StrategyHost(
                StrategiesSetting.parse("support-resistance", StrategyCatalog.installed()), book)
            : new SupportResistanceStrategy(book);
    this.churn = churn;
    if (conditions < 1) {
      throw new IllegalArgumentException("conditions must be >= 1 but was " + conditions);
    }
    specsById = new ConditionSpec[conditions];
    for (int k = 0; k < conditions; k++) {
      book.put(condition(k));
    }
    path = trianglePath();
    listener = new Rearming(sink, conditions);
  }

  /**
   * Feeds the next tick of the path through the strategy, fills what it signalled at the tick's
   * price (a broker that fills at once), then re-arms what finished.
   */
  void tick() {
    TickEvent tick = path[next];
    next = next + 1 == path.length ? 0 : next + 1;
    strategy.onTick(tick, listener);
    listener.fill(tick.priceUnits());
    listener.rearm();
  }

  int bookSize() {
    return book.size();
  }

  long signals() {
    return listener.signals;
  }

  long rearmed() {
    return listener.rearmed;
  }

  /** How many conditions are in each state right now. */
  Map<ConditionState, Integer> states() {
    Map<ConditionState, Integer> states = new EnumMap<>(ConditionState.class);
    for (Condition condition : book.all()) {
      states.merge(condition.state(), 1, Integer::sum);
    }
    return states;
  }

  int pathLength() {
    return path.length;
  }

  private Condition condition(int k) {
    long id = k;
    if (churn && k % 100 == 99) {
      // Triggers between 21955 and 21974, enters 5 above, takes profit 20 above that: inside the
      // band.
      ConditionSpec spec = spec(Side.BUY, LOW_POINTS + 5 + (k / 100) % 20, 5, 20, 200, false);
      specsById[k] = spec;
      return Condition.create(id, spec);
    }
    switch (k % 10) {
      case 2:
        {
          ConditionSpec spec = spec(Side.BUY, HIGH_POINTS + 50, 1_000, 90, 30, true);
          specsById[k] = spec;
          return Condition.restore(
              new ConditionSnapshot(
                  id, spec, ConditionState.TRIGGERED, spec.triggerPrice(), ConditionProgress.NONE));
        }
      case 3:
      case 4:
        {
          Side side = k % 10 == 3 ? Side.BUY : Side.SELL;
          ConditionSpec spec = spec(side, 22_000, 0, 2_000, 2_000, false);
          specsById[k] = spec;
          return Condition.restore(
              new ConditionSnapshot(
                  id,
                  spec,
                  ConditionState.ENTERED,
                  spec.triggerPrice(),
                  new ConditionProgress(
                      1,
                      spec.quantity(),
                      Price.ofPoints(22_000).units() * spec.quantity(),
                      true,
                      0,
                      null,
                      0,
                      0,
                      0,
                      0,
                      false,
                      "")));
        }
      case 1:
        {
          ConditionSpec spec = spec(Side.SELL, HIGH_POINTS + 2_000, 30, 90, 30, true);
          specsById[k] = spec;
          return Condition.create(id, spec);
        }
      default:
        {
          ConditionSpec spec = spec(Side.BUY, LOW_POINTS - 2_000, 30, 90, 30, true);
          specsById[k] = spec;
          return Condition.create(id, spec);
        }
    }
  }

  private static ConditionSpec spec(
      Side side,
      long triggerPoints,
      long turningPoints,
      long takeProfitPoints,
      long stopLossPoints,
      boolean following) {
    return new ConditionSpec(
        ITEM,
        side,
        Price.ofPoints(triggerPoints),
        Price.ofPoints(turningPoints),
        1,
        Price.ofPoints(takeProfitPoints),
        Price.ofPoints(stopLossPoints),
        following);
  }

  /** Down from the high to the low and back, one point per tick: 200 ticks per oscillation. */
  private static TickEvent[] trianglePath() {
    int half = (int) (HIGH_POINTS - LOW_POINTS);
    TickEvent[] ticks = new TickEvent[2 * half];
    for (int i = 0; i < ticks.length; i++) {
      long points = i < half ? HIGH_POINTS - i : LOW_POINTS + (i - half);
      ticks[i] =
          new TickEvent(
              ITEM, i + 1L, points * Price.UNITS_PER_POINT, 1, 1_790_000_000_000L + i, 0L);
    }
    return ticks;
  }

  /**
   * Passes everything to the sink and remembers which conditions finished, to re-arm them after the
   * tick.
   */
  private final class Rearming implements StrategyListener {
    private final StrategyListener sink;
    private final long[] finished;
    private final Signal[] toFill;
    private int finishedCount;
    private int toFillCount;
    long signals;
    long rearmed;

    Rearming(StrategyListener sink, int capacity) {
      this.sink = sink;
      this.finished = new long[capacity];
      this.toFill = new Signal[capacity];
    }

    @Override
    public void onSignal(Signal signal) {
      signals++;
      sink.onSignal(signal);
      toFill[toFillCount++] = signal;
    }

    /** The conditions move on fills: each signal of the tick fills in full at its price. */
    void fill(long priceUnits) {
      for (int i = 0; i < toFillCount; i++) {
        Signal signal = toFill[i];
        toFill[i] = null;
        strategy.onOrderUpdate(
            new OrderUpdate(
                ConditionOrderId.PREFIX + signal.signalId(),
                OrderState.FILLED,
                signal.quantity(),
                signal.quantity(),
                priceUnits * signal.quantity(),
                "",
                ""),
            this);
      }
      toFillCount = 0;
    }

    @Override
    public void onConditionChanged(Condition condition, ConditionStep step) {
      sink.onConditionChanged(condition, step);
      if (condition.isFinished()) {
        finished[finishedCount++] = condition.id();
      }
    }

    void rearm() {
      for (int i = 0; i < finishedCount; i++) {
        int id = (int) finished[i];
        book.put(Condition.create(id, specsById[id]));
        rearmed++;
      }
      finishedCount = 0;
    }
  }
}
