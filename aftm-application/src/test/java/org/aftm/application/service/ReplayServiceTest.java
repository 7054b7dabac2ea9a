package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.aftm.domain.strategy.SupportResistanceStrategy;
import org.junit.jupiter.api.Test;

class ReplayServiceTest {

  private static final String TXF = "TXFF6";
  private static final String ACC = "ACC-1";

  private final FakeExchange exchange = new FakeExchange();
  private final List<String> events = new ArrayList<>();
  private final List<Signal> signals = new ArrayList<>();
  private final List<Fill> fills = new ArrayList<>();

  private final ReplayService.ReplayListener listener =
      new ReplayService.ReplayListener() {
        @Override
        public void onSignal(int tickNumber, Signal signal) {
          signals.add(signal);
          events.add(tickNumber + " signal " + signal.signalId());
        }

        @Override
        public void onFill(int tickNumber, Fill fill) {
          fills.add(fill);
          events.add(
              tickNumber
                  + " fill "
                  + fill.side().wire()
                  + " "
                  + fill.quantity()
                  + " @ "
                  + fill.price());
        }

        @Override
        public void onRefused(int tickNumber, Signal signal, OrderResult result) {
          refusals.add(result);
          events.add(tickNumber + " refused " + signal.signalId() + " " + result.errorCode());
        }
      };

  private static RecordedTicks referenceTicks() {
    RecordedTicks.Builder builder = new RecordedTicks.Builder();
    long time = 1_700_000_000_000L;
    for (long price : new long[] {22010, 21990, 21950, 21985, 22050, 22100}) {
      builder.add(TXF, Price.ofPoints(price).units(), 1, time++);
    }
    return builder.build();
  }

  private final List<OrderResult> refusals = new ArrayList<>();

  private ReplayService.ReplaySummary replay(int quantity, RecordedTicks ticks) {
    return replay(quantity, ticks, new RiskLimits(10, 10));
  }

  private ReplayService.ReplaySummary replay(int quantity, RecordedTicks ticks, RiskLimits limits) {
    ConditionBook book = new ConditionBook();
    book.put(
        Condition.create(
            1,
            new ConditionSpec(
                TXF,
                Side.BUY,
                Price.ofPoints(22000),
                Price.ofPoints(30),
                quantity,
                Price.ofPoints(120),
                Price.ofPoints(30),
                true)));
    ReplayService replay =
        new ReplayService(
            exchange, exchange, new SupportResistanceStrategy(book), ACC, limits, listener);
    return replay.replay(ticks);
  }

  @Test
  void theReferenceTraceIsOneRoundTripOf115Points() {
    ReplayService.ReplaySummary summary = replay(1, referenceTicks());

    assertThat(summary.ticks()).isEqualTo(6);
    assertThat(summary.signals()).isEqualTo(2);
    assertThat(summary.roundTrips()).isEqualTo(1);
    assertThat(summary.fills()).isEqualTo(2);
    assertThat(summary.realizedPnlPoints()).isEqualTo(Price.ofPoints(115));
    assertThat(summary.realizedPnl()).isEqualTo(Price.ofPoints(115 * FakeExchange.POINT_VALUE));
    assertThat(events)
        .containsExactly(
            "4 signal 1-entry", "4 fill buy 1 @ 21985",
            "6 signal 1-exit", "6 fill sell 1 @ 22100");
    assertThat(signals)
        .extracting(Signal::reason)
        .containsExactly(SignalReason.ENTRY, SignalReason.TAKE_PROFIT);
    assertThat(exchange.placed)
        .extracting(OrderRequest::openClose, OrderRequest::clientOrderId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OpenClose.AUTO, "aftm-1-entry"),
            org.assertj.core.groups.Tuple.tuple(OpenClose.CLOSE, "aftm-1-exit"));
    assertThat(exchange.listenerCount()).as("the replay unhooks its order listener").isZero();
  }

  @Test
  void quantityIsHonouredThroughTheReplay() {
    ReplayService.ReplaySummary summary = replay(3, referenceTicks());

    assertThat(fills).extracting(Fill::quantity).containsExactly(3, 3);
    assertThat(summary.realizedPnlPoints()).isEqualTo(Price.ofPoints(345));
    assertThat(exchange.positions(ACC))
        .singleElement()
        .satisfies(p -> assertThat(p.isFlat()).isTrue());
  }

  @Test
  void anOrderOverTheRiskLimitIsRefusedAndReportedAndTheConditionFails() {
    ReplayService.ReplaySummary summary = replay(2, referenceTicks(), new RiskLimits(1, 10));

    assertThat(events).containsExactly("4 signal 1-entry", "4 refused 1-entry RISK_LIMIT");
    assertThat(refusals)
        .singleElement()
        .satisfies(r -> assertThat(r.errorMessage()).contains("AFTM_MAX_ORDER_QTY"));
    assertThat(summary.signals()).as("a final refusal is not retried").isEqualTo(1);
    assertThat(summary.fills()).isZero();
    assertThat(summary.roundTrips()).isZero();
    assertThat(exchange.placeCalls).hasValue(0);
  }

  @Test
  void anEntryTheBrokerCancelsUnfilledIsTriedAgainOnALaterTick() {
    exchange.mode = FakeExchange.Mode.CANCEL;
    RecordedTicks.Builder builder = new RecordedTicks.Builder();
    long time = 0;
    for (long price : new long[] {22000, 22000, 22000, 22000, 22000}) {
      builder.add(TXF, Price.ofPoints(price).units(), 1, time++);
    }
    ConditionBook book = new ConditionBook();
    book.put(
        Condition.create(
            1,
            new ConditionSpec(
                TXF,
                Side.BUY,
                Price.ofPoints(22000),
                Price.ZERO,
                1,
                Price.ofPoints(10),
                Price.ofPoints(10),
                false)));

    new ReplayService(
            exchange,
            exchange,
            new SupportResistanceStrategy(book, 2),
            ACC,
            new RiskLimits(10, 10),
            listener)
        .replay(builder.build());

    assertThat(events).containsExactly("2 signal 1-entry", "3 signal 1-entry-2");
    assertThat(book.size()).as("failed after its two attempts").isZero();
  }

  @Test
  void aPartlyFilledEntryExitsWhatFilled() {
    exchange.mode = FakeExchange.Mode.PARTIAL_THEN_CANCEL;
    exchange.partialLots = 2;

    ReplayService.ReplaySummary summary = replay(3, referenceTicks());

    assertThat(fills).extracting(Fill::quantity).containsExactly(2, 2);
    assertThat(summary.roundTrips()).isEqualTo(1);
    assertThat(summary.realizedPnlPoints()).isEqualTo(Price.ofPoints(2 * 115));
  }

  @Test
  void ticksOfOtherInstrumentsMoveTheirOwnMarketOnly() {
    RecordedTicks.Builder builder = new RecordedTicks.Builder();
    builder.add("MXFF6", Price.ofPoints(21000).units(), 1, 0);
    builder.add("MXFF6", Price.ofPoints(21100).units(), 1, 1);
    RecordedTicks ticks = builder.build();

    ReplayService.ReplaySummary summary = replay(1, ticks);

    assertThat(summary.signals()).isZero();
    assertThat(summary.realizedPnlPoints()).isEqualTo(Price.ZERO);
    assertThat(ticks.itemCodes()).containsExactly("MXFF6");
  }

  @Test
  void recordedTicksGrowPastTheirInitialCapacity() {
    RecordedTicks.Builder builder = new RecordedTicks.Builder();
    for (int i = 0; i < 5_000; i++) {
      builder.add(i % 2 == 0 ? TXF : "MXFF6", i, i + 1, 1_000L + i);
    }
    RecordedTicks ticks = builder.build();

    assertThat(ticks.size()).isEqualTo(5_000);
    assertThat(ticks.priceUnits(4_999)).isEqualTo(4_999);
    assertThat(ticks.quantity(1_234)).isEqualTo(1_235);
    assertThat(ticks.timeMillis(0)).isEqualTo(1_000);
    assertThat(ticks.itemCode(3)).isEqualTo("MXFF6");
    assertThat(ticks.itemCodes()).containsExactly(TXF, "MXFF6");
  }

  @Test
  void recordedTicksAreImmutableOnceBuilt() {
    RecordedTicks.Builder builder = new RecordedTicks.Builder().add(TXF, 1, 1, 1);
    RecordedTicks built = builder.build();

    builder.add("MXFF6", 2, 2, 2);

    assertThat(built.size()).isEqualTo(1);
    assertThat(built.itemCodes()).containsExactly(TXF);
  }
}
