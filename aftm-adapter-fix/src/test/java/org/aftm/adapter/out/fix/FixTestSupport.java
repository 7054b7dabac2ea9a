package org.aftm.adapter.out.fix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderRequest;

/** Settings, orders and a recording listener for the adapter's tests. */
final class FixTestSupport {

  private FixTestSupport() {}

  static FixSettings settings(int port, Path store) {
    return FixSettings.of("127.0.0.1", port, "AFTM", "AFTM-VENUE", FixVersion.FIX44, 30, store)
        .withTimeouts(List.of(1), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  static OrderRequest order(String clientOrderId, int quantity) {
    return new OrderRequest(
        "demo",
        "TXF",
        Side.BUY,
        OrderType.LIMIT,
        Price.parse("22000.25"),
        quantity,
        OpenClose.OPEN,
        "test",
        DayTrade.NO,
        TimeInForce.ROD,
        clientOrderId);
  }

  /** Records every listener call, in delivery order, with the delivering thread. */
  static final class Recorder implements ExchangeListener {
    final List<OrderEvent> orderEvents = new CopyOnWriteArrayList<>();
    final List<List<MarketTick>> tickBatches = new CopyOnWriteArrayList<>();
    final List<BestBidOffer> quotes = new CopyOnWriteArrayList<>();
    final List<Boolean> connections = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onOrderEvent(OrderEvent event) {
      threads.add(Thread.currentThread().getName());
      orderEvents.add(event);
    }

    @Override
    public void onTicks(List<MarketTick> ticks) {
      threads.add(Thread.currentThread().getName());
      tickBatches.add(List.copyOf(ticks));
    }

    @Override
    public void onBestBidOffer(BestBidOffer quote) {
      quotes.add(quote);
    }

    @Override
    public void onConnectionChanged(boolean connected) {
      connections.add(connected);
    }
  }
}
