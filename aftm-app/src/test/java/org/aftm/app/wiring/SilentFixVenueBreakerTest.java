package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.adapter.out.fix.FixExchangeApi;
import org.aftm.adapter.out.fix.FixSettings;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.ApplicationAdapter;
import quickfix.DefaultMessageFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;

/**
 * A FIX venue that logs on and then never answers an order: the adapter's next orders fail, the
 * gateway's breaker counts them, opens, and refuses with {@code EXCHANGE_UNAVAILABLE}, as with a
 * hung simulated broker.
 */
class SilentFixVenueBreakerTest {

  @TempDir Path temp;

  @Test
  void aVenueThatNeverAnswersOpensTheBreaker() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SessionID venueSession = new SessionID("FIX.4.4", "AFTM-VENUE", "AFTM");
    SessionSettings settings = new SessionSettings();
    settings.setString(venueSession, "ConnectionType", "acceptor");
    settings.setLong(venueSession, "SocketAcceptPort", port);
    settings.setString(venueSession, "SocketAcceptAddress", "127.0.0.1");
    settings.setString(venueSession, "NonStopSession", "Y");
    List<Message> received = new CopyOnWriteArrayList<>();
    SocketAcceptor silent =
        new SocketAcceptor(
            new ApplicationAdapter() {
              @Override
              public void fromApp(Message message, SessionID id) {
                received.add(message); // and never a word back
              }
            },
            new MemoryStoreFactory(),
            settings,
            new ScreenLogFactory(false, false, false),
            new DefaultMessageFactory());
    silent.start();
    FixExchangeApi fix =
        new FixExchangeApi(
            FixSettings.of(
                    "127.0.0.1",
                    port,
                    "AFTM",
                    "AFTM-VENUE",
                    FixVersion.FIX44,
                    30,
                    temp.resolve("fix/store"))
                .withTimeouts(List.of(1), Duration.ofSeconds(10), Duration.ofMillis(300)));
    try (TimeLimitedExchangeApi limited =
        new TimeLimitedExchangeApi(fix, Duration.ofSeconds(1), Duration.ofSeconds(1), 2)) {
      CircuitBreakingExchangeApi gateway =
          new CircuitBreakingExchangeApi(
              limited, CircuitBreakingExchangeApi.standardBreaker(Duration.ofSeconds(60)));
      assertThat(gateway.login("demo", "pw".toCharArray()).success()).isTrue();
      OrderResult first = gateway.placeOrder(order("silent-0"));
      assertThat(first.sent()).isTrue();
      AtomicInteger attempt = new AtomicInteger();
      AtomicInteger failures = new AtomicInteger();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                try {
                  return ErrorCode.EXCHANGE_UNAVAILABLE
                      .wire()
                      .equals(
                          gateway
                              .placeOrder(order("silent-" + attempt.incrementAndGet()))
                              .errorCode());
                } catch (ExchangeException failure) {
                  // What the gateway meets until the breaker opens: a failure it counts.
                  assertThat(failure).hasMessageContaining("has not answered order silent-");
                  failures.incrementAndGet();
                  return false;
                }
              });
      assertThat(failures.get()).isGreaterThanOrEqualTo(3);
      assertThat(gateway.breakerState()).isEqualTo("OPEN");
      // Orders that failed or were refused never went out: the venue saw only the earlier ones.
      int placed = attempt.get() + 1;
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> received.size() == placed - failures.get() - 1);
      assertThat(received.get(0).getString(11)).isEqualTo("silent-0");
      assertThat(gateway.isLoggedIn()).isTrue();
    } finally {
      fix.close();
      silent.stop(true);
    }
  }

  private static OrderRequest order(String clientOrderId) {
    return new OrderRequest(
        "demo",
        "TXF",
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.OPEN,
        "breaker",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }
}
