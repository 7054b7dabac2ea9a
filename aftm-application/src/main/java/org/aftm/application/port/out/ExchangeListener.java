package org.aftm.application.port.out;

import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderReply;

/**
 * Broker events, delivered on the adapter's threads. Implementations return quickly and must not
 * call back into the {@link ExchangeApi} while handling a fill or reply.
 */
public interface ExchangeListener {

  default void onTick(MarketTick tick) {}

  default void onBestBidOffer(BestBidOffer quote) {}

  default void onOrderReply(OrderReply reply) {}

  default void onFill(Fill fill) {}

  /** The connection dropped or came back. */
  default void onConnectionChanged(boolean connected) {}
}
