package org.aftm.adapter.out.fix.venue;

import static org.aftm.adapter.out.fix.venue.TestInitiator.field;
import static org.aftm.adapter.out.fix.venue.TestInitiator.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.domain.model.BestBidOffer;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import quickfix.Group;
import quickfix.Message;
import quickfix.SessionNotFound;

/**
 * The venue over loopback, in front of {@link ScriptedBroker}, driven by a plain QuickFIX/J
 * initiator: logon, orders and their reports, status, positions, market data and the security list,
 * as issue #12's FIX conventions say.
 */
class FixVenueTest {

  private static final AtomicInteger SESSIONS = new AtomicInteger();

  @TempDir Path directory;

  private final ScriptedBroker broker = new ScriptedBroker();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
  private Logger root;
  private String venueCompId;
  private String clientCompId;
  private FixVenue venue;

  @BeforeEach
  void startVenue() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logLines.start();
    root.addAppender(logLines);
    ((Logger) LoggerFactory.getLogger("quickfixj")).setLevel(ch.qos.logback.classic.Level.INFO);
    // Unique CompIDs: QuickFIX/J keeps sessions in one registry per JVM.
    int n = SESSIONS.incrementAndGet();
    venueCompId = "VENUE-" + n;
    clientCompId = "CLIENT-" + n;
    venue = startVenue(false);
  }

  private FixVenue startVenue(boolean tls) {
    return startVenue(tls, FixVersion.FIX44);
  }

  private FixVenue startVenue(boolean tls, FixVersion version) {
    FixVenue started =
        FixVenue.start(
            broker,
            new FixVenueSettings(
                "127.0.0.1",
                0,
                directory.resolve("venue"),
                venueCompId,
                clientCompId,
                version,
                tls));
    toClose.add(0, started);
    return started;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
    root.detachAppender(logLines);
  }

  private TestInitiator client(String password) throws Exception {
    return client(password, null, null);
  }

  private TestInitiator client(String password, Path store, Path trustStore) throws Exception {
    TestInitiator client =
        new TestInitiator(
            venue, clientCompId, venueCompId, ScriptedBroker.ACCOUNT, password, store, trustStore);
    toClose.add(0, client);
    return client;
  }

  private TestInitiator loggedOn() throws Exception {
    TestInitiator client = client(ScriptedBroker.PASSWORD);
    client.awaitLogon();
    return client;
  }

  // ---- session

  @Test
  void logonWithTheBrokersCredentialsMasksThePasswordInLogsAndStore() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "fill-logon", 1);
    client.awaitMessage("fill", m -> "F".equals(field(m, 150)));

    List<String> lines = logLines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).anyMatch(line -> line.contains("554=***") && line.contains("35=A"));
    assertThat(lines).noneMatch(line -> line.contains(ScriptedBroker.PASSWORD));
    Path store = directory.resolve("venue/store");
    try (Stream<Path> files = Files.list(store)) {
      List<Path> storeFiles = files.toList();
      assertThat(storeFiles).isNotEmpty();
      for (Path file : storeFiles) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
            .doesNotContain(ScriptedBroker.PASSWORD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as("%s", file)
            .isEqualTo("rw-------");
      }
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store)))
        .isEqualTo("rwx------");
    assertThat(venue.counts().logons()).isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsALogoutSayingLoginRefused() throws Exception {
    TestInitiator client = client("wrong-password");
    Message logout = client.awaitAdmin("logout", m -> "5".equals(type(m)));
    assertThat(field(logout, 58)).isEqualTo("login refused");
    assertThat(client.isLoggedOn()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> venue.counts().refusedLogons() >= 1);
    assertThat(logLines.list.stream().map(ILoggingEvent::getFormattedMessage))
        .noneMatch(line -> line.contains("wrong-password"));
  }

  @Test
  void anInitiatorThatRestartsResumesItsSequenceNumbers() throws Exception {
    Path store = directory.resolve("client-store");
    TestInitiator first = client(ScriptedBroker.PASSWORD, store, null);
    first.awaitLogon();
    sendOrder(first, "fill-before-restart", 1);
    first.awaitMessage("fill", m -> "F".equals(field(m, 150)));
    first.close();

    TestInitiator second = client(ScriptedBroker.PASSWORD, store, null);
    second.awaitLogon();
    Message logon = second.awaitAdmin("logon", m -> "A".equals(type(m)));
    // No reset: the venue's sequence numbers went on from the first connection's.
    assertThat(Integer.parseInt(field(logon.getHeader(), 34))).isGreaterThan(1);
    assertThat(field(logon, 141)).isNotEqualTo("Y");
  }

  @Test
  void aFillWhileTheInitiatorIsAwayIsResentAfterItsReturn() throws Exception {
    Path store = directory.resolve("client-store");
    TestInitiator first = client(ScriptedBroker.PASSWORD, store, null);
    first.awaitLogon();
    sendOrder(first, "rest-away", 2);
    Message accepted = first.awaitMessage("new", m -> "rest-away".equals(field(m, 11)));
    first.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> !first.isLoggedOn());

    broker.fillResting("rest-away", field(accepted, 37));

    TestInitiator second = client(ScriptedBroker.PASSWORD, store, null);
    second.awaitLogon();
    Message fill =
        second.awaitMessage(
            "the fill, resent", m -> "rest-away".equals(field(m, 11)) && "F".equals(field(m, 150)));
    assertThat(field(fill, 39)).isEqualTo("2");
    assertThat(field(fill, 32)).isEqualTo("2");
    assertThat(field(fill.getHeader(), 43)).isEqualTo("Y");
  }

  // ---- orders

  @Test
  void aMarketOrderIsReportedNewThenFilled() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "fill-1", 2);

    List<Message> reports =
        client.awaitMessages("new and fill", 2, m -> "fill-1".equals(field(m, 11)));
    Message accepted = reports.get(0);
    assertThat(field(accepted, 150)).isEqualTo("0");
    assertThat(field(accepted, 39)).isEqualTo("0");
    assertThat(field(accepted, 37)).isEqualTo("101");
    Message fill = reports.get(1);
    assertThat(field(fill, 150)).isEqualTo("F");
    assertThat(field(fill, 39)).isEqualTo("2");
    assertThat(field(fill, 17)).isEqualTo("101-1");
    assertThat(field(fill, 32)).isEqualTo("2");
    assertThat(field(fill, 31)).isEqualTo("22000.5");
    assertThat(field(fill, 14)).isEqualTo("2");
    assertThat(field(fill, 151)).isEqualTo("0");
    assertThat(field(fill, 6)).isEqualTo("22000.5");
    assertThat(field(fill, 55)).isEqualTo(ScriptedBroker.SYMBOL);
    assertThat(field(fill, 54)).isEqualTo("1");
    assertThat(field(accepted, 17)).isNotEqualTo(field(fill, 17));
  }

  @Test
  void aPartialFillThenTheRestCanceled() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "part-1", 3);

    List<Message> reports =
        client.awaitMessages("three reports", 3, m -> "part-1".equals(field(m, 11)));
    assertThat(reports).extracting(m -> field(m, 150)).containsExactly("0", "F", "4");
    assertThat(field(reports.get(1), 39)).isEqualTo("1");
    assertThat(field(reports.get(1), 14)).isEqualTo("1");
    assertThat(field(reports.get(1), 151)).isEqualTo("2");
    assertThat(field(reports.get(2), 39)).isEqualTo("4");
    assertThat(field(reports.get(2), 151)).isEqualTo("0");
    assertThat(field(reports.get(2), 14)).isEqualTo("1");
  }

  @Test
  void refusalsCarryTheBrokersCodeInText() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "refuse-1", 1);
    sendOrder(client, "reject-1", 1);

    Message refused = client.awaitMessage("refused", m -> "refuse-1".equals(field(m, 11)));
    assertThat(field(refused, 150)).isEqualTo("8");
    assertThat(field(refused, 39)).isEqualTo("8");
    assertThat(field(refused, 58))
        .isEqualTo("PRICE_OUT_OF_RANGE: limit price outside today's limits");
    assertThat(field(refused, 103)).isEqualTo("0");
    Message rejected =
        client.awaitMessage(
            "rejected", m -> "reject-1".equals(field(m, 11)) && "8".equals(field(m, 150)));
    assertThat(field(rejected, 58)).isEqualTo("SIM_REJECT: simulated broker rejection");
  }

  @Test
  void anExpiredOrder() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "expire-1", 1);

    List<Message> reports =
        client.awaitMessages("two reports", 2, m -> "expire-1".equals(field(m, 11)));
    assertThat(reports).extracting(m -> field(m, 150)).containsExactly("0", "C");
    assertThat(field(reports.get(1), 39)).isEqualTo("C");
    assertThat(field(reports.get(1), 151)).isEqualTo("0");
  }

  @Test
  void aDuplicateClOrdIdIsRejectedAndNotPlacedTwice() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "fill-dup", 1);
    client.awaitMessage("fill", m -> "fill-dup".equals(field(m, 11)) && "F".equals(field(m, 150)));
    sendOrder(client, "fill-dup", 1);

    Message duplicate =
        client.awaitMessage(
            "duplicate", m -> "fill-dup".equals(field(m, 11)) && "8".equals(field(m, 150)));
    assertThat(field(duplicate, 103)).isEqualTo("6");
    assertThat(field(duplicate, 58)).startsWith("DUPLICATE_ORDER");
    assertThat(broker.placed.get()).isEqualTo(1);
  }

  @Test
  void cancelRequestsAreAnsweredWithWhyNot() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "rest-1", 1);
    sendOrder(client, "fill-2", 1);
    client.awaitMessage("filled", m -> "fill-2".equals(field(m, 11)) && "F".equals(field(m, 150)));

    cancel(client, "rest-1", "cx-1");
    cancel(client, "fill-2", "cx-2");
    cancel(client, "never-sent", "cx-3");

    Message working = client.awaitMessage("working", m -> "cx-1".equals(field(m, 11)));
    assertThat(type(working)).isEqualTo("9");
    assertThat(field(working, 41)).isEqualTo("rest-1");
    assertThat(field(working, 102)).isEqualTo("2");
    assertThat(field(working, 39)).isEqualTo("0");
    Message tooLate = client.awaitMessage("too late", m -> "cx-2".equals(field(m, 11)));
    assertThat(field(tooLate, 102)).isEqualTo("0");
    assertThat(field(tooLate, 39)).isEqualTo("2");
    Message unknown = client.awaitMessage("unknown", m -> "cx-3".equals(field(m, 11)));
    assertThat(field(unknown, 102)).isEqualTo("1");
    assertThat(field(unknown, 37)).isEqualTo("NONE");
  }

  @Test
  void statusOfAnOrderAndOfAnUnknownOne() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "fill-3", 2);
    client.awaitMessage("filled", m -> "fill-3".equals(field(m, 11)) && "F".equals(field(m, 150)));

    statusRequest(client, "fill-3");
    statusRequest(client, "nobody-sent-this");

    Message known =
        client.awaitMessage(
            "status", m -> "fill-3".equals(field(m, 11)) && "I".equals(field(m, 150)));
    assertThat(field(known, 39)).isEqualTo("2");
    assertThat(field(known, 14)).isEqualTo("2");
    assertThat(field(known, 151)).isEqualTo("0");
    assertThat(field(known, 6)).isEqualTo("22000.5");
    assertThat(field(known, 37)).isEqualTo("101");
    Message unknown = client.awaitMessage("unknown", m -> "nobody-sent-this".equals(field(m, 11)));
    assertThat(field(unknown, 150)).isEqualTo("I");
    assertThat(field(unknown, 39)).isEqualTo("8");
    assertThat(field(unknown, 103)).isEqualTo("5");
    assertThat(field(unknown, 58)).isEqualTo("unknown order");
    assertThat(field(unknown, 37)).isEqualTo("NONE");
  }

  @Test
  void massStatusWithNoWorkingOrders() throws Exception {
    TestInitiator client = loggedOn();
    massStatus(client, "ms-1");

    Message none = client.awaitMessage("none", m -> "ms-1".equals(field(m, 584)));
    assertThat(field(none, 150)).isEqualTo("I");
    assertThat(field(none, 911)).isEqualTo("0");
    assertThat(field(none, 912)).isEqualTo("Y");
    assertThat(field(none, 37)).isEqualTo("NONE");
    assertThat(field(none, 55)).isEqualTo("NONE");
    assertThat(field(none, 151)).isEqualTo("0");
  }

  @Test
  void massStatusWithWorkingOrders() throws Exception {
    TestInitiator client = loggedOn();
    sendOrder(client, "rest-a", 1);
    sendOrder(client, "fill-b", 1);
    sendOrder(client, "rest-c", 2);
    client.awaitMessage("rest-c new", m -> "rest-c".equals(field(m, 11)));
    massStatus(client, "ms-2");

    List<Message> reports = client.awaitMessages("two", 2, m -> "ms-2".equals(field(m, 584)));
    assertThat(reports).extracting(m -> field(m, 11)).containsExactly("rest-a", "rest-c");
    assertThat(reports).extracting(m -> field(m, 911)).containsOnly("2");
    assertThat(field(reports.get(0), 912)).isNull();
    assertThat(field(reports.get(1), 912)).isEqualTo("Y");
    assertThat(field(reports.get(1), 151)).isEqualTo("2");
    assertThat(field(reports.get(1), 55)).isEqualTo(ScriptedBroker.SYMBOL);
  }

  @Test
  void positionsAreAnAckThenOneReportPerInstrument() throws Exception {
    TestInitiator client = loggedOn();
    Message request = message("AN");
    request.setString(710, "pos-1");
    request.setInt(724, 0);
    request.setString(1, ScriptedBroker.ACCOUNT);
    request.setInt(581, 1);
    request.setString(715, "20261201");
    request.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
    client.send(request);

    Message ack = client.awaitMessage("ack", m -> "AO".equals(type(m)));
    assertThat(field(ack, 710)).isEqualTo("pos-1");
    assertThat(field(ack, 727)).isEqualTo("1");
    assertThat(field(ack, 728)).isEqualTo("0");
    assertThat(field(ack, 729)).isEqualTo("0");
    Message report = client.awaitMessage("report", m -> "AP".equals(type(m)));
    assertThat(field(report, 55)).isEqualTo(ScriptedBroker.SYMBOL);
    assertThat(field(report, 1)).isEqualTo(ScriptedBroker.ACCOUNT);
    Group lots = report.getGroups(702).get(0);
    assertThat(field(lots, 703)).isEqualTo("TOT");
    assertThat(field(lots, 704)).isEqualTo("0");
    assertThat(field(lots, 705)).isEqualTo("2");
    assertThat(field(report, 730)).isEqualTo("22000.5");
    assertThat(field(report, 734)).isEqualTo("21990.25");
  }

  // ---- market data and instruments

  @Test
  void marketDataIsASnapshotThenIncrementsWithTradesThatCameTogetherInOne() throws Exception {
    TestInitiator client = loggedOn();
    broker.emitQuote(quote(21999, 22001));
    subscribe(client, "md-1", ScriptedBroker.SYMBOL);
    Message snapshot = client.awaitMessage("snapshot", m -> "W".equals(type(m)));
    assertThat(field(snapshot, 262)).isEqualTo("md-1");
    assertThat(field(snapshot, 55)).isEqualTo(ScriptedBroker.SYMBOL);
    assertThat(snapshot.getGroups(268))
        .extracting(g -> field(g, 269) + "@" + field(g, 270))
        .containsExactly("0@21999", "1@22001");
    assertThat(broker.subscribed).contains(ScriptedBroker.SYMBOL);

    long time = 1_796_000_000_123L;
    broker.emitTicks(
        List.of(
            new MarketTick(ScriptedBroker.SYMBOL, Price.parse("22000").units(), 1, time),
            new MarketTick(ScriptedBroker.SYMBOL, Price.parse("22000.5").units(), 3, time),
            new MarketTick(ScriptedBroker.SYMBOL, Price.parse("22001").units(), 2, time + 1)));
    Message trades = client.awaitMessage("trades", m -> "X".equals(type(m)));
    List<Group> entries = trades.getGroups(268);
    assertThat(entries)
        .extracting(g -> field(g, 270) + "x" + field(g, 271))
        .containsExactly("22000x1", "22000.5x3", "22001x2");
    assertThat(entries).extracting(g -> field(g, 269)).containsOnly("2");
    assertThat(entries).extracting(g -> field(g, 279)).containsOnly("0");
    assertThat(field(entries.get(0), 55)).isEqualTo(ScriptedBroker.SYMBOL);
    assertThat(field(entries.get(0), 273)).matches("\\d{2}:\\d{2}:\\d{2}\\.123");
    assertThat(field(trades, 262)).isEqualTo("md-1");

    broker.emitQuote(quote(22000, 22002));
    List<Message> increments = client.awaitMessages("quote", 2, m -> "X".equals(type(m)));
    assertThat(increments.get(1).getGroups(268))
        .extracting(g -> field(g, 269) + "@" + field(g, 270))
        .containsExactly("0@22000", "1@22002");
    assertThat(client.received.indexOf(snapshot)).isLessThan(client.received.indexOf(trades));
    // Market data is not kept for resending: the store holds the orders' reports only.
    try (Stream<Path> files = Files.list(directory.resolve("venue/store"))) {
      for (Path file : files.toList()) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain("35=X");
      }
    }
  }

  @Test
  void anUnknownSymbolIsAMarketDataRequestReject() throws Exception {
    TestInitiator client = loggedOn();
    subscribe(client, "md-2", "NOPE");

    Message reject = client.awaitMessage("reject", m -> "Y".equals(type(m)));
    assertThat(field(reject, 262)).isEqualTo("md-2");
    assertThat(field(reject, 58)).contains("NOPE");
    assertThat(broker.subscribed).isEmpty();
  }

  @Test
  void theSecurityListIsTheBrokersContracts() throws Exception {
    TestInitiator client = loggedOn();
    Message request = message("x");
    request.setString(320, "sec-1");
    request.setInt(559, 4);
    client.send(request);

    Message list = client.awaitMessage("list", m -> "y".equals(type(m)));
    assertThat(field(list, 320)).isEqualTo("sec-1");
    assertThat(field(list, 560)).isEqualTo("0");
    List<Group> securities = list.getGroups(146);
    assertThat(securities).extracting(g -> field(g, 55)).containsExactly("TXFL6", "MXFL6");
    Group mini = securities.get(1);
    assertThat(field(mini, 107)).isEqualTo("Mini TAIEX futures Dec 2026");
    assertThat(field(mini, 167)).isEqualTo("FUT");
    assertThat(field(mini, 969)).isEqualTo("0.5");
    assertThat(field(mini, 231)).isEqualTo("50");
    assertThat(field(mini, 200)).isEqualTo("202612");
  }

  @Test
  void fix42OrdersAreReportedWithFix42sExecTypes() throws Exception {
    venue.close();
    venue = startVenue(false, FixVersion.FIX42);
    TestInitiator client =
        new TestInitiator(
            venue,
            "FIX.4.2",
            clientCompId,
            venueCompId,
            ScriptedBroker.ACCOUNT,
            ScriptedBroker.PASSWORD,
            null,
            null);
    toClose.add(0, client);
    client.awaitLogon();
    sendOrder(client, "part-42", 3);

    List<Message> reports =
        client.awaitMessages("three reports", 3, m -> "part-42".equals(field(m, 11)));
    assertThat(reports).extracting(m -> field(m, 150)).containsExactly("0", "1", "4");
    assertThat(reports).extracting(m -> field(m, 20)).containsOnly("0");
    statusRequest(client, "part-42");
    Message status =
        client.awaitMessage(
            "status", m -> "part-42".equals(field(m, 11)) && "3".equals(field(m, 20)));
    assertThat(field(status, 150)).isEqualTo("4");
    assertThat(field(status, 39)).isEqualTo("4");
  }

  // ---- TLS and the port

  @Test
  void withTlsAnInitiatorTrustingTheVenuesCertificateLogsOn() throws Exception {
    venue.close();
    venue = startVenue(true);
    assertThat(venue.trustedCertificate()).get().satisfies(pem -> assertThat(pem).exists());
    Path trustStore = venue.trustStore().orElseThrow();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(trustStore.getParent())))
        .isEqualTo("rwx------");

    TestInitiator client = client(ScriptedBroker.PASSWORD, null, trustStore);
    client.awaitLogon();
    sendOrder(client, "fill-tls", 1);
    client.awaitMessage("fill", m -> "F".equals(field(m, 150)));
  }

  @Test
  void aPortInUseIsOneClearError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  FixVenue.start(
                      broker,
                      new FixVenueSettings(
                          "127.0.0.1",
                          taken.getLocalPort(),
                          directory.resolve("other"),
                          "OTHER-VENUE",
                          "OTHER-CLIENT",
                          FixVersion.FIX44,
                          false)))
          .isInstanceOf(FixVenueException.class)
          .hasMessageContaining("is in use")
          .matches(e -> ((FixVenueException) e).addressInUse());
    }
  }

  // ---- messages

  private static Message message(String type) {
    Message message = new Message();
    message.getHeader().setString(35, type);
    return message;
  }

  private static void sendOrder(TestInitiator client, String clOrdId, int lots)
      throws SessionNotFound {
    Message order = message("D");
    order.setString(11, clOrdId);
    order.setChar(21, '1'); // HandlInst: FIX 4.2 requires it
    order.setString(1, ScriptedBroker.ACCOUNT);
    order.setString(55, ScriptedBroker.SYMBOL);
    order.setChar(54, '1');
    order.setInt(38, lots);
    order.setChar(40, '1');
    order.setChar(59, '0');
    order.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
    client.send(order);
  }

  private static void cancel(TestInitiator client, String origClOrdId, String clOrdId)
      throws SessionNotFound {
    Message cancel = message("F");
    cancel.setString(41, origClOrdId);
    cancel.setString(11, clOrdId);
    cancel.setString(55, ScriptedBroker.SYMBOL);
    cancel.setChar(54, '1');
    cancel.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
    client.send(cancel);
  }

  private static void statusRequest(TestInitiator client, String clOrdId) throws SessionNotFound {
    Message status = message("H");
    status.setString(11, clOrdId);
    status.setString(55, ScriptedBroker.SYMBOL);
    status.setChar(54, '1');
    client.send(status);
  }

  private static void massStatus(TestInitiator client, String requestId) throws SessionNotFound {
    Message request = message("AF");
    request.setString(584, requestId);
    request.setInt(585, 7);
    request.setString(1, ScriptedBroker.ACCOUNT);
    client.send(request);
  }

  private static void subscribe(TestInitiator client, String requestId, String symbol)
      throws SessionNotFound {
    Message request = message("V");
    request.setString(262, requestId);
    request.setChar(263, '1');
    request.setInt(264, 1);
    request.setInt(265, 1);
    for (char entryType : new char[] {'0', '1', '2'}) {
      Group types = new Group(267, 269);
      types.setChar(269, entryType);
      request.addGroup(types);
    }
    Group related = new Group(146, 55);
    related.setString(55, symbol);
    request.addGroup(related);
    client.send(request);
  }

  private static BestBidOffer quote(long bidPoints, long askPoints) {
    return new BestBidOffer(
        ScriptedBroker.SYMBOL,
        Price.ofPoints(bidPoints).units(),
        5,
        Price.ofPoints(askPoints).units(),
        7,
        System.currentTimeMillis());
  }
}
