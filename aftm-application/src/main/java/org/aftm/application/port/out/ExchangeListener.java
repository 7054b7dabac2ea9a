package org.aftm.application.port.out;

import java.util.List;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.order.OrderEvent;

/**
 * Broker events, delivered on the adapter's threads. Implementations return quickly and must not
 * call back into the {@link ExchangeApi} while handling an order event.
 */
public interface ExchangeListener {

  default void onTick(MarketTick tick) {}

  /**
   * Several trade prints the broker delivered together (one feed message, e.g. a FIX
   * MarketDataIncrementalRefresh with several trades), in order. The list is read during the call
   * only, so the adapter may reuse it. The default hands them to {@link #onTick} one by one.
   */
  default void onTicks(List<MarketTick> ticks) {
    for (int i = 0; i < ticks.size(); i++) {
      onTick(ticks.get(i));
    }
  }

  default void onBestBidOffer(BestBidOffer quote) {}

  /**
   * One change of an order placed through {@link ExchangeApi#placeOrder}: accepted, rejected,
   * filled (once per execution), cancelled, expired. Events of one order arrive in the order they
   * happened; a broker may repeat one (a FIX resend), and the lifecycle applies it once.
   */
  default void onOrderEvent(OrderEvent event) {}

  /** The connection dropped or came back. */
  default void onConnectionChanged(boolean connected) {}
}
