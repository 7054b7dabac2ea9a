package org.aftm.adapter.out.fix;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Group;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.UtcTimestampPrecision;

/**
 * A scripted QuickFIX/J acceptor for the adapter's tests: it checks the Logon's credentials,
 * records what AFTM sends, and sends what a test tells it to, nothing on its own unless a {@link
 * #respond} script says so.
 */
final class ScriptedVenue implements AutoCloseable {

  static final String ACCOUNT = "demo";
  static final String PASSWORD = "s3cret-Pa55";

  final int port;
  final SessionID sessionId;
  final List<Message> received = new CopyOnWriteArrayList<>();
  final AtomicInteger logons = new AtomicInteger();
  private final SocketAcceptor acceptor;
  private volatile BiConsumer<Message, ScriptedVenue> script = (m, v) -> {};
  private final AtomicInteger execIds = new AtomicInteger();

  ScriptedVenue(Path storeDirectory) throws Exception {
    this(storeDirectory, false, null, null);
  }

  ScriptedVenue(Path storeDirectory, boolean tls, Path keyStore, String keyStorePassword)
      throws Exception {
    this(storeDirectory, "FIX.4.4", tls, keyStore, keyStorePassword);
  }

  ScriptedVenue(
      Path storeDirectory, String beginString, boolean tls, Path keyStore, String keyStorePassword)
      throws Exception {
    this.port = freePort();
    this.sessionId = new SessionID(beginString, "AFTM-VENUE", "AFTM");
    SessionSettings settings = new SessionSettings();
    settings.setString(sessionId, "ConnectionType", "acceptor");
    settings.setLong(sessionId, "SocketAcceptPort", port);
    settings.setString(sessionId, "SocketAcceptAddress", "127.0.0.1");
    settings.setString(sessionId, "NonStopSession", "Y");
    settings.setString(sessionId, "FileStorePath", storeDirectory.toString());
    settings.setString(sessionId, "UseDataDictionary", "Y");
    settings.setString(sessionId, "ResetOnLogon", "N");
    // FIX 4.2 defines no Username/Password in its Logon: a 4.2 venue must accept them as extras.
    settings.setString(sessionId, "AllowUnknownMsgFields", "Y");
    if (tls) {
      settings.setString(sessionId, "SocketUseSSL", "Y");
      settings.setString(sessionId, "SocketKeyStore", keyStore.toString());
      settings.setString(sessionId, "SocketKeyStorePassword", keyStorePassword);
    }
    acceptor =
        new SocketAcceptor(
            new Callbacks(),
            new FileStoreFactory(settings),
            settings,
            new ScreenLogFactory(false, false, false),
            new DefaultMessageFactory());
    acceptor.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** What the venue does with each application message it receives (on QuickFIX/J's thread). */
  void respond(BiConsumer<Message, ScriptedVenue> newScript) {
    this.script = newScript;
  }

  Session session() {
    return Session.lookupSession(sessionId);
  }

  /** Sends now, or stores for a resend when no initiator is logged on. */
  void send(Message message) {
    session().send(message);
  }

  void disconnect() throws IOException {
    session().disconnect("scripted disconnect", false);
  }

  List<Message> received(String type) {
    return received.stream().filter(m -> type.equals(typeOf(m))).toList();
  }

  static String typeOf(Message message) {
    try {
      return message.getHeader().getString(35);
    } catch (FieldNotFound e) {
      return "";
    }
  }

  String nextExecId() {
    return "E" + execIds.incrementAndGet();
  }

  /** An ExecutionReport for an order AFTM sent. */
  Message report(
      Message order,
      char execType,
      char ordStatus,
      int lastQty,
      String lastPx,
      int cumQty,
      String avgPx,
      String text)
      throws FieldNotFound {
    return report(order, nextExecId(), execType, ordStatus, lastQty, lastPx, cumQty, avgPx, text);
  }

  Message report(
      Message order,
      String execId,
      char execType,
      char ordStatus,
      int lastQty,
      String lastPx,
      int cumQty,
      String avgPx,
      String text)
      throws FieldNotFound {
    Message report = new Message();
    report.getHeader().setString(35, "8");
    int quantity = order.getInt(38);
    report.setString(37, "V-" + order.getString(11));
    report.setString(17, execId);
    report.setString(11, order.getString(11));
    if ("FIX.4.2".equals(sessionId.getBeginString())) {
      report.setChar(20, '0'); // ExecTransType: new, required by FIX 4.2
    }
    report.setChar(150, execType);
    report.setChar(39, ordStatus);
    report.setString(55, order.getString(55));
    report.setChar(54, order.getChar(54));
    report.setInt(38, quantity);
    if (lastQty > 0) {
      report.setInt(32, lastQty);
      report.setDecimal(31, new java.math.BigDecimal(lastPx));
    }
    report.setInt(14, cumQty);
    report.setInt(
        151, execType == '4' || execType == '8' || execType == 'C' ? 0 : quantity - cumQty);
    report.setDecimal(6, new java.math.BigDecimal(avgPx));
    if (text != null) {
      report.setString(58, text);
    }
    if (execType == '8') {
      report.setInt(103, 0);
    }
    report.setUtcTimeStamp(
        60, LocalDateTime.of(2026, 12, 1, 1, 2, 3, 456_000_000), UtcTimestampPrecision.MILLIS);
    return report;
  }

  /** A MarketDataIncrementalRefresh with the given trades (price, size) for one symbol. */
  static Message trades(String symbol, String[][] trades) {
    Message message = new Message();
    message.getHeader().setString(35, "X");
    for (int i = 0; i < trades.length; i++) {
      Group entry = new quickfix.fix44.MarketDataIncrementalRefresh.NoMDEntries();
      entry.setChar(279, '0');
      entry.setChar(269, '2');
      entry.setString(55, symbol);
      entry.setDecimal(270, new java.math.BigDecimal(trades[i][0]));
      entry.setDecimal(271, new java.math.BigDecimal(trades[i][1]));
      entry.setUtcDateOnly(272, java.time.LocalDate.of(2026, 12, 1));
      entry.setUtcTimeOnly(
          273, java.time.LocalTime.of(1, 0, 0, (i + 1) * 1_000_000), UtcTimestampPrecision.MILLIS);
      message.addGroup(entry);
    }
    return message;
  }

  @Override
  public void close() {
    acceptor.stop(true);
  }

  private final class Callbacks implements Application {
    @Override
    public void onCreate(SessionID id) {}

    @Override
    public void onLogon(SessionID id) {
      logons.incrementAndGet();
    }

    @Override
    public void onLogout(SessionID id) {}

    @Override
    public void toAdmin(Message message, SessionID id) {}

    @Override
    public void fromAdmin(Message message, SessionID id) throws FieldNotFound, RejectLogon {
      if ("A".equals(typeOf(message))) {
        String user = message.isSetField(553) ? message.getString(553) : "";
        String password = message.isSetField(554) ? message.getString(554) : "";
        if (!ACCOUNT.equals(user) || !PASSWORD.equals(password)) {
          throw new RejectLogon("login refused");
        }
      }
    }

    @Override
    public void toApp(Message message, SessionID id) {}

    @Override
    public void fromApp(Message message, SessionID id) {
      received.add(message);
      script.accept(message, ScriptedVenue.this);
    }
  }

  static ZoneOffset utc() {
    return ZoneOffset.UTC;
  }
}
