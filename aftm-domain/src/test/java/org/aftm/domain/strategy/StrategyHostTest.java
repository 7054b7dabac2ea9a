package org.aftm.domain.strategy;

import static org.aftm.domain.condition.Specs.pts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.OrderUpdates;
import org.aftm.domain.condition.Specs;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.Test;

class StrategyHostTest {

  private static final long T0 = 1_795_136_400_000L;
  private final StrategyCatalog catalog = StrategyCatalog.installed();

  /** Runs prices through a strategy, filling each signal in full at once, as the replay does. */
  private static List<String> run(Strategy strategy, RecordingListener listener, long[] prices) {
    for (int i = 0; i < prices.length; i++) {
      int before = listener.signals.size();
      strategy.onTick(
          new TickEvent("TXFF6", i + 1, pts(prices[i]), 1, T0 + 1_000L * i, 0L), listener);
      for (Signal signal : List.copyOf(listener.signals.subList(before, listener.signals.size()))) {
        ConditionOrderId id =
            ConditionOrderId.parse(ConditionOrderId.PREFIX + signal.signalId()).orElseThrow();
        strategy.onOrderUpdate(
            OrderUpdates.filled(id, signal.quantity(), signal.priceUnits()), listener);
      }
    }
    List<String> seen = new ArrayList<>(listener.events);
    for (Signal s : listener.signals) {
      seen.add(
          s.signalId()
              + " "
              + s.side()
              + " "
              + s.quantity()
              + " "
              + s.reason()
              + " "
              + s.priceUnits()
              + " "
              + s.closesSignalId());
    }
    return seen;
  }

  private static ConditionBook book() {
    ConditionBook book = new ConditionBook();
    book.put(Condition.create(7, Specs.reference(3)));
    book.put(Condition.create(8, Specs.spec("TXFF6", Side.SELL, 22100, 20, 2, 60, 40, true)));
    book.put(Condition.create(9, Specs.spec("TXFF6", Side.BUY, 21900, 10, 1, 50, 25, false)));
    return book;
  }

  @Test
  void supportResistanceThroughThePluginPathMakesTheSameSignalsAndChangesAsTheStrategyItself() {
    long[] reference = {22010, 21990, 21950, 21985, 22050, 22100};
    Random random = new Random(11);
    long[] walk = new long[2_000];
    long price = 22000;
    for (int i = 0; i < walk.length; i++) {
      price += random.nextInt(41) - 20;
      walk[i] = price;
    }
    for (long[] prices : List.of(reference, walk)) {
      ConditionBook direct = book();
      List<String> expected =
          run(new SupportResistanceStrategy(direct), new RecordingListener(), prices);

      ConditionBook hosted = book();
      StrategyHost host =
          new StrategyHost(StrategiesSetting.parse("support-resistance", catalog), hosted);
      List<String> actual = run(host, new RecordingListener(), prices);

      assertThat(expected).as("the trace trades").anyMatch(e -> e.startsWith("signal 7-entry"));
      assertThat(actual).containsExactlyElementsOf(expected);
      assertThat(hosted.size()).isEqualTo(direct.size());
    }
  }

  @Test
  void eachInstanceGetsItsInstrumentsTicksItsBarsFirstAndOnlyItsOwnOrderUpdates() {
    List<String> calls = new ArrayList<>();
    StrategyPlugin probe = probe(calls);
    StrategyCatalog withProbe = catalogWith(probe);
    StrategyHost host =
        new StrategyHost(
            StrategiesSetting.parse(
                "probe:name=a,instruments=TXF;probe:name=b,instruments=MXF+TXF;probe:name=ab",
                withProbe),
            new ConditionBook());
    RecordingListener listener = new RecordingListener();

    host.onTick(new TickEvent("TXF", 1, 100, 1, T0 + 10, 0), listener);
    host.onTick(new TickEvent("MXF", 1, 100, 1, T0 + 20, 0), listener);
    host.onTick(new TickEvent("TXF", 2, 101, 1, T0 + 1_000, 0), listener);
    host.onOrderUpdate(update("aftm-b-123"), listener);
    host.onOrderUpdate(update("aftm-ab-5"), listener);
    host.onOrderUpdate(update("aftm-a-b-5"), listener);
    host.onOrderUpdate(update("aftm-7-entry"), listener);
    host.onOrderUpdate(update("gw-1"), listener);

    assertThat(calls)
        .containsExactly(
            "a tick TXF",
            "b tick TXF",
            "ab tick TXF",
            "b tick MXF",
            "ab tick MXF",
            "a bar TXF " + T0,
            "a tick TXF",
            "b bar TXF " + T0,
            "b tick TXF",
            "ab bar TXF " + T0,
            "ab tick TXF",
            "b update aftm-b-123",
            "ab update aftm-ab-5");
    assertThat(host.name()).isEqualTo("a+b+ab");
    assertThat(host.runsConditions()).isFalse();
  }

  @Test
  void conditionOrdersGoToTheConditionsInstanceOnly() {
    List<String> calls = new ArrayList<>();
    ConditionBook book = book();
    StrategyHost host =
        new StrategyHost(
            StrategiesSetting.parse("probe:name=p;support-resistance", catalogWith(probe(calls))),
            book);
    RecordingListener listener = new RecordingListener();
    for (long p : new long[] {22010, 21990, 21950, 21985}) {
      host.onTick(new TickEvent("TXFF6", 1, pts(p), 1, T0, 0), listener);
    }
    calls.clear();
    host.onOrderUpdate(
        OrderUpdates.filled(ConditionOrderId.parse("aftm-7-entry").orElseThrow(), 3, pts(21985)),
        listener);

    assertThat(calls).isEmpty();
    assertThat(book.get(7).state()).isEqualTo(org.aftm.domain.condition.ConditionState.ENTERED);
    assertThat(host.runsConditions()).isTrue();
  }

  private static OrderUpdate update(String id) {
    return new OrderUpdate(id, OrderState.ACCEPTED, 1, 0, 0, "", "");
  }

  private static StrategyCatalog catalogWith(StrategyPlugin extra) {
    return StrategyCatalog.of(List.of(extra, new SupportResistancePlugin()));
  }

  /** A plugin that records what reaches its instances, with 1-second bars. */
  private static StrategyPlugin probe(List<String> calls) {
    return new StrategyPlugin() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public String description() {
        return "records calls";
      }

      @Override
      public List<StrategyParameter> parameters() {
        return List.of();
      }

      @Override
      public List<java.time.Duration> barPeriods(StrategyParameters parameters) {
        return List.of(java.time.Duration.ofSeconds(1));
      }

      @Override
      public Strategy create(StrategySetup setup) {
        String name = setup.instanceName();
        return new Strategy() {
          @Override
          public String name() {
            return name;
          }

          @Override
          public void onTick(org.aftm.domain.model.Tick tick, StrategyListener listener) {
            calls.add(name + " tick " + tick.itemCode());
          }

          @Override
          public void onBar(Bar bar, StrategyListener listener) {
            calls.add(name + " bar " + bar.itemCode() + " " + bar.openTimeMillis());
          }

          @Override
          public void onOrderUpdate(OrderUpdate update, StrategyListener listener) {
            calls.add(name + " update " + update.clientOrderId());
          }
        };
      }
    };
  }
}
