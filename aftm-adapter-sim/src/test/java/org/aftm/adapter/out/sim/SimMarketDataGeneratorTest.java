package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generated market, seen through {@link SimExchangeApi#subscribeQuotes}. */
class SimMarketDataGeneratorTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final int FAST = 2_000;

  private final List<SimExchangeApi> sims = new ArrayList<>();

  @AfterEach
  void closeAll() {
    sims.forEach(SimExchangeApi::close);
  }

  @Test
  void theSameSeedGivesTheSamePricePath() {
    List<Long> first = firstPrices(7L, 30);
    List<Long> again = firstPrices(7L, 30);
    List<Long> other = firstPrices(8L, 30);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(new HashSet<>(first)).hasSizeGreaterThan(1); // the price does move
  }

  @Test
  void aSubscriptionBringsTicksAndQuotesOnTheMarketDataThread() {
    SimExchangeApi sim = newSim(1L);
    Recorder recorder = new Recorder();
    sim.addListener(recorder);

    sim.subscribeQuotes("TXF");

    await()
        .atMost(DEADLINE)
        .until(() -> recorder.ticks.size() >= 20 && recorder.quotes.size() >= 20);
    Contract txf = sim.contracts().get(0);
    assertThat(recorder.threads).containsOnly(SimMarketDataGenerator.THREAD_NAME);
    assertThat(recorder.ticks)
        .allSatisfy(
            tick -> {
              assertThat(tick.itemCode()).isEqualTo("TXF");
              assertThat(txf.accepts(tick.priceUnits())).isTrue();
              assertThat(tick.quantity()).isPositive();
            });
    assertThat(recorder.quotes)
        .allSatisfy(
            quote -> {
              assertThat(quote.itemCode()).isEqualTo("TXF");
              assertThat(quote.bidUnits()).isLessThan(quote.askUnits());
              assertThat(quote.bidQuantity()).isPositive();
            });
  }

  @Test
  void generatedTicksSetTheLastPriceOrdersTradeAt() {
    SimExchangeApi sim = newSim(3L);
    Recorder recorder = new Recorder();
    sim.addListener(recorder);
    sim.login(SimSettings.DEFAULT_DEMO_ACCOUNT, SimSettings.DEFAULT_DEMO_PASSWORD.toCharArray());
    sim.subscribeQuotes("MXF");
    await().atMost(DEADLINE).until(() -> !recorder.ticks.isEmpty());

    sim.unsubscribeQuotes("MXF");
    awaitQuiet(recorder);
    long last = recorder.ticks.get(recorder.ticks.size() - 1).priceUnits();
    OrderResult result =
        sim.placeOrder(
            new OrderRequest(
                SimSettings.DEFAULT_ORDER_ACCOUNT,
                "MXF",
                Side.BUY,
                OrderType.MARKET,
                Price.ZERO,
                1,
                OpenClose.AUTO,
                "t",
                DayTrade.NO,
                TimeInForce.IOC,
                "generated-1"));

    assertThat(result.sent()).isTrue();
    assertThat(sim.orderState("generated-1").orElseThrow().state()).isEqualTo(OrderState.FILLED);
    assertThat(sim.positions(SimSettings.DEFAULT_ORDER_ACCOUNT).get(0).averagePrice().units())
        .isEqualTo(last);
  }

  @Test
  void unsubscribingStopsTheTicks() {
    SimExchangeApi sim = newSim(2L);
    Recorder recorder = new Recorder();
    sim.addListener(recorder);
    sim.subscribeQuotes("TXF");
    await().atMost(DEADLINE).until(() -> recorder.ticks.size() >= 5);

    sim.unsubscribeQuotes("TXF");
    int afterUnsubscribe = recorder.ticks.size();

    // One tick may already be on its way; nothing after it.
    await()
        .during(Duration.ofMillis(300))
        .atMost(DEADLINE)
        .until(() -> recorder.ticks.size() <= afterUnsubscribe + 1);
  }

  @Test
  void closingStopsTheMarketDataThread() {
    SimExchangeApi sim = newSim(4L);
    assertThat(sim.isGeneratingQuotes()).isFalse(); // a replay-only broker starts no thread
    sim.subscribeQuotes("TXF");
    assertThat(sim.isGeneratingQuotes()).isTrue();

    sim.close();

    assertThat(sim.isGeneratingQuotes()).isFalse();
  }

  @Test
  void aRandomWalkStaysOnTheGridWithinItsBand() {
    RandomWalk walk = new RandomWalk(9L, "TXFL6", 100_000, 10_000, 80_000, 120_000);
    RandomWalk twin = new RandomWalk(9L, "TXFL6", 100_000, 10_000, 80_000, 120_000);

    for (int i = 0; i < 10_000; i++) {
      long price = walk.step();
      assertThat(price).isBetween(80_000L, 120_000L);
      assertThat(price % 10_000).isZero();
      assertThat(twin.step()).isEqualTo(price);
      assertThat(walk.quantity()).isBetween(1L, 5L);
    }
  }

  private List<Long> firstPrices(long seed, int count) {
    SimExchangeApi sim = newSim(seed);
    Recorder recorder = new Recorder();
    sim.addListener(recorder);
    sim.subscribeQuotes("TXFL6");
    await().atMost(DEADLINE).until(() -> recorder.ticks.size() >= count);
    sim.close();
    List<Long> prices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prices.add(recorder.ticks.get(i).priceUnits());
    }
    return prices;
  }

  private static void awaitQuiet(Recorder recorder) {
    int[] seen = {-1};
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              int now = recorder.ticks.size();
              boolean quiet = now == seen[0];
              seen[0] = now;
              return quiet;
            });
  }

  private SimExchangeApi newSim(long seed) {
    SimExchangeApi sim =
        new SimExchangeApi(SimSettings.defaults().withSeed(seed).withTicksPerSecond(FAST));
    sims.add(sim);
    return sim;
  }

  private static final class Recorder implements ExchangeListener {
    final List<MarketTick> ticks = new CopyOnWriteArrayList<>();
    final List<BestBidOffer> quotes = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onTick(MarketTick tick) {
      ticks.add(tick);
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void onBestBidOffer(BestBidOffer quote) {
      quotes.add(quote);
    }
  }
}
