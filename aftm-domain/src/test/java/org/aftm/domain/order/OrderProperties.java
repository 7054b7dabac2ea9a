package org.aftm.domain.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Order.Outcome;

/**
 * Any sequence of broker events, repeats and nonsense included, leaves an order consistent: each
 * event applies or is refused (a refused or repeated one changes nothing), the filled quantity is
 * the sum of the applied fills and never exceeds the order, and a final state never changes.
 */
class OrderProperties {

  private static final String ID = OrderTest.ID;

  @Provide
  Arbitrary<List<OrderEvent>> events() {
    Arbitrary<OrderEvent> fills =
        Combinators.combine(
                Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(1, 3),
                Arbitraries.longs().between(21_990, 22_010))
            .as(
                (execution, quantity, points) ->
                    (OrderEvent)
                        new OrderEvent.Filled(
                            ID, "S1", "E" + execution, quantity, Price.ofPoints(points), 1));
    Arbitrary<OrderEvent> others =
        Arbitraries.of(
            new OrderEvent.Accepted(ID, "S1", 1),
            new OrderEvent.Rejected(ID, "BROKER_REJECTED", "no", 1),
            new OrderEvent.Cancelled(ID, "S1", "IOC rest", 1),
            new OrderEvent.Expired(ID, "S1", "end of day", 1),
            new OrderEvent.Unknown(ID, "broker failed", 1),
            new OrderEvent.Accepted("another-order", "S2", 1));
    return Arbitraries.frequencyOf(Tuple.of(3, fills), Tuple.of(2, others)).list().ofMaxSize(20);
  }

  @Property(tries = 3000)
  void everyEventAppliesOrIsRefusedAndTheFillsAddUp(
      @ForAll @IntRange(min = 1, max = 5) int quantity, @ForAll("events") List<OrderEvent> events) {
    Order order = new Order(OrderTest.request(quantity), null);
    int appliedLots = 0;
    long appliedCost = 0;
    Set<String> appliedExecutions = new HashSet<>();
    OrderState finalState = null;

    for (OrderEvent event : events) {
      OrderUpdate before = order.toUpdate();
      Set<String> executionsBefore = order.executions();
      String serialBefore = order.orderSerial();

      Outcome outcome = order.apply(event);

      if (outcome == Outcome.APPLIED) {
        if (event instanceof OrderEvent.Filled fill) {
          appliedLots += fill.quantity();
          appliedCost += fill.price().units() * fill.quantity();
          assertThat(appliedExecutions.add(fill.executionId()))
              .as("an execution applies once")
              .isTrue();
        }
      } else {
        assertThat(order.toUpdate())
            .as("%s %s changed the order", outcome, event)
            .isEqualTo(before);
        assertThat(order.executions()).isEqualTo(executionsBefore);
        assertThat(order.orderSerial()).isEqualTo(serialBefore);
      }
      if (finalState != null) {
        assertThat(outcome).isNotEqualTo(Outcome.APPLIED);
        assertThat(order.state()).as("a final state never changes").isEqualTo(finalState);
      } else if (order.state().isFinal()) {
        finalState = order.state();
      }

      assertThat(order.filledQuantity()).isEqualTo(appliedLots).isBetween(0, quantity);
      assertThat(order.filledCostUnits()).isEqualTo(appliedCost);
      assertThat(order.executions()).isEqualTo(appliedExecutions);
      assertThat(order.state() == OrderState.FILLED).isEqualTo(appliedLots == quantity);
      assertThat(order.workingQuantity())
          .isEqualTo(order.state().isFinal() ? 0 : quantity - appliedLots);
      if (order.state() == OrderState.REJECTED) {
        assertThat(appliedLots).as("nothing filled in a rejected order").isZero();
      }
      Statistics.label("outcome").collect(outcome);
    }
    Statistics.label("last state").collect(order.state());
    Statistics.label("last state")
        .coverage(
            coverage -> {
              coverage.check(OrderState.FILLED).percentage(p -> p > 5);
              coverage.check(OrderState.PARTIALLY_FILLED).percentage(p -> p > 1);
              coverage.check(OrderState.CANCELLED).percentage(p -> p > 1);
            });
  }
}
