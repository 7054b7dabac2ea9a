package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderUpdate;

/**
 * A condition against a broker that does anything an exchange may do: random prices interleaved
 * with random outcomes of its orders (accepts, partial and full fills, cancels, expiries, transient
 * and final refusals, unknown outcomes, repeated and stale updates). Whatever happens, no exit
 * closes more than its entry filled, nothing is entered without a fill, entry attempts stay within
 * the limit, and until it fails the condition's fills are exactly the broker's.
 */
class ConditionOrderProperties {

  private static final String ITEM = "TXFF6";
  private static final long TRIGGER_POINTS = 20_000;

  /** One thing that happens: a tick, or something the broker does to one of the orders. */
  sealed interface Action permits Tick, Outcome {}

  record Tick(long stepUnits) implements Action {}

  enum Kind {
    ACCEPT,
    FILL_SOME,
    FILL_ALL,
    CANCEL,
    EXPIRE,
    REJECT_TRANSIENT,
    REJECT_FINAL,
    UNKNOWN,
    REPEAT_AN_OLD_UPDATE
  }

  /**
   * @param pick which order (among the working ones, or among all updates for a repeat)
   * @param lots how many lots a partial fill takes, at most what remains
   */
  record Outcome(Kind kind, int pick, int lots) implements Action {}

  @Provide
  Arbitrary<ConditionSpec> specs() {
    return Combinators.combine(
            Arbitraries.of(Side.class),
            Arbitraries.longs().between(0, 30),
            Arbitraries.integers().between(1, 5),
            Arbitraries.longs().between(5, 60),
            Arbitraries.longs().between(5, 40),
            Arbitraries.of(true, false))
        .as(
            (side, turning, quantity, tp, sl, follow) ->
                new ConditionSpec(
                    ITEM,
                    side,
                    Price.ofPoints(TRIGGER_POINTS),
                    Price.ofPoints(turning),
                    quantity,
                    Price.ofPoints(tp),
                    Price.ofPoints(sl),
                    follow));
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Action> ticks =
        Arbitraries.longs()
            .between(-25, 25)
            .map(points -> (Action) new Tick(points * Price.UNITS_PER_POINT));
    Arbitrary<Action> outcomes =
        Combinators.combine(
                Arbitraries.frequency(
                    Tuple.of(2, Kind.ACCEPT),
                    Tuple.of(4, Kind.FILL_SOME),
                    Tuple.of(6, Kind.FILL_ALL),
                    Tuple.of(2, Kind.CANCEL),
                    Tuple.of(1, Kind.EXPIRE),
                    Tuple.of(2, Kind.REJECT_TRANSIENT),
                    Tuple.of(1, Kind.REJECT_FINAL),
                    Tuple.of(1, Kind.UNKNOWN),
                    Tuple.of(2, Kind.REPEAT_AN_OLD_UPDATE)),
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(1, 4))
            .as((kind, pick, lots) -> (Action) new Outcome(kind, pick, lots));
    return Arbitraries.frequencyOf(Tuple.of(3, ticks), Tuple.of(2, outcomes))
        .list()
        .ofMinSize(1)
        .ofMaxSize(200);
  }

  /** The broker's side: every order the condition sent, by client order id, and its updates. */
  private static final class Broker {
    final Map<String, Order> orders = new LinkedHashMap<>();
    final List<OrderUpdate> sent = new ArrayList<>();
    private int executions;

    void place(Signal signal) {
      String id = ConditionOrderId.PREFIX + signal.signalId();
      assertThat(orders).as("each attempt has its own client order id").doesNotContainKey(id);
      orders.put(
          id,
          new Order(
              new OrderRequest(
                  "ACC",
                  signal.itemCode(),
                  signal.side(),
                  OrderType.MARKET,
                  Price.ZERO,
                  signal.quantity(),
                  signal.reason().isExit() ? OpenClose.CLOSE : OpenClose.AUTO,
                  "",
                  DayTrade.NO,
                  TimeInForce.IOC,
                  id),
              signal.closesSignalId()));
    }

    List<Order> working() {
      return orders.values().stream().filter(o -> !o.state().isFinal()).toList();
    }

    OrderEvent eventFor(Order order, Outcome outcome, long priceUnits) {
      String id = order.clientOrderId();
      int remaining = order.request().quantity() - order.filledQuantity();
      Price price = Price.ofUnits(priceUnits);
      return switch (outcome.kind()) {
        case ACCEPT -> new OrderEvent.Accepted(id, "S", 0);
        case FILL_SOME ->
            new OrderEvent.Filled(
                id, "S", "E" + ++executions, Math.min(outcome.lots(), remaining), price, 0);
        case FILL_ALL -> new OrderEvent.Filled(id, "S", "E" + ++executions, remaining, price, 0);
        case CANCEL -> new OrderEvent.Cancelled(id, "S", "IOC rest", 0);
        case EXPIRE -> new OrderEvent.Expired(id, "S", "expired", 0);
        case REJECT_TRANSIENT ->
            new OrderEvent.Rejected(id, ErrorCode.EXCHANGE_UNAVAILABLE.wire(), "breaker open", 0);
        case REJECT_FINAL -> new OrderEvent.Rejected(id, ErrorCode.RISK_LIMIT.wire(), "limit", 0);
        case UNKNOWN -> new OrderEvent.Unknown(id, "broker failed", 0);
        case REPEAT_AN_OLD_UPDATE -> throw new IllegalArgumentException("not an event");
      };
    }

    int filled(ConditionOrderId.Leg leg) {
      int sum = 0;
      for (Order order : orders.values()) {
        if (ConditionOrderId.parse(order.clientOrderId()).orElseThrow().leg() == leg) {
          sum += order.filledQuantity();
        }
      }
      return sum;
    }

    long working(ConditionOrderId.Leg leg) {
      return working().stream()
          .filter(o -> ConditionOrderId.parse(o.clientOrderId()).orElseThrow().leg() == leg)
          .count();
    }
  }

  @Property(tries = 3000)
  void noExitClosesMoreThanItsEntryFilledAndNothingEntersWithoutAFill(
      @ForAll("specs") ConditionSpec spec,
      @ForAll @IntRange(min = 1, max = 4) int maxEntryAttempts,
      @ForAll("actions") List<Action> actions) {
    Condition condition = Condition.create(1, spec);
    ConditionBook book = new ConditionBook();
    book.put(condition);
    SupportResistanceStrategy strategy = new SupportResistanceStrategy(book, maxEntryAttempts);
    Broker broker = new Broker();
    List<Signal> signals = new ArrayList<>();
    List<ConditionStep> steps = new ArrayList<>();
    StrategyListener listener =
        new StrategyListener() {
          @Override
          public void onSignal(Signal signal) {
            int open = condition.entryFilled() - condition.exitFilled();
            if (signal.reason().isExit()) {
              assertThat(signal.quantity())
                  .as("an exit closes at most what its entry filled and is still open")
                  .isBetween(1, open);
              assertThat(signal.closesSignalId()).isEqualTo(condition.entryOrderId().signalId());
            } else {
              assertThat(signal.quantity()).isEqualTo(spec.quantity());
            }
            signals.add(signal);
            broker.place(signal);
          }

          @Override
          public void onConditionChanged(Condition changed, ConditionStep step) {
            steps.add(step);
          }
        };

    long price = TRIGGER_POINTS * Price.UNITS_PER_POINT;
    long sequence = 0;
    for (Action action : actions) {
      if (action instanceof Tick tick) {
        price = Math.max(Price.UNITS_PER_POINT, price + tick.stepUnits());
        strategy.onTick(new TickEvent(ITEM, ++sequence, price, 1, sequence, sequence), listener);
      } else {
        Outcome outcome = (Outcome) action;
        if (outcome.kind() == Kind.REPEAT_AN_OLD_UPDATE) {
          if (!broker.sent.isEmpty()) {
            strategy.onOrderUpdate(broker.sent.get(outcome.pick() % broker.sent.size()), listener);
          }
        } else {
          List<Order> working = broker.working();
          if (!working.isEmpty()) {
            Order order = working.get(outcome.pick() % working.size());
            if (order.apply(broker.eventFor(order, outcome, price)) == Order.Outcome.APPLIED) {
              OrderUpdate update = order.toUpdate();
              broker.sent.add(update);
              strategy.onOrderUpdate(update, listener);
            }
          }
        }
      }

      int entryFilled = condition.entryFilled();
      int exitFilled = condition.exitFilled();
      ConditionState state = condition.state();
      assertThat(exitFilled)
          .as("exits never close more than the entry filled")
          .isLessThanOrEqualTo(entryFilled);
      if (state != ConditionState.FAILED) {
        // A failed condition stops listening; an entry still working may fill on without it (the
        // reconciliation at start reports such lots).
        assertThat(entryFilled)
            .as("the condition's entry fills are the broker's")
            .isEqualTo(broker.filled(ConditionOrderId.Leg.ENTRY));
        assertThat(exitFilled)
            .as("the condition's exit fills are the broker's")
            .isEqualTo(broker.filled(ConditionOrderId.Leg.EXIT));
      }
      if (state == ConditionState.ENTERED
          || state == ConditionState.EXITING
          || state == ConditionState.EXITED) {
        assertThat(entryFilled).as("never entered without a fill").isPositive();
      }
      if (state == ConditionState.EXITED) {
        assertThat(exitFilled).isEqualTo(entryFilled);
      }
      if (state == ConditionState.FAILED) {
        assertThat(condition.failure()).isNotBlank();
      }
      assertThat(condition.snapshot().progress().entryAttempts())
          .isLessThanOrEqualTo(maxEntryAttempts);
      assertThat(broker.working(ConditionOrderId.Leg.ENTRY))
          .as("one entry attempt at a time")
          .isLessThanOrEqualTo(1);
      assertThat(broker.working(ConditionOrderId.Leg.EXIT))
          .as("one exit attempt at a time: a re-sent exit never doubles")
          .isLessThanOrEqualTo(1);
    }

    long entries = signals.stream().filter(s -> !s.reason().isExit()).count();
    assertThat(entries).as("entry attempts").isLessThanOrEqualTo(maxEntryAttempts);
    assertThat(signals.stream().map(Signal::signalId).distinct().count()).isEqualTo(signals.size());
    assertThat(steps.stream().filter(ConditionStep::emitsSignal).count()).isEqualTo(signals.size());

    Statistics.label("final state").collect(condition.state());
    Statistics.label("exit attempts")
        .collect(Math.min(3, signals.stream().filter(s -> s.reason().isExit()).count()));
    Statistics.label("final state")
        .coverage(
            coverage -> {
              coverage.check(ConditionState.EXITED).percentage(p -> p > 3);
              coverage.check(ConditionState.FAILED).percentage(p -> p > 3);
              coverage.check(ConditionState.EXITING).percentage(p -> p > 1);
            });
    Statistics.label("exit attempts")
        .coverage(coverage -> coverage.check(3L).percentage(p -> p > 0.5));
  }
}
