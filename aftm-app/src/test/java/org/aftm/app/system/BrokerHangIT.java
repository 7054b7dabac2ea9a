package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.app.wiring.BrokerSetup;
import org.aftm.app.wiring.FaultyExchange;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * A broker that hangs, then throws, then recovers, behind the real main process (with its two child
 * JVMs) and its real gateway over loopback: every order gets an answer, the breaker opens and
 * refuses orders fast with {@code EXCHANGE_UNAVAILABLE}, trading reduces once the breaker has been
 * open for {@code AFTM_BREAKER_REDUCE_AFTER_S}, and when the broker answers again the breaker
 * closes, trading is active again by itself, and an order is placed and filled.
 */
@Timeout(90)
class BrokerHangIT {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerHangIT.class);
  private static final Duration ORDER_DEADLINE = Duration.ofMillis(300);

  @TempDir Path dataDir;
  private MainProcess main;
  private final ZContext context = new ZContext();

  @AfterEach
  void stop() {
    context.close();
    if (main != null) {
      main.close();
    }
  }

  private OrderRequest buy(String clientOrderId) {
    return new OrderRequest(
        main.orderAccount(),
        "TXF",
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.AUTO,
        "broker hang test",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }

  @Test
  void aHungThenFailingBrokerOpensTheBreakerReducesTradingAndAllRecoversWithTheBroker() {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.AFTM_DATA_DIR, dataDir.toString());
    values.put(ConfigKey.ZMQ_TICK_PORT, "0");
    values.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
    values.put(ConfigKey.DLL_GATEWAY_PORT, "0");
    values.put(ConfigKey.AFTM_ORDER_EVENT_PORT, "0");
    values.put(ConfigKey.AFTM_HTTP_PORT, "0");
    values.put(ConfigKey.AFTM_BREAKER_REDUCE_AFTER_S, "1");
    AftmConfig config = AftmConfig.defaults().with(values);
    AtomicReference<FaultyExchange> faults = new AtomicReference<>();
    main =
        MainProcess.start(
            config,
            config.simDemoAccount(),
            config.simDemoPassword().toCharArray(),
            false,
            new BrokerSetup(
                broker -> {
                  faults.set(new FaultyExchange(broker));
                  return faults.get();
                },
                ORDER_DEADLINE,
                ORDER_DEADLINE,
                Duration.ofSeconds(2)));
    FaultyExchange broker = faults.get();
    StatusPage page = new StatusPage(main.httpPort().orElseThrow());
    main.simulatedBroker()
        .feed(new MarketTick("TXF", Price.ofPoints(22000).units(), 1, System.currentTimeMillis()));
    assertThat(page.breakerState()).isEqualTo("CLOSED");
    assertThat(page.tradingState()).isEqualTo("ACTIVE");

    try (ZmqOrderGatewayClient gateway =
        new ZmqOrderGatewayClient(context, main.gatewayEndpoint(), Duration.ofSeconds(5), 0)
            .securedBy(LinkKeyStore.operatorClient(config.dataDir(), config.linkSecurity()))
            .proveFreshConnections()) {
      // The broker hangs: each order is answered at the deadline (or at once once every broker
      // thread is held by a hung call) as of unknown outcome, until the breaker opens.
      broker.mode(FaultyExchange.Mode.HANG);
      int unknown = 0;
      OrderResult answer;
      do {
        long start = System.nanoTime();
        answer = gateway.sendOrder(buy("hang-" + unknown), 0);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("Order hang-{} answered in {} ms: {}", unknown, took.toMillis(), answer);
        assertThat(took).isLessThan(ORDER_DEADLINE.plusSeconds(1));
        if (!ErrorCode.EXCHANGE_UNAVAILABLE.wire().equals(answer.errorCode())) {
          assertThat(answer.sent()).isFalse();
          assertThat(answer.errorCode()).isEqualTo(ErrorCode.ORDER_EXECUTION_ERROR.wire());
          assertThat(answer.status()).isEqualTo(OrderState.UNKNOWN);
          unknown++;
        }
      } while (!ErrorCode.EXCHANGE_UNAVAILABLE.wire().equals(answer.errorCode()) && unknown < 20);
      // The breaker's window also holds the start's successful reconciliation queries, so it opens
      // after a few failed orders (50% of at least 5 calls).
      assertThat(unknown).as("orders of unknown outcome before the breaker opens").isBetween(2, 10);
      assertThat(answer.errorMessage()).contains("circuit breaker open");
      assertThat(broker.hungCalls()).isPositive();
      assertThat(page.breakerState()).isEqualTo("OPEN");

      // Open: refused fast, nothing reaches the broker.
      int hungBefore = broker.hungCalls();
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        OrderResult refused = gateway.sendOrder(buy("open-" + i), 0);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.EXCHANGE_UNAVAILABLE.wire());
        assertThat(took).as("refusal %d took %s", i, took).isLessThan(Duration.ofSeconds(1));
      }
      assertThat(broker.hungCalls()).isEqualTo(hungBefore);

      // Open for longer than AFTM_BREAKER_REDUCE_AFTER_S: trading reduces, entries are refused.
      await("trading REDUCING with the breaker open")
          .atMost(Duration.ofSeconds(10))
          .until(() -> page.tradingState().equals("REDUCING"));
      assertThat(page.status().path("trading_reason").asText()).contains("breaker");
      assertThat(gateway.sendOrder(buy("reducing-entry"), 0).errorCode())
          .isEqualTo(ErrorCode.TRADING_HALTED.wire());

      // The broker now fails at once: its trial calls fail, the breaker stays open.
      broker.mode(FaultyExchange.Mode.THROW);
      await("a trial call meeting the failing broker")
          .atMost(Duration.ofSeconds(10))
          .until(() -> broker.thrownCalls() > 0);
      assertThat(page.breakerState()).isIn("OPEN", "HALF_OPEN");
      assertThat(page.tradingState()).isEqualTo("REDUCING");

      // The broker recovers: the breaker closes after its trial calls, trading is active again by
      // itself (the cause was transient), and a new order is placed and filled.
      assertThat(main.simulatedBroker().positions(main.orderAccount()))
          .as("nothing placed while the broker hung")
          .allSatisfy(p -> assertThat(p.quantity()).isZero());
      broker.mode(FaultyExchange.Mode.PASS);
      await("breaker closed and trading active")
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> page.breakerState().equals("CLOSED") && page.tradingState().equals("ACTIVE"));
      OrderResult placed = gateway.sendOrder(buy("after-recovery"), 0);
      assertThat(placed.sent()).as("%s", placed).isTrue();
      await("the order's fill")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  main.orderLifecycle().stateOf("after-recovery").orElse(null)
                      == OrderState.FILLED);
      assertThat(main.simulatedBroker().positions(main.orderAccount()))
          .singleElement()
          .satisfies(p -> assertThat(p.quantity()).isEqualTo(1));
    }
  }
}
