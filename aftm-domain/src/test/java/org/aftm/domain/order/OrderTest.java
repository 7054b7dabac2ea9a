package org.aftm.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Order.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The order lifecycle's transition table, one transition at a time. */
class OrderTest {

  static final String ID = "aftm-1-entry";

  static OrderRequest request(int quantity) {
    return new OrderRequest(
        "ACC",
        "TXFF6",
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        quantity,
        OpenClose.AUTO,
        "test",
        DayTrade.NO,
        TimeInForce.IOC,
        ID);
  }

  static OrderEvent accepted() {
    return new OrderEvent.Accepted(ID, "S1", 1);
  }

  static OrderEvent rejected() {
    return new OrderEvent.Rejected(ID, "BROKER_REJECTED", "no", 1);
  }

  static OrderEvent fill(String execution, int quantity, long points) {
    return new OrderEvent.Filled(ID, "S1", execution, quantity, Price.ofPoints(points), 1);
  }

  static OrderEvent cancelled() {
    return new OrderEvent.Cancelled(ID, "S1", "IOC rest", 1);
  }

  static OrderEvent expired() {
    return new OrderEvent.Expired(ID, "S1", "end of day", 1);
  }

  static OrderEvent unknown() {
    return new OrderEvent.Unknown(ID, "broker failed", 1);
  }

  /** What an event may change, to check that a refused or repeated one changed nothing. */
  private record Seen(OrderUpdate update, String serial, Set<String> executions) {
    static Seen of(Order order) {
      return new Seen(order.toUpdate(), order.orderSerial(), order.executions());
    }
  }

  private static Order order(int quantity, OrderEvent... events) {
    Order order = new Order(request(quantity), null);
    for (OrderEvent event : events) {
      assertThat(order.apply(event)).as("setting up with %s", event).isEqualTo(Outcome.APPLIED);
    }
    return order;
  }

  private static void assertUnchanged(Order order, OrderEvent event, Outcome expected) {
    Seen before = Seen.of(order);
    assertThat(order.apply(event)).as("%s in %s", event, order.state()).isEqualTo(expected);
    assertThat(Seen.of(order)).isEqualTo(before);
  }

  @Test
  void aNewOrderIsSubmittedWithAllItsLotsWorking() {
    Order order = order(3);

    assertThat(order.state()).isEqualTo(OrderState.SUBMITTED);
    assertThat(order.clientOrderId()).isEqualTo(ID);
    assertThat(order.filledQuantity()).isZero();
    assertThat(order.workingQuantity()).isEqualTo(3);
    assertThat(order.orderSerial()).isEmpty();
    assertThat(order.closesClientOrderId()).isNull();
    assertThat(order.lastRefusal()).isEmpty();
  }

  @Test
  void anOrderNeedsAClientOrderId() {
    OrderRequest anonymous =
        new OrderRequest(
            "ACC",
            "TXFF6",
            Side.BUY,
            OrderType.MARKET,
            Price.ZERO,
            1,
            OpenClose.AUTO,
            "",
            DayTrade.NO,
            TimeInForce.IOC,
            null);
    assertThatThrownBy(() -> new Order(anonymous, null)).hasMessageContaining("client_order_id");
  }

  @Test
  void submittedToAccepted() {
    Order order = order(2, accepted());

    assertThat(order.state()).isEqualTo(OrderState.ACCEPTED);
    assertThat(order.orderSerial()).isEqualTo("S1");
    assertThat(order.workingQuantity()).isEqualTo(2);
  }

  @Test
  void submittedToRejected() {
    Order order = order(2, rejected());

    assertThat(order.state()).isEqualTo(OrderState.REJECTED);
    assertThat(order.errorCode()).isEqualTo("BROKER_REJECTED");
    assertThat(order.reason()).isEqualTo("no");
    assertThat(order.workingQuantity()).isZero();
  }

  @Test
  void submittedToPartiallyFilledThenFilled() {
    Order order = order(3, fill("E1", 1, 22000));

    assertThat(order.state()).isEqualTo(OrderState.PARTIALLY_FILLED);
    assertThat(order.filledQuantity()).isEqualTo(1);
    assertThat(order.workingQuantity()).isEqualTo(2);

    assertThat(order.apply(fill("E2", 2, 22003))).isEqualTo(Outcome.APPLIED);
    assertThat(order.state()).isEqualTo(OrderState.FILLED);
    assertThat(order.filledQuantity()).isEqualTo(3);
    assertThat(order.workingQuantity()).isZero();
    assertThat(order.filledCostUnits()).isEqualTo(Price.ofPoints(22000 + 2 * 22003).units());
    assertThat(order.toUpdate().averageFillPriceUnits()).isEqualTo(Price.parse("22002").units());
    assertThat(order.executions()).containsExactlyInAnyOrder("E1", "E2");
  }

  @Test
  void submittedToCancelledExpiredOrUnknown() {
    assertThat(order(1, cancelled()).state()).isEqualTo(OrderState.CANCELLED);
    assertThat(order(1, expired()).state()).isEqualTo(OrderState.EXPIRED);
    Order unknown = order(1, unknown());
    assertThat(unknown.state()).isEqualTo(OrderState.UNKNOWN);
    assertThat(unknown.reason()).isEqualTo("broker failed");
    assertThat(unknown.workingQuantity()).as("it may still fill").isEqualTo(1);
  }

  @Test
  void acceptedToFillCancelledExpiredUnknownOrRejectedBeforeAnyFill() {
    assertThat(order(2, accepted(), fill("E1", 2, 1)).state()).isEqualTo(OrderState.FILLED);
    assertThat(order(2, accepted(), cancelled()).state()).isEqualTo(OrderState.CANCELLED);
    assertThat(order(2, accepted(), expired()).state()).isEqualTo(OrderState.EXPIRED);
    assertThat(order(2, accepted(), unknown()).state()).isEqualTo(OrderState.UNKNOWN);
    assertThat(order(2, accepted(), rejected()).state())
        .as("an exchange may refuse what the broker took, as long as nothing filled")
        .isEqualTo(OrderState.REJECTED);
  }

  @Test
  void aRepeatedAcceptIsADuplicate() {
    assertUnchanged(order(2, accepted()), accepted(), Outcome.DUPLICATE);
    assertUnchanged(order(2, accepted(), fill("E1", 1, 1)), accepted(), Outcome.DUPLICATE);
    assertUnchanged(order(2, fill("E1", 2, 1)), accepted(), Outcome.DUPLICATE);
  }

  @Test
  void partiallyFilledToCancelledOrExpiredKeepsWhatFilled() {
    Order cancelled = order(3, accepted(), fill("E1", 1, 100), cancelled());
    assertThat(cancelled.state()).isEqualTo(OrderState.CANCELLED);
    assertThat(cancelled.filledQuantity()).isEqualTo(1);
    assertThat(cancelled.workingQuantity()).isZero();

    Order expired = order(3, fill("E1", 2, 100), expired());
    assertThat(expired.state()).isEqualTo(OrderState.EXPIRED);
    assertThat(expired.filledQuantity()).isEqualTo(2);
  }

  @Test
  void partiallyFilledToUnknownAndBackKeepsWhatFilled() {
    Order order = order(3, fill("E1", 1, 100), unknown());
    assertThat(order.state()).isEqualTo(OrderState.UNKNOWN);
    assertThat(order.filledQuantity()).isEqualTo(1);

    assertThat(order.apply(accepted())).isEqualTo(Outcome.APPLIED);
    assertThat(order.state())
        .as("resolved: it still works, with one lot filled")
        .isEqualTo(OrderState.PARTIALLY_FILLED);
    assertThat(order.apply(fill("E2", 2, 100))).isEqualTo(Outcome.APPLIED);
    assertThat(order.state()).isEqualTo(OrderState.FILLED);
  }

  @Test
  void unknownIsResolvedByAnyLaterEvent() {
    assertThat(order(1, unknown(), accepted()).state()).isEqualTo(OrderState.ACCEPTED);
    assertThat(order(1, unknown(), rejected()).state()).isEqualTo(OrderState.REJECTED);
    assertThat(order(1, unknown(), fill("E1", 1, 5)).state()).isEqualTo(OrderState.FILLED);
    assertThat(order(1, unknown(), cancelled()).state()).isEqualTo(OrderState.CANCELLED);
    assertThat(order(1, unknown(), expired()).state()).isEqualTo(OrderState.EXPIRED);
  }

  @Test
  void aRepeatedExecutionAppliesOnce() {
    Order order = order(3, accepted(), fill("E1", 1, 100));

    assertUnchanged(order, fill("E1", 1, 100), Outcome.DUPLICATE);
    assertUnchanged(order, fill("E1", 2, 999), Outcome.DUPLICATE);

    Order filled = order(1, fill("E1", 1, 100));
    assertUnchanged(filled, fill("E1", 1, 100), Outcome.DUPLICATE);
  }

  @Test
  void aFillPastTheOrderedQuantityIsRefused() {
    Order order = order(3, accepted(), fill("E1", 2, 100));

    assertUnchanged(order, fill("E2", 2, 100), Outcome.REFUSED);
    assertThat(order.lastRefusal()).contains(ID).contains("2 lots").contains("1 remain");
    assertThat(order.state()).isEqualTo(OrderState.PARTIALLY_FILLED);
    assertUnchanged(order(1), fill("E1", 2, 100), Outcome.REFUSED);
  }

  @Test
  void aRejectAfterAFillIsRefused() {
    Order order = order(3, fill("E1", 1, 100));

    assertUnchanged(order, rejected(), Outcome.REFUSED);
    assertThat(order.lastRefusal()).contains("1 lots already filled");
    assertUnchanged(order(3, fill("E1", 1, 100), unknown()), rejected(), Outcome.REFUSED);
  }

  @Test
  void anEventOfAnotherOrderIsRefused() {
    Order order = order(1);

    assertUnchanged(order, new OrderEvent.Accepted("other", "S9", 1), Outcome.REFUSED);
    assertThat(order.lastRefusal()).contains("other");
  }

  @ParameterizedTest
  @EnumSource(
      value = OrderState.class,
      names = {"FILLED", "REJECTED", "CANCELLED", "EXPIRED"})
  void aFinalStateNeverChanges(OrderState finalState) {
    Order order = inState(finalState);
    assertThat(order.state()).isEqualTo(finalState);
    assertThat(order.state().isFinal()).isTrue();

    for (OrderEvent event :
        List.of(
            accepted(),
            rejected(),
            fill("E9", 1, 100),
            cancelled(),
            expired(),
            unknown(),
            fill("E1", 1, 100))) {
      Seen before = Seen.of(order);
      Outcome outcome = order.apply(event);
      assertThat(outcome).isNotEqualTo(Outcome.APPLIED);
      assertThat(Seen.of(order)).as("%s after %s", finalState, event).isEqualTo(before);
    }
  }

  @Test
  void aRepeatedFinalEventIsADuplicateAnotherIsRefused() {
    assertUnchanged(order(1, rejected()), rejected(), Outcome.DUPLICATE);
    assertUnchanged(order(1, cancelled()), cancelled(), Outcome.DUPLICATE);
    assertUnchanged(order(1, expired()), expired(), Outcome.DUPLICATE);
    assertUnchanged(order(1, expired()), cancelled(), Outcome.REFUSED);
    assertUnchanged(order(1, rejected()), accepted(), Outcome.REFUSED);
    assertUnchanged(order(1, cancelled()), unknown(), Outcome.REFUSED);
  }

  static Order inState(OrderState state) {
    return switch (state) {
      case SUBMITTED -> order(2);
      case ACCEPTED -> order(2, accepted());
      case PARTIALLY_FILLED -> order(2, accepted(), fill("E1", 1, 100));
      case FILLED -> order(2, accepted(), fill("E1", 2, 100));
      case REJECTED -> order(2, rejected());
      case CANCELLED -> order(2, accepted(), fill("E1", 1, 100), cancelled());
      case EXPIRED -> order(2, accepted(), expired());
      case UNKNOWN -> order(2, unknown());
    };
  }

  @Test
  void restoreAndCopyKeepEverythingAndAreIndependent() {
    Order original = order(3, accepted(), fill("E1", 1, 100));
    Order restored =
        Order.restore(
            original.request(),
            "aftm-0-entry",
            original.state(),
            original.orderSerial(),
            original.filledQuantity(),
            original.filledCostUnits(),
            original.errorCode(),
            original.reason(),
            original.executions());

    assertThat(restored.toUpdate()).isEqualTo(original.toUpdate());
    assertThat(restored.closesClientOrderId()).isEqualTo("aftm-0-entry");
    assertThat(restored.apply(fill("E1", 1, 100)))
        .as("the restored order knows the executions already applied")
        .isEqualTo(Outcome.DUPLICATE);

    Order copy = original.copy();
    assertThat(copy.apply(fill("E2", 2, 100))).isEqualTo(Outcome.APPLIED);
    assertThat(original.filledQuantity()).isEqualTo(1);
    assertThat(copy.filledQuantity()).isEqualTo(3);
  }

  @Test
  void theUpdateCarriesWhatTheStrategyNeeds() {
    OrderUpdate update = order(2, rejected()).toUpdate();

    assertThat(update)
        .isEqualTo(new OrderUpdate(ID, OrderState.REJECTED, 2, 0, 0, "BROKER_REJECTED", "no"));
    assertThat(update.averageFillPriceUnits()).isZero();
    assertThatThrownBy(() -> new OrderUpdate(ID, OrderState.FILLED, 1, 2, 0, "", ""))
        .hasMessageContaining("filledQuantity");
  }

  @Test
  void eventsValidateTheirFields() {
    assertThatThrownBy(() -> new OrderEvent.Accepted(" ", "S", 0))
        .hasMessageContaining("clientOrderId");
    assertThatThrownBy(() -> new OrderEvent.Filled(ID, "S", "E", 0, Price.ofPoints(1), 0))
        .hasMessageContaining("quantity");
  }

  @Test
  void finalStatesAndWireNames() {
    assertThat(OrderState.values())
        .filteredOn(OrderState::isFinal)
        .containsExactlyInAnyOrder(
            OrderState.FILLED, OrderState.REJECTED, OrderState.CANCELLED, OrderState.EXPIRED);
    for (OrderState state : OrderState.values()) {
      assertThat(OrderState.fromWire(state.wire())).isEqualTo(state);
    }
  }

  @Test
  void finalRefusalsAreThoseThatWouldBeRefusedAgain() {
    assertThat(ErrorCode.isFinalRefusal("RISK_LIMIT")).isTrue();
    assertThat(ErrorCode.isFinalRefusal("INVALID_ORDER")).isTrue();
    assertThat(ErrorCode.isFinalRefusal("NO_POSITION_TO_CLOSE")).isTrue();
    assertThat(ErrorCode.isFinalRefusal("NOT_LOGGED_IN")).isFalse();
    assertThat(ErrorCode.isFinalRefusal("EXCHANGE_UNAVAILABLE")).isFalse();
    assertThat(ErrorCode.isFinalRefusal("AUDIT_FAILED")).isFalse();
    assertThat(ErrorCode.isFinalRefusal("STALE_ORDER")).isFalse();
    assertThat(ErrorCode.isFinalRefusal("SOME_BROKER_CODE")).isFalse();
    assertThat(ErrorCode.isFinalRefusal("")).isFalse();
  }
}
