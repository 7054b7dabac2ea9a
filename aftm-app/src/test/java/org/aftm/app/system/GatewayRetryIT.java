package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.zmq.gateway.OrderIdProof;
import org.aftm.adapter.zmq.in.ZmqOrderGatewayServer;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.SimulatedBrokers;
import org.aftm.application.port.in.PlaceOrderUseCase;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.application.port.out.TradingMetrics;
import org.aftm.application.service.BackgroundOrderJournal;
import org.aftm.application.service.CheckHealthService;
import org.aftm.application.service.GetPositionsService;
import org.aftm.application.service.OrderLifecycle;
import org.aftm.application.service.PlaceOrderService;
import org.aftm.application.service.Portfolio;
import org.aftm.application.service.RelayConditionChangeService;
import org.aftm.application.service.RiskEngine;
import org.aftm.application.service.RiskLimits;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A {@code send_order} retried after a forced timeout places one order: the real gateway server,
 * the real order service with its SQLite audit trail, the real simulated broker, the real client.
 */
@Timeout(60)
class GatewayRetryIT {

  @TempDir Path dataDir;
  private final ZContext context = new ZContext();
  private SqliteDatabase database;
  private SimExchangeApi broker;
  private ZmqOrderGatewayServer server;
  private BackgroundOrderJournal journal;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    context.close();
    if (journal != null) {
      journal.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aSendOrderRetriedAfterATimeoutPlacesOneOrder() throws Exception {
    database = SqliteDatabase.open(dataDir, true);
    SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
    broker = SimulatedBrokers.forReplay(AftmConfig.defaults());
    broker.feed(
        new MarketTick("TXF", Price.ofPoints(22000).units(), 1, System.currentTimeMillis()));
    // The main process's order path, stage by stage: portfolio, journal, lifecycle, checks, orders.
    Portfolio portfolio = new Portfolio(item -> 200L);
    journal = new BackgroundOrderJournal(store, store, portfolio);
    List<OrderUpdate> published = new CopyOnWriteArrayList<>();
    PublishOrderUpdatesPort toStrategy =
        new PublishOrderUpdatesPort() {
          @Override
          public void publish(OrderUpdate update) {
            published.add(update);
          }

          @Override
          public void publish(ConditionCommand command) {}
        };
    OrderLifecycle lifecycle =
        new OrderLifecycle(portfolio, journal, toStrategy, Clock.systemUTC());
    broker.addListener(lifecycle);
    List<OrderEvent.Filled> fills = new CopyOnWriteArrayList<>();
    broker.addListener(
        new ExchangeListener() {
          @Override
          public void onOrderEvent(OrderEvent event) {
            if (event instanceof OrderEvent.Filled filled) {
              fills.add(filled);
            }
          }
        });
    RiskEngine risk =
        new RiskEngine(
            new RiskLimits(10, 10), portfolio, lifecycle, broker::isLoggedIn, System::nanoTime);
    PlaceOrderService orders =
        new PlaceOrderService(
            broker,
            store,
            risk,
            lifecycle,
            TradingMetrics.NONE,
            Clock.systemUTC(),
            System::nanoTime);

    // The first request is held inside the gateway until the client has timed out and is about to
    // retry.
    CountDownLatch clientGaveUpOnFirstTry = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    PlaceOrderUseCase slowFirstCall =
        command -> {
          if (calls.incrementAndGet() == 1) {
            try {
              clientGaveUpOnFirstTry.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return orders.placeOrder(command);
        };
    server =
        new ZmqOrderGatewayServer(
            context,
            "tcp://127.0.0.1:*",
            slowFirstCall,
            new GetPositionsService(portfolio),
            new CheckHealthService(broker, () -> "CLOSED", System::nanoTime),
            lifecycle,
            new RelayConditionChangeService(toStrategy));
    byte[] orderIdSecret = "GatewayRetryIT's order-id secret".getBytes(StandardCharsets.US_ASCII);
    server.checkingOrderIdsWith(new OrderIdProof(orderIdSecret));
    server.start();
    List<Integer> pauses = new CopyOnWriteArrayList<>();
    try (ZmqOrderGatewayClient client =
        new ZmqOrderGatewayClient(
            context,
            server.endpoint(),
            Duration.ofMillis(300),
            3,
            retry -> {
              pauses.add(retry);
              clientGaveUpOnFirstTry.countDown();
            })) {
      client.signingOrderIdsWith(new OrderIdProof(orderIdSecret));
      OrderRequest request =
          new OrderRequest(
              "SIM-0001",
              "TXF",
              Side.BUY,
              OrderType.MARKET,
              Price.ZERO,
              2,
              OpenClose.AUTO,
              "retry test",
              DayTrade.NO,
              TimeInForce.IOC,
              "aftm-42-entry");

      OrderResult result = client.sendOrder(request, 0);

      assertThat(pauses).containsExactly(1);
      assertThat(calls.get()).isEqualTo(2);
      assertThat(result.sent()).isTrue();
      assertThat(result.clientOrderId()).isEqualTo("aftm-42-entry");
      await("the order's fill")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(fills).hasSize(1));
      assertThat(fills.get(0).clientOrderId()).isEqualTo("aftm-42-entry");
      // Both the broker and the portfolio (built from the fill) hold the two lots once.
      assertThat(broker.positions("SIM-0001"))
          .singleElement()
          .satisfies(p -> assertThat(p.quantity()).isEqualTo(2));
      assertThat(portfolio.netQuantity("SIM-0001", "TXF")).isEqualTo(2);
      // And once more, after the fact: still the first answer, still one order.
      OrderResult again = client.sendOrder(request, 0);
      assertThat(again.orderSerial()).isEqualTo(result.orderSerial());
      assertThat(fills).hasSize(1);
      assertThat(broker.positions("SIM-0001"))
          .singleElement()
          .satisfies(p -> assertThat(p.quantity()).isEqualTo(2));
      // The repeat republishes the order's state to the strategy instead of placing it again.
      assertThat(published)
          .filteredOn(u -> u.clientOrderId().equals("aftm-42-entry"))
          .last()
          .satisfies(u -> assertThat(u.state()).isEqualTo(OrderState.FILLED));
      // The audit trail holds the one answer, durable for a retry after a gateway restart.
      assertThat(store.findResultByClientOrderId("aftm-42-entry"))
          .get()
          .extracting(OrderResult::orderSerial)
          .isEqualTo(result.orderSerial());
    }
  }
}
