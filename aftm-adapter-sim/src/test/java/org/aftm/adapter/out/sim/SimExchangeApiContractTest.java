package org.aftm.adapter.out.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;

/** The simulated broker keeps the {@link ExchangeApi} contract. */
class SimExchangeApiContractTest extends ExchangeApiContractTest {

  @Override
  protected ExchangeApi newExchange() {
    return new SimExchangeApi(
        SimSettings.defaults()
            .withClock(Clock.fixed(Instant.parse("2026-11-23T01:00:00Z"), ZoneOffset.UTC)));
  }

  @Override
  protected String validAccount() {
    return SimSettings.DEFAULT_DEMO_ACCOUNT;
  }

  @Override
  protected char[] validPassword() {
    return SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray();
  }

  @Override
  protected void tradeAt(String itemCode, Price price) {
    ((SimExchangeApi) exchange)
        .feed(new MarketTick(itemCode, price.units(), 1, 1_763_859_600_000L));
  }
}
