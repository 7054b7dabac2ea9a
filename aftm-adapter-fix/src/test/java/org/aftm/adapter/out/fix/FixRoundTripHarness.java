package org.aftm.adapter.out.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.domain.order.OrderEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (its name keeps it out of {@code verify}): measures the round trip of an order through
 * FIX on loopback, {@code placeOrder} to its {@code Filled} event on the listener, against a venue
 * that fills at once. Prints percentiles; asserts only that every order came back. Run with {@code
 * -Dtest=FixRoundTripHarness -Dsurefire.failIfNoSpecifiedTests=false}. The adapter's own cost; the
 * round trip through the real venue next to the simulated broker's is {@code
 * org.aftm.benchmarks.FixRoundTrip} in aftm-benchmarks.
 */
class FixRoundTripHarness {

  private static final int WARM_UP = 2_000;
  private static final int MEASURED = 5_000;

  @TempDir Path temp;

  @Test
  void roundTripOnLoopback() throws Exception {
    try (ScriptedVenue venue = new ScriptedVenue(temp.resolve("venue"))) {
      venue.respond(
          (order, v) -> {
            try {
              if ("D".equals(ScriptedVenue.typeOf(order))) {
                v.send(v.report(order, '0', '0', 0, "0", 0, "0", null));
                v.send(v.report(order, 'F', '2', 1, "22000", 1, "22000", null));
              }
            } catch (quickfix.FieldNotFound e) {
              throw new IllegalStateException(e);
            }
          });
      BlockingQueue<Long> filledAt = new ArrayBlockingQueue<>(16);
      try (FixExchangeApi fix =
          new FixExchangeApi(
              FixTestSupport.settings(venue.port, temp.resolve("store"))
                  .withTimeouts(
                      java.util.List.of(1), Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
        fix.addListener(
            new ExchangeListener() {
              @Override
              public void onOrderEvent(OrderEvent event) {
                if (event instanceof OrderEvent.Filled) {
                  filledAt.add(System.nanoTime());
                }
              }
            });
        assertThat(fix.login(ScriptedVenue.ACCOUNT, ScriptedVenue.PASSWORD.toCharArray()).success())
            .isTrue();
        long[] micros = new long[MEASURED];
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
          long start = System.nanoTime();
          fix.placeOrder(FixTestSupport.order("rt-" + i, 1));
          Long end = filledAt.poll(10, TimeUnit.SECONDS);
          assertThat(end).as("fill of order %d", i).isNotNull();
          if (i >= WARM_UP) {
            micros[i - WARM_UP] = (end - start) / 1_000;
          }
        }
        Arrays.sort(micros);
        System.out.printf(
            "FIX round trip on loopback, placeOrder to Filled, %d orders after %d warm-up (us):"
                + " p50 %d, p90 %d, p99 %d, p99.9 %d, max %d%n",
            MEASURED,
            WARM_UP,
            micros[MEASURED / 2],
            micros[MEASURED * 9 / 10],
            micros[MEASURED * 99 / 100],
            micros[MEASURED * 999 / 1000],
            micros[MEASURED - 1]);
      }
    }
  }
}
