package org.aftm.adapter.out.fix.venue;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.MessageStoreFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;

/**
 * A plain QuickFIX/J initiator for the venue's tests: logs on with an account and password, sends
 * what a test gives it and keeps every message it receives.
 */
final class TestInitiator implements Application, AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(20);

  final SessionID sessionId;
  private final String account;
  private final String password;
  private final SocketInitiator initiator;
  final List<Message> received = new CopyOnWriteArrayList<>();
  final List<Message> admin = new CopyOnWriteArrayList<>();
  private volatile boolean loggedOn;

  /**
   * @param store a directory for a file store that survives a restart, or {@code null} for memory
   * @param trustStore with TLS, the venue's trust store; else {@code null}
   */
  TestInitiator(
      FixVenue venue,
      String senderCompId,
      String targetCompId,
      String account,
      String password,
      Path store,
      Path trustStore)
      throws Exception {
    this(venue, "FIX.4.4", senderCompId, targetCompId, account, password, store, trustStore);
  }

  TestInitiator(
      FixVenue venue,
      String beginString,
      String senderCompId,
      String targetCompId,
      String account,
      String password,
      Path store,
      Path trustStore)
      throws Exception {
    this.sessionId = new SessionID(beginString, senderCompId, targetCompId);
    this.account = account;
    this.password = password;
    SessionSettings settings = new SessionSettings();
    settings.setString(sessionId, "ConnectionType", "initiator");
    settings.setString(sessionId, "SocketConnectHost", "127.0.0.1");
    settings.setLong(sessionId, "SocketConnectPort", venue.address().getPort());
    settings.setLong(sessionId, "HeartBtInt", 30);
    settings.setLong(sessionId, "ReconnectInterval", 1);
    settings.setString(sessionId, "StartTime", "00:00:00");
    settings.setString(sessionId, "EndTime", "00:00:00");
    settings.setBool(sessionId, "NonStopSession", true);
    settings.setBool(sessionId, "UseDataDictionary", true);
    settings.setString(sessionId, "DataDictionary", beginString.replace(".", "") + ".xml");
    // As AFTM's initiator: MinPriceIncrement(969) of the security list is not FIX 4.4's.
    settings.setBool(sessionId, "AllowUnknownMsgFields", true);
    settings.setBool(sessionId, "ValidateUserDefinedFields", false);
    if (trustStore != null) {
      settings.setBool(sessionId, "SocketUseSSL", true);
      settings.setString(sessionId, "SocketTrustStore", trustStore.toString());
      settings.setString(sessionId, "SocketTrustStoreType", "PKCS12");
      settings.setString(sessionId, "SocketTrustStorePassword", FixVenue.trustStorePassword());
      settings.setString(sessionId, "SocketKeyStore", trustStore.toString());
      settings.setString(sessionId, "SocketKeyStoreType", "PKCS12");
      settings.setString(sessionId, "SocketKeyStorePassword", FixVenue.trustStorePassword());
    }
    MessageStoreFactory stores;
    if (store != null) {
      settings.setString(sessionId, FileStoreFactory.SETTING_FILE_STORE_PATH, store.toString());
      stores = new FileStoreFactory(settings);
    } else {
      stores = new MemoryStoreFactory();
    }
    // No message log on this side: it would hold the password this test sends in clear.
    LogFactory silent = id -> new SilentLog();
    initiator = new SocketInitiator(this, stores, settings, silent, new DefaultMessageFactory());
    initiator.start();
  }

  void awaitLogon() {
    await("logon of " + sessionId).atMost(WAIT).until(() -> loggedOn);
  }

  boolean isLoggedOn() {
    return loggedOn;
  }

  void send(Message message) throws SessionNotFound {
    Session.sendToTarget(message, sessionId);
  }

  /** Waits for a received application message that matches, and returns the first one. */
  Message awaitMessage(String description, Predicate<Message> matches) {
    return await(description)
        .atMost(WAIT)
        .until(() -> received.stream().filter(matches).findFirst().orElse(null), m -> m != null);
  }

  /** Waits until {@code count} received messages match, and returns them in arrival order. */
  List<Message> awaitMessages(String description, int count, Predicate<Message> matches) {
    return await(description)
        .atMost(WAIT)
        .until(() -> received.stream().filter(matches).toList(), list -> list.size() >= count);
  }

  Message awaitAdmin(String description, Predicate<Message> matches) {
    return await(description)
        .atMost(WAIT)
        .until(() -> admin.stream().filter(matches).findFirst().orElse(null), m -> m != null);
  }

  static String type(Message message) {
    return field(message.getHeader(), 35);
  }

  static String field(quickfix.FieldMap message, int tag) {
    try {
      return message.getString(tag);
    } catch (FieldNotFound e) {
      return null;
    }
  }

  @Override
  public void onCreate(SessionID session) {}

  @Override
  public void onLogon(SessionID session) {
    loggedOn = true;
  }

  @Override
  public void onLogout(SessionID session) {
    loggedOn = false;
  }

  @Override
  public void toAdmin(Message message, SessionID session) {
    if ("A".equals(type(message))) {
      message.setString(553, account);
      message.setString(554, password);
    }
  }

  @Override
  public void fromAdmin(Message message, SessionID session) {
    admin.add(message);
  }

  @Override
  public void toApp(Message message, SessionID session) {}

  @Override
  public void fromApp(Message message, SessionID session) {
    received.add(message);
  }

  @Override
  public void close() {
    initiator.stop(true);
  }

  private static final class SilentLog implements Log {
    @Override
    public void clear() {}

    @Override
    public void onIncoming(String message) {}

    @Override
    public void onOutgoing(String message) {}

    @Override
    public void onEvent(String text) {}

    @Override
    public void onErrorEvent(String text) {}
  }
}
