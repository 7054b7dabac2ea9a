package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import quickfix.ApplicationAdapter;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.UtcTimestampPrecision;

/**
 * The real main process with {@code EXCHANGE_MODE=fix} against a small scripted venue: it logs on
 * with the demo credentials, reconciles through the venue's queries (positions none, working orders
 * none, no SecurityList so the simulated listing), and an order sent through the gateway is filled
 * over FIX into the portfolio. The password is in no file of the data directory.
 */
@Timeout(120)
class FixMainProcessIT {

  private static final String PASSWORD = "demo";

  @TempDir Path dataDir;
  private MainProcess main;
  private SocketAcceptor venue;
  private final ZContext context = new ZContext();
  private final AtomicInteger execIds = new AtomicInteger();

  @AfterEach
  void stop() {
    context.close();
    if (main != null) {
      main.close();
    }
    if (venue != null) {
      venue.stop(true);
    }
  }

  @Test
  void anOrderThroughTheGatewayIsFilledOverFix() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    startVenue(port);
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.AFTM_DATA_DIR, dataDir.toString());
    values.put(ConfigKey.ZMQ_TICK_PORT, "0");
    values.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
    values.put(ConfigKey.DLL_GATEWAY_PORT, "0");
    values.put(ConfigKey.AFTM_ORDER_EVENT_PORT, "0");
    values.put(ConfigKey.AFTM_HTTP_PORT, "-1");
    values.put(ConfigKey.EXCHANGE_MODE, "fix");
    values.put(ConfigKey.AFTM_FIX_PORT, Integer.toString(port));
    values.put(ConfigKey.AFTM_MARKET_DATA, "sim");
    values.put(ConfigKey.AFTM_SESSION_CALENDAR, "always");
    AftmConfig config = AftmConfig.defaults().with(values);
    main = MainProcess.start(config, "demo", PASSWORD.toCharArray(), false);
    assertThat(main.orderAccount()).isEqualTo("demo");
    assertThat(main.exchange().isLoggedIn()).isTrue();

    try (ZmqOrderGatewayClient gateway =
        new ZmqOrderGatewayClient(context, main.gatewayEndpoint(), Duration.ofSeconds(5), 0)
            .securedBy(LinkKeyStore.operatorClient(config.dataDir(), config.linkSecurity()))
            .proveFreshConnections()) {
      OrderResult answer =
          gateway.sendOrder(
              new OrderRequest(
                  "demo",
                  "TXF",
                  Side.BUY,
                  OrderType.MARKET,
                  Price.ZERO,
                  2,
                  OpenClose.AUTO,
                  "fix it",
                  DayTrade.NO,
                  TimeInForce.IOC,
                  "fix-it-1"),
              0);
      assertThat(answer.sent()).as(answer.toString()).isTrue();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> main.fills() == 1);
    Position held =
        main.positions().stream().filter(p -> p.itemCode().equals("TXF")).findFirst().orElseThrow();
    assertThat(held.quantity()).isEqualTo(2);
    assertThat(held.averagePrice()).isEqualTo(Price.parse("22000.5"));

    Path store = dataDir.resolve("fix/store");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(text).as("%s", file).doesNotContain("554=" + PASSWORD);
      }
    }
  }

  private void startVenue(int port) throws Exception {
    SessionID id = new SessionID("FIX.4.4", "AFTM-VENUE", "AFTM");
    SessionSettings settings = new SessionSettings();
    settings.setString(id, "ConnectionType", "acceptor");
    settings.setLong(id, "SocketAcceptPort", port);
    settings.setString(id, "SocketAcceptAddress", "127.0.0.1");
    settings.setString(id, "NonStopSession", "Y");
    venue =
        new SocketAcceptor(
            new ApplicationAdapter() {
              @Override
              public void fromAdmin(Message message, SessionID session)
                  throws FieldNotFound, RejectLogon {
                if ("A".equals(message.getHeader().getString(35))
                    && !(message.isSetField(554) && PASSWORD.equals(message.getString(554)))) {
                  throw new RejectLogon("login refused");
                }
              }

              @Override
              public void fromApp(Message message, SessionID session) throws FieldNotFound {
                answer(message, session);
              }
            },
            new MemoryStoreFactory(),
            settings,
            new ScreenLogFactory(false, false, false),
            new DefaultMessageFactory());
    venue.start();
  }

  private void answer(Message request, SessionID session) throws FieldNotFound {
    switch (request.getHeader().getString(35)) {
      case "AN" -> {
        Message ack = message("AO");
        ack.setString(721, "PM-1");
        ack.setString(710, request.getString(710));
        ack.setInt(727, 0);
        ack.setInt(728, 2);
        ack.setInt(729, 0);
        ack.setString(1, request.getString(1));
        ack.setInt(581, 1);
        send(ack, session);
      }
      case "AF" -> {
        Message none = message("8");
        none.setString(37, "NONE");
        none.setString(17, "S" + execIds.incrementAndGet());
        none.setString(584, request.getString(584));
        none.setInt(911, 0);
        none.setBoolean(912, true);
        none.setChar(150, 'I');
        none.setChar(39, '0');
        none.setString(55, "NONE");
        none.setChar(54, '1');
        none.setInt(151, 0);
        none.setInt(14, 0);
        none.setInt(6, 0);
        send(none, session);
      }
      case "x" -> {
        Message reject = message("j");
        reject.setString(45, request.getHeader().getString(34));
        reject.setString(372, "x");
        reject.setString(379, request.getString(320));
        reject.setInt(380, 3);
        reject.setString(58, "no security list here");
        send(reject, session);
      }
      case "D" -> {
        send(report(request, '0', '0', 0, 0), session);
        send(report(request, 'F', '2', request.getInt(38), request.getInt(38)), session);
      }
      default -> {}
    }
  }

  private Message report(Message order, char execType, char status, int lastQty, int cumQty)
      throws FieldNotFound {
    Message report = message("8");
    report.setString(37, "V1");
    report.setString(17, "E" + execIds.incrementAndGet());
    report.setString(11, order.getString(11));
    report.setChar(150, execType);
    report.setChar(39, status);
    report.setString(55, order.getString(55));
    report.setChar(54, order.getChar(54));
    report.setInt(38, order.getInt(38));
    if (lastQty > 0) {
      report.setInt(32, lastQty);
      report.setDecimal(31, new BigDecimal("22000.5"));
    }
    report.setInt(14, cumQty);
    report.setInt(151, order.getInt(38) - cumQty);
    report.setDecimal(6, cumQty == 0 ? BigDecimal.ZERO : new BigDecimal("22000.5"));
    report.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC), UtcTimestampPrecision.MILLIS);
    return report;
  }

  private static Message message(String type) {
    Message message = new Message();
    message.getHeader().setString(35, type);
    return message;
  }

  private static void send(Message message, SessionID session) {
    Session.lookupSession(session).send(message);
  }
}
