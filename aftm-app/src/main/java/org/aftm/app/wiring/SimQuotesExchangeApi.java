package org.aftm.app.wiring;

import java.util.Objects;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;

/**
 * Orders to a real broker, quotes from the simulated one ({@code AFTM_MARKET_DATA=sim}), for venues
 * that send no market data: subscriptions go to the simulator's generator, and listeners hear both
 * (the simulator, which takes no orders here, sends only quotes; the broker sends order events and
 * whatever market data it has).
 */
final class SimQuotesExchangeApi extends ForwardingExchangeApi {

  private final SimExchangeApi quotes;

  SimQuotesExchangeApi(ExchangeApi orders, SimExchangeApi quotes) {
    super(orders);
    this.quotes = Objects.requireNonNull(quotes, "quotes");
  }

  @Override
  public void subscribeQuotes(String itemCode) {
    quotes.subscribeQuotes(itemCode);
  }

  @Override
  public void unsubscribeQuotes(String itemCode) {
    quotes.unsubscribeQuotes(itemCode);
  }

  @Override
  public void addListener(ExchangeListener listener) {
    delegate.addListener(listener);
    quotes.addListener(listener);
  }

  @Override
  public void removeListener(ExchangeListener listener) {
    quotes.removeListener(listener);
    delegate.removeListener(listener);
  }
}
