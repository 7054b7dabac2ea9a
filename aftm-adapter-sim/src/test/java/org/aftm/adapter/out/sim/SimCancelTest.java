package org.aftm.adapter.out.sim;

import static org.aftm.adapter.out.sim.SimTrading.ACCOUNT;
import static org.aftm.adapter.out.sim.SimTrading.limit;
import static org.aftm.adapter.out.sim.SimTrading.login;
import static org.aftm.adapter.out.sim.SimTrading.market;
import static org.aftm.adapter.out.sim.SimTrading.settings;
import static org.aftm.adapter.out.sim.SimTrading.tradeAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SimExchangeApi#cancelOrder}: a resting ROD limit leaves its book; nothing else can. */
class SimCancelTest {

  @TempDir Path directory;

  @Test
  void aRestingLimitIsCancelledJournalledAndNoLongerFills() {
    SimTrading.Recorder recorder = new SimTrading.Recorder();
    OrderRequest resting = limit(Side.BUY, 21_990, 1, TimeInForce.ROD);
    try (SimExchangeApi sim = new SimExchangeApi(settings().withStateDirectory(directory))) {
      sim.addListener(recorder);
      login(sim);
      tradeAt(sim, 22_000);
      assertThat(sim.placeOrder(resting).sent()).isTrue();
      assertThat(sim.workingOrders(ACCOUNT)).hasSize(1);

      assertThat(sim.cancelOrder(resting.clientOrderId())).isTrue();

      assertThat(recorder.of(resting.clientOrderId()))
          .extracting(e -> e.getClass().getSimpleName())
          .containsExactly("Accepted", "Cancelled");
      tradeAt(sim, 21_980);
      assertThat(recorder.events).noneMatch(e -> e instanceof OrderEvent.Filled);
      assertThat(sim.workingOrders(ACCOUNT)).isEmpty();
      assertThat(sim.cancelOrder(resting.clientOrderId())).as("already final").isFalse();
      assertThat(sim.cancelOrder("never-placed")).isFalse();
    }
    // The next broker reads the cancel back: the order is final and does not rest again.
    try (SimExchangeApi next = new SimExchangeApi(settings().withStateDirectory(directory))) {
      assertThat(next.orderState(resting.clientOrderId()).orElseThrow().state())
          .isEqualTo(OrderState.CANCELLED);
      login(next);
      tradeAt(next, 21_970);
      assertThat(next.positions(ACCOUNT)).isEmpty();
    }
  }

  @Test
  void aMarketOrderExecutesAtOnceAndCannotBeCancelled() {
    try (SimExchangeApi sim = new SimExchangeApi(settings())) {
      login(sim);
      tradeAt(sim, 22_000);
      OrderRequest order = market(Side.BUY, 1, TimeInForce.IOC);
      sim.placeOrder(order);
      assertThat(sim.cancelOrder(order.clientOrderId())).isFalse();
      assertThat(sim.orderState(order.clientOrderId()).orElseThrow().state())
          .isEqualTo(OrderState.FILLED);
    }
  }
}
