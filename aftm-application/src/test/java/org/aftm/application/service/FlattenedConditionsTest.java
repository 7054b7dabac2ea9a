package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.junit.jupiter.api.Test;

/**
 * A flatten's lots told to the conditions that held them (docs/architecture.md §12.2): the
 * lifecycle's hook, the allocation, and the relay that repeats until acknowledged.
 */
class FlattenedConditionsTest {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";

  private final List<String> log = new ArrayList<>();
  private final FakeConditionStore store = new FakeConditionStore(log);

  private static OrderRequest order(Side side, int quantity, String id) {
    return new OrderRequest(
        ACC,
        TXF,
        side,
        OrderType.MARKET,
        Price.ZERO,
        quantity,
        OpenClose.CLOSE,
        "",
        DayTrade.NO,
        TimeInForce.IOC,
        id);
  }

  private static OrderEvent fill(String id, String execution, int lots, long points) {
    return new OrderEvent.Filled(id, "S1", execution, lots, Price.ofPoints(points), 0);
  }

  private static ConditionSpec spec(String item, Side action) {
    return new ConditionSpec(
        item,
        action,
        Price.ofPoints(22000),
        Price.ZERO,
        5,
        Price.ofPoints(100),
        Price.ofPoints(100),
        false);
  }

  /** A stored condition holding {@code entry - exit} lots. */
  private ConditionSnapshot holding(
      String item, Side action, ConditionState state, int entry, int exit) {
    ConditionSnapshot fresh = store.insertCondition(spec(item, action));
    ConditionSnapshot snapshot =
        new ConditionSnapshot(
            fresh.id(),
            fresh.spec(),
            state,
            fresh.spec().triggerPrice(),
            new ConditionProgress(
                1,
                entry,
                entry * Price.ofPoints(22000).units(),
                true,
                exit > 0 ? 1 : 0,
                null,
                exit,
                exit * Price.ofPoints(22100).units(),
                0,
                0,
                exit > 0,
                ""));
    store.saveConditionState(snapshot);
    return snapshot;
  }

  @Test
  void theLifecycleTellsOfAFlattenOrderOnceWhenItEndsWithLotsFilled() {
    List<Order> told = Collections.synchronizedList(new ArrayList<>());
    OrderLifecycle lifecycle =
        new OrderLifecycle(
            new Portfolio(item -> 200),
            new FakeOrderJournal(),
            new RecordingOrderUpdates(),
            OrderPath.CLOCK,
            told::add);

    lifecycle.submit(order(Side.SELL, 3, "flatten-abc-TXFF6"), null);
    lifecycle.onOrderEvent(fill("flatten-abc-TXFF6", "E1", 2, 22050));
    assertThat(told).as("not final yet").isEmpty();
    lifecycle.onOrderEvent(new OrderEvent.Cancelled("flatten-abc-TXFF6", "S1", "IOC rest", 0));
    lifecycle.onOrderEvent(new OrderEvent.Cancelled("flatten-abc-TXFF6", "S1", "IOC rest", 0));

    lifecycle.submit(order(Side.SELL, 1, "aftm-1-exit"), null);
    lifecycle.onOrderEvent(fill("aftm-1-exit", "E2", 1, 22050));
    lifecycle.submit(order(Side.SELL, 1, "flatten-abc-TXFF6-1"), null);
    lifecycle.onOrderEvent(new OrderEvent.Rejected("flatten-abc-TXFF6-1", "X", "refused", 0));

    assertThat(told)
        .as("once, only the flatten order that filled")
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.clientOrderId()).isEqualTo("flatten-abc-TXFF6");
              assertThat(o.filledQuantity()).isEqualTo(2);
              assertThat(o.filledCostUnits()).isEqualTo(2 * Price.ofPoints(22050).units());
            });
  }

  @Test
  void lotsGoToTheOldestConditionsHoldingThatSideNeverMoreThanEachHolds() {
    ConditionSnapshot exited = holding(TXF, Side.BUY, ConditionState.EXITED, 2, 2);
    ConditionSnapshot oldest = holding(TXF, Side.BUY, ConditionState.ENTERED, 2, 0);
    ConditionSnapshot sell = holding(TXF, Side.SELL, ConditionState.ENTERED, 4, 0);
    ConditionSnapshot otherItem = holding("MXFF6", Side.BUY, ConditionState.ENTERED, 4, 0);
    ConditionSnapshot partlyExited = holding(TXF, Side.BUY, ConditionState.EXITING, 3, 1);
    ConditionSnapshot failedOpen = holding(TXF, Side.BUY, ConditionState.FAILED, 1, 0);
    ConditionSnapshot newest = holding(TXF, Side.BUY, ConditionState.ENTERED, 5, 0);

    FlattenAllocation.Result result =
        FlattenAllocation.allocate(store.loadAllConditions(), Map.of(), TXF, Side.SELL, 7);

    assertThat(result.shares())
        .containsExactly(
            new FlattenAllocation.Share(oldest.id(), 2, 2),
            new FlattenAllocation.Share(partlyExited.id(), 2, 3),
            new FlattenAllocation.Share(failedOpen.id(), 1, 1),
            new FlattenAllocation.Share(newest.id(), 2, 2));
    assertThat(result.uncovered()).isZero();
    assertThat(List.of(exited.id(), sell.id(), otherItem.id()))
        .doesNotContainAnyElementsOf(
            result.shares().stream().map(FlattenAllocation.Share::conditionId).toList());
  }

  @Test
  void lotsNoConditionHeldAreLeftOverAndEarlierSharesCount() {
    ConditionSnapshot held = holding(TXF, Side.SELL, ConditionState.ENTERED, 3, 0);

    FlattenAllocation.Result second =
        FlattenAllocation.allocate(
            store.loadAllConditions(), Map.of(held.id(), 2), TXF, Side.BUY, 4);

    assertThat(second.shares()).containsExactly(new FlattenAllocation.Share(held.id(), 1, 3));
    assertThat(second.uncovered()).isEqualTo(3);
    assertThatThrownBy(() -> FlattenAllocation.allocate(List.of(), Map.of(), TXF, Side.BUY, -1))
        .hasMessageContaining("lots");
  }

  @Test
  void theRelayTellsEachConditionAndRepeatsUntilAcknowledged() {
    ConditionSnapshot first = holding(TXF, Side.BUY, ConditionState.ENTERED, 2, 0);
    ConditionSnapshot second = holding(TXF, Side.BUY, ConditionState.ENTERED, 2, 0);
    RecordingOrderUpdates channel = new RecordingOrderUpdates();
    RelayConditionChangeService relay = new RelayConditionChangeService(channel);
    try (FlattenedConditionRelay flattened =
        new FlattenedConditionRelay(store, relay, Duration.ofMillis(20), Duration.ofMillis(80))) {
      // Two parts of one flatten, told before the strategy stored anything of the first.
      flattened.flattenOrderFinished(ended("flatten-abc-TXFF6", 3, 22057));
      flattened.flattenOrderFinished(ended("flatten-abc-TXFF6-1", 2, 22060));

      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(flattened.unacknowledged()).isEqualTo(3));
      List<ConditionCommand> distinct = channel.commands.stream().distinct().toList();
      long price = Price.ofPoints(22057).units();
      assertThat(distinct.subList(0, 3))
          .extracting(
              ConditionCommand::conditionId,
              ConditionCommand::lots,
              ConditionCommand::exitFilledAfter,
              ConditionCommand::closedBy)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(first.id(), 2, 2, "flatten-abc-TXFF6"),
              org.assertj.core.groups.Tuple.tuple(second.id(), 1, 1, "flatten-abc-TXFF6"),
              org.assertj.core.groups.Tuple.tuple(second.id(), 1, 2, "flatten-abc-TXFF6-1"));
      assertThat(distinct.get(0).priceUnits()).isEqualTo(price);
      ConditionCommand firstCommand = distinct.get(0);

      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(countOf(channel, firstCommand)).as("relayed again").isGreaterThan(2));
      distinct.forEach(command -> relay.acknowledge(command.commandId()));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(flattened.unacknowledged()).isZero());
      int after = countOf(channel, firstCommand);
      await()
          .during(Duration.ofMillis(250))
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(countOf(channel, firstCommand))
                      .as("no more once acknowledged")
                      .isEqualTo(after));
    }
  }

  private static int countOf(RecordingOrderUpdates channel, ConditionCommand command) {
    return (int) channel.commands.stream().filter(command::equals).count();
  }

  /** A flatten sell that ended with {@code filled} lots at {@code points}. */
  private static Order ended(String id, int filled, long points) {
    Order order = new Order(order(Side.SELL, filled, id), null);
    order.apply(fill(id, "E-" + id, filled, points));
    return order;
  }
}
