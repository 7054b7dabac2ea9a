package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.Test;

/** The moving-average crossover on hand-made bars: fast 2, slow 3. */
class MovingAverageCrossoverStrategyTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final long T0 = 1_795_136_400_000L;

  private final RecordingListener listener = new RecordingListener();
  private int bar;

  private static MovingAverageCrossoverStrategy strategy(
      int quantity, int maxPosition, boolean goShort) {
    return new MovingAverageCrossoverStrategy(
        new InstanceSignals("ma"), 2, 3, quantity, maxPosition, goShort);
  }

  private void close(MovingAverageCrossoverStrategy strategy, String item, long close) {
    long open = T0 + MINUTE.toMillis() * bar++;
    strategy.onBar(new Bar(item, MINUTE, open, close, close, close, close, 1, 1), listener);
  }

  private void closes(MovingAverageCrossoverStrategy strategy, long... closes) {
    for (long c : closes) {
      close(strategy, "TXF", c);
    }
  }

  private static OrderUpdate update(Signal signal, OrderState state, int filled) {
    return new OrderUpdate(
        ConditionOrderId.PREFIX + signal.signalId(),
        state,
        signal.quantity(),
        filled,
        filled * signal.priceUnits(),
        "",
        "");
  }

  private Signal last() {
    return listener.signals.get(listener.signals.size() - 1);
  }

  @Test
  void crossingAboveBuysAndCrossingBelowGoesShortWithinTheLimit() {
    MovingAverageCrossoverStrategy ma = strategy(1, 1, true);
    // Closes 10, 10, 10: the averages are equal, and there is no bar before to cross from.
    closes(ma, 10, 10, 10);
    assertThat(listener.signals).as("averages equal: no cross").isEmpty();
    closes(ma, 13);
    // fast (10+13)/2 = 11.5 > slow (10+10+13)/3 = 11: crossed above from equal.
    assertThat(listener.signals).hasSize(1);
    Signal buy = last();
    assertThat(buy.side()).isEqualTo(Side.BUY);
    assertThat(buy.quantity()).isEqualTo(1);
    assertThat(buy.itemCode()).isEqualTo("TXF");
    assertThat(buy.reason()).isEqualTo(SignalReason.ENTRY);
    assertThat(buy.fromCondition()).isFalse();
    assertThat(buy.priceUnits()).isEqualTo(13);
    assertThat(buy.signalId()).isEqualTo("ma-" + (T0 + 4 * MINUTE.toMillis()));
    assertThat(ma.target("TXF")).isEqualTo(1);

    ma.onOrderUpdate(update(buy, OrderState.ACCEPTED, 0), listener);
    assertThat(ma.position("TXF")).isZero();
    ma.onOrderUpdate(update(buy, OrderState.FILLED, 1), listener);
    ma.onOrderUpdate(update(buy, OrderState.FILLED, 1), listener);
    assertThat(ma.position("TXF")).as("a repeated update counts once").isEqualTo(1);

    closes(ma, 14);
    assertThat(listener.signals).as("at the target: nothing more").hasSize(1);

    closes(ma, 5);
    // fast (14+5)/2 = 9.5 < slow (13+14+5)/3 = 10.67: crossed below, target -1, sell 2 but at most
    // quantity (1) per order.
    assertThat(ma.target("TXF")).isEqualTo(-1);
    assertThat(last().side()).isEqualTo(Side.SELL);
    assertThat(last().quantity()).isEqualTo(1);
    ma.onOrderUpdate(update(last(), OrderState.FILLED, 1), listener);
    assertThat(ma.position("TXF")).isZero();

    closes(ma, 4);
    assertThat(last().side()).isEqualTo(Side.SELL);
    ma.onOrderUpdate(update(last(), OrderState.FILLED, 1), listener);
    assertThat(ma.position("TXF")).isEqualTo(-1);

    closes(ma, 3, 2);
    assertThat(listener.signals).as("short at the limit: nothing more").hasSize(3);
  }

  @Test
  void noSecondOrderWhileOneIsOutAndTheLimitHoldsWithPartialFills() {
    MovingAverageCrossoverStrategy ma = strategy(2, 3, true);
    closes(ma, 10, 10, 10, 13);
    Signal first = last();
    assertThat(first.quantity()).isEqualTo(2);

    closes(ma, 14, 15);
    assertThat(listener.signals).as("the first order is still out").hasSize(1);

    ma.onOrderUpdate(update(first, OrderState.PARTIALLY_FILLED, 1), listener);
    ma.onOrderUpdate(update(first, OrderState.CANCELLED, 1), listener);
    assertThat(ma.position("TXF")).isEqualTo(1);

    closes(ma, 16);
    Signal second = last();
    assertThat(second.quantity()).as("min(quantity 2, gap 3 - 1)").isEqualTo(2);
    assertThat(second.signalId()).isNotEqualTo(first.signalId());
    ma.onOrderUpdate(update(second, OrderState.FILLED, 2), listener);
    assertThat(ma.position("TXF")).isEqualTo(3);

    closes(ma, 17, 18, 19);
    assertThat(listener.signals).as("at max_position").hasSize(2);
  }

  @Test
  void withoutShortACrossBelowOnlyGoesFlat() {
    MovingAverageCrossoverStrategy ma = strategy(5, 2, false);
    closes(ma, 10, 10, 10, 13);
    ma.onOrderUpdate(update(last(), OrderState.FILLED, 2), listener);
    closes(ma, 5);

    assertThat(ma.target("TXF")).isZero();
    assertThat(last().side()).isEqualTo(Side.SELL);
    assertThat(last().quantity()).isEqualTo(2);
    ma.onOrderUpdate(update(last(), OrderState.FILLED, 2), listener);
    closes(ma, 4, 3);
    assertThat(listener.signals).hasSize(2);
    assertThat(ma.position("TXF")).isZero();
  }

  @Test
  void anOrderThatEndsUnfilledIsTriedAgainOnTheNextBarUnderANewId() {
    MovingAverageCrossoverStrategy ma = strategy(1, 1, true);
    closes(ma, 10, 10, 10, 13);
    Signal refused = last();
    ma.onOrderUpdate(
        new OrderUpdate(
            ConditionOrderId.PREFIX + refused.signalId(),
            OrderState.REJECTED,
            1,
            0,
            0,
            "STALE_ORDER",
            "too old"),
        listener);
    closes(ma, 14);

    assertThat(listener.signals).hasSize(2);
    assertThat(last().side()).isEqualTo(Side.BUY);
    assertThat(last().signalId()).isNotEqualTo(refused.signalId());
    assertThat(ma.position("TXF")).isZero();
  }

  @Test
  void updatesOfOrdersItDoesNotKnowChangeNothing() {
    MovingAverageCrossoverStrategy ma = strategy(1, 1, true);
    closes(ma, 10, 10, 10, 13);
    ma.onOrderUpdate(
        new OrderUpdate("aftm-7-entry", OrderState.FILLED, 1, 1, 100, "", ""), listener);
    ma.onOrderUpdate(
        new OrderUpdate("aftm-other-1", OrderState.FILLED, 1, 1, 100, "", ""), listener);

    assertThat(ma.position("TXF")).isZero();
  }

  @Test
  void instrumentsKeepTheirOwnAveragesAndPositions() {
    MovingAverageCrossoverStrategy ma = strategy(1, 1, true);
    for (long c : new long[] {10, 10, 10, 13}) {
      close(ma, "TXF", c);
      close(ma, "MXF", 20 - c);
    }
    assertThat(listener.signals)
        .extracting(Signal::itemCode, Signal::side)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("TXF", Side.BUY),
            org.assertj.core.groups.Tuple.tuple("MXF", Side.SELL));
  }

  @Test
  void averagesAreComparedExactlyEvenForLargePrices() {
    long big = 1_000_000_000_000_000L;
    assertThat(MovingAverageCrossoverStrategy.compareProducts(big, 3, big - 1, 3)).isPositive();
    assertThat(MovingAverageCrossoverStrategy.compareProducts(big, 400, 2 * big, 200)).isZero();
    assertThat(MovingAverageCrossoverStrategy.compareProducts(-big, 400, big, 1)).isNegative();
  }

  @Test
  void thePluginDeclaresItsParametersAndRefusesASlowAverageNotLongerThanTheFast() {
    StrategyPlugin plugin = StrategyCatalog.installed().require("ma-crossover");
    StrategyParameters defaults = StrategyParameters.of(plugin.parameters(), Map.of());
    assertThat(plugin.barPeriods(defaults)).containsExactly(Duration.ofMinutes(1));
    assertThat(defaults.asText())
        .containsEntry("fast", "5")
        .containsEntry("slow", "20")
        .containsEntry("max_position", "1");

    StrategyParameters bad =
        StrategyParameters.of(plugin.parameters(), Map.of("fast", "5", "slow", "5"));
    assertThatThrownBy(() -> plugin.check(bad))
        .isInstanceOf(InvalidStrategyParameterException.class)
        .hasMessageStartingWith("slow: must be more than fast (5) but was 5");
    assertThat(
            plugin.create(
                new StrategySetup(
                    "ma",
                    java.util.Set.of("TXF"),
                    defaults,
                    new org.aftm.domain.condition.ConditionBook())))
        .isInstanceOf(MovingAverageCrossoverStrategy.class);
  }
}
