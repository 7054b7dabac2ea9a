package org.aftm.domain.strategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Tick;
import org.aftm.domain.order.OrderUpdate;

/**
 * The configured strategy instances, run as one {@link Strategy} on the strategy thread, live (the
 * strategy process's agent) and in replay alike.
 *
 * <ul>
 *   <li><b>Ticks</b> go to each instance that trades the tick's instrument, in configuration order.
 *   <li><b>Bars</b>: each instance has a {@link BarBuilder} per period its plugin asks for; the
 *       bars a tick closes reach the instance's {@link Strategy#onBar} before that tick reaches its
 *       {@link Strategy#onTick}.
 *   <li><b>Order updates</b> go to the instance whose order it is, by client order id: a condition
 *       order ({@code aftm-<digits>-...}) to the instance that runs over the conditions, {@code
 *       aftm-<instance>-<n>} ({@link InstanceSignals}) to that instance; any other to none.
 * </ul>
 *
 * <p>Not thread-safe: the strategy thread owns it and every instance. Nothing is allocated per tick
 * beyond what the instances and the bars they receive allocate.
 */
public final class StrategyHost implements Strategy {

  private final Hosted[] hosted;
  private final Hosted conditionsInstance;

  /**
   * The one instance, when it is alone, trades every instrument and asks for no bars (the default
   * support/resistance): its ticks go straight to it.
   */
  private final Strategy alone;

  private final String name;

  /** One instance, its filter and its bar builders. */
  private static final class Hosted implements Consumer<Bar> {
    final ConfiguredStrategy configured;
    final Strategy strategy;
    final String clientOrderIdPrefix;
    final boolean allInstruments;
    final Set<String> instruments;
    final BarBuilder[] bars;

    /** The listener of the tick being handled, for the bars it closes; strategy thread only. */
    StrategyListener listener;

    Hosted(ConfiguredStrategy configured, Strategy strategy) {
      this.configured = configured;
      this.strategy = strategy;
      this.clientOrderIdPrefix = InstanceSignals.clientOrderIdPrefix(configured.name());
      this.instruments = configured.instruments();
      this.allInstruments = instruments.isEmpty();
      List<BarBuilder> builders = new ArrayList<>();
      for (Duration period : new LinkedHashSet<>(configured.barPeriods())) {
        builders.add(new BarBuilder(period));
      }
      this.bars = builders.toArray(new BarBuilder[0]);
    }

    void onTick(Tick tick, StrategyListener listener) {
      if (bars.length != 0) {
        this.listener = listener;
        for (BarBuilder builder : bars) {
          builder.onTick(tick, this);
        }
      }
      strategy.onTick(tick, listener);
    }

    @Override
    public void accept(Bar bar) {
      strategy.onBar(bar, listener);
    }
  }

  /**
   * Creates every instance with its plugin.
   *
   * @param conditions the operator's conditions, given to the instance that runs over them
   */
  public StrategyHost(List<ConfiguredStrategy> instances, ConditionBook conditions) {
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("no strategy instance to run");
    }
    hosted = new Hosted[instances.size()];
    Hosted overConditions = null;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < hosted.length; i++) {
      ConfiguredStrategy configured = instances.get(i);
      Strategy strategy =
          configured
              .plugin()
              .create(
                  new StrategySetup(
                      configured.name(),
                      configured.instruments(),
                      configured.parameters(),
                      conditions));
      hosted[i] = new Hosted(configured, strategy);
      if (configured.plugin().runsOverConditions() && overConditions == null) {
        overConditions = hosted[i];
      }
      names.add(configured.name());
    }
    conditionsInstance = overConditions;
    alone =
        hosted.length == 1 && hosted[0].allInstruments && hosted[0].bars.length == 0
            ? hosted[0].strategy
            : null;
    name = String.join("+", names);
  }

  /** The instances' names joined by {@code +}. */
  @Override
  public String name() {
    return name;
  }

  /** Whether one of the instances runs over the operator's conditions. */
  public boolean runsConditions() {
    return conditionsInstance != null;
  }

  /** The configured instances, in order. */
  public List<ConfiguredStrategy> instances() {
    List<ConfiguredStrategy> all = new ArrayList<>(hosted.length);
    for (Hosted h : hosted) {
      all.add(h.configured);
    }
    return all;
  }

  @Override
  public void onTick(Tick tick, StrategyListener listener) {
    if (alone != null) {
      alone.onTick(tick, listener);
      return;
    }
    String item = tick.itemCode();
    for (Hosted h : hosted) {
      if (h.allInstruments || h.instruments.contains(item)) {
        h.onTick(tick, listener);
      }
    }
  }

  @Override
  public void onOrderUpdate(OrderUpdate update, StrategyListener listener) {
    Hosted owner = ownerOf(update.clientOrderId());
    if (owner != null) {
      owner.strategy.onOrderUpdate(update, listener);
    }
  }

  /** Bars are built here from ticks; none come from outside. */
  @Override
  public void onBar(Bar bar, StrategyListener listener) {}

  /** The instance whose order {@code clientOrderId} is, or {@code null}. */
  private Hosted ownerOf(String clientOrderId) {
    String prefix = ConditionOrderId.PREFIX;
    if (clientOrderId == null
        || clientOrderId.length() <= prefix.length()
        || !clientOrderId.startsWith(prefix)) {
      return null;
    }
    char first = clientOrderId.charAt(prefix.length());
    if (first >= '0' && first <= '9') {
      return conditionsInstance;
    }
    for (Hosted h : hosted) {
      if (InstanceSignals.owns(h.clientOrderIdPrefix, clientOrderId)) {
        return h;
      }
    }
    return null;
  }
}
