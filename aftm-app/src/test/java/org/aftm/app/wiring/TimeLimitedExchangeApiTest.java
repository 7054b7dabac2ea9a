package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TimeLimitedExchangeApiTest {

  private static final Duration DEADLINE = Duration.ofMillis(200);

  private final SimExchangeApi sim = SimulatedBrokers.forReplay(AftmConfig.defaults());
  private final FaultyExchange faulty = new FaultyExchange(sim);
  private final TimeLimitedExchangeApi limited =
      new TimeLimitedExchangeApi(faulty, DEADLINE, DEADLINE, 2);
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    faulty.mode(FaultyExchange.Mode.PASS);
    callers.shutdownNow();
    limited.close();
    sim.close();
  }

  private static OrderRequest buy(String clientOrderId) {
    return new OrderRequest(
        "SIM-0001",
        "TXF",
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.AUTO,
        "",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }

  @Test
  void aBrokerThatAnswersIsCalledAsIfDirectly() {
    sim.feed(new MarketTick("TXF", Price.ofPoints(22000).units(), 1, System.currentTimeMillis()));

    assertThat(limited.placeOrder(buy("a-1")).sent()).isTrue();
    assertThat(limited.positions("SIM-0001")).singleElement().extracting("quantity").isEqualTo(1);
    assertThat(limited.orderState("a-1")).isPresent();
    assertThat(limited.outstandingCalls()).isZero();
  }

  @Test
  void theBrokersOwnExceptionPassesUnchanged() {
    faulty.mode(FaultyExchange.Mode.THROW);

    assertThatThrownBy(() -> limited.positions("SIM-0001"))
        .isInstanceOf(ExchangeException.class)
        .hasMessage("broker down: positions");
    assertThat(limited.outstandingCalls()).isZero();
  }

  @Test
  void hungCallsEndAtTheirDeadlineAndOnceAllThreadsHangFurtherCallsFailAtOnce() throws Exception {
    faulty.mode(FaultyExchange.Mode.HANG);

    long start = System.nanoTime();
    assertThatThrownBy(() -> limited.placeOrder(buy("h-1")))
        .isInstanceOf(ExchangeException.class)
        .hasMessage("broker did not answer placeOrder h-1 within 200 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(DEADLINE, Duration.ofSeconds(2));
    Future<?> second = callers.submit(() -> limited.orderState("h-1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> faulty.hangingNow() == 2);
    assertThat(limited.outstandingCalls()).isEqualTo(2);

    long third = System.nanoTime();
    assertThatThrownBy(() -> limited.placeOrder(buy("h-3")))
        .isInstanceOf(ExchangeException.class)
        .hasMessage("broker not answering: 2 calls outstanding; placeOrder h-3 not sent");
    assertThat(Duration.ofNanos(System.nanoTime() - third)).isLessThan(Duration.ofMillis(100));
    assertThat(faulty.hungCalls()).isEqualTo(2);
    assertThatThrownBy(second::get).hasCauseInstanceOf(ExchangeException.class);

    // The broker answers again: the hung calls end, their threads serve again.
    faulty.mode(FaultyExchange.Mode.PASS);
    await().atMost(Duration.ofSeconds(5)).until(() -> limited.outstandingCalls() == 0);
    sim.feed(new MarketTick("TXF", Price.ofPoints(22000).units(), 1, System.currentTimeMillis()));
    assertThat(limited.placeOrder(buy("after")).sent()).isTrue();
    assertThat(sim.orderState("h-1")).as("the hung order never reached the broker").isEmpty();
  }

  @Test
  void manyCallersAtOnceAreAllServed() throws Exception {
    CompletableFuture<?>[] calls = new CompletableFuture<?>[50];
    for (int i = 0; i < calls.length; i++) {
      calls[i] =
          CompletableFuture.runAsync(
              () -> {
                // Two threads, many callers: a caller finding both busy with answering calls is
                // refused,
                // which is the price of the bound; each refusal must say so.
                try {
                  limited.positions("SIM-0001");
                } catch (ExchangeException e) {
                  assertThat(e.getMessage()).startsWith("broker not answering");
                }
              },
              callers);
    }
    CompletableFuture.allOf(calls).get();
    assertThat(limited.outstandingCalls()).isZero();
  }
}
