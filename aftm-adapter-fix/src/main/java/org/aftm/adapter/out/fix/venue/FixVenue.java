package org.aftm.adapter.out.fix.venue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.aftm.adapter.out.fix.MaskingLogFactory;
import org.aftm.adapter.out.fix.MaskingStoreFactory;
import org.aftm.application.port.out.ExchangeApi;
import org.apache.mina.core.service.IoAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FileStoreFactory;
import quickfix.RuntimeError;
import quickfix.SLF4JLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;

/**
 * A FIX venue for demos and tests ({@code aftm fix-venue}): a QuickFIX/J acceptor in front of any
 * {@link ExchangeApi}, so an initiator (AFTM with {@code EXCHANGE_MODE=fix}) trades against that
 * broker over FIX 4.4 (or 4.2). The logon's Username(553) and Password(554) go to the broker's
 * {@link ExchangeApi#login}; a refusal is a Logout with Text {@value
 * VenueApplication#LOGIN_REFUSED}. Orders, status and position requests, market data and the
 * security list map as issue #12's FIX conventions say (docs/architecture.md §5.3).
 *
 * <p>One session, SenderCompID {@link FixVenueSettings#senderCompId()} to the initiator {@link
 * FixVenueSettings#targetCompId()}. Its sequence numbers and sent messages persist in QuickFIX/J's
 * file store under {@code <directory>/store}, so an initiator that restarts resumes the session
 * without a reset, and reports sent while it was away are resent when it asks. Password(554) is
 * masked in every log line and stored message; the directory and its files are owner-only.
 *
 * <p>Threads: QuickFIX/J's {@code QFJ Message Processor} handles what the initiator sends and calls
 * the broker; the broker's threads deliver its events; one thread, {@value #OUTBOUND_THREAD}, sends
 * every message, so neither ever waits on the socket.
 */
public final class FixVenue implements AutoCloseable {

  /** The thread that sends every message of the venue. */
  public static final String OUTBOUND_THREAD = "fix-venue-out";

  private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
  private static final long DRAIN_SECONDS = 5;

  private final ExchangeApi broker;
  private final VenueApplication application;
  private final ExecutorService outbound;
  private final SocketAcceptor acceptor;
  private final InetSocketAddress address;
  private final SessionID sessionId;
  private final SelfSignedKey tlsKey;
  private boolean closed;

  private FixVenue(
      ExchangeApi broker,
      VenueApplication application,
      ExecutorService outbound,
      SocketAcceptor acceptor,
      InetSocketAddress address,
      SessionID sessionId,
      SelfSignedKey tlsKey) {
    this.broker = broker;
    this.application = application;
    this.outbound = outbound;
    this.acceptor = acceptor;
    this.address = address;
    this.sessionId = sessionId;
    this.tlsKey = tlsKey;
  }

  /**
   * Starts listening. The broker is not logged in by the venue: each FIX logon logs in with its own
   * credentials.
   *
   * @throws FixVenueException when the address is in use, the directory cannot be made or
   *     QuickFIX/J refuses the settings
   */
  public static FixVenue start(ExchangeApi broker, FixVenueSettings settings) {
    requireFree(settings);
    Path store = settings.directory().resolve("store");
    SelfSignedKey tlsKey = null;
    try {
      OwnerOnly.directory(settings.directory());
      OwnerOnly.directory(store);
      if (settings.tls()) {
        tlsKey = SelfSignedKey.generate(settings.directory().resolve("tls"), settings.host());
      }
    } catch (IOException e) {
      throw new FixVenueException(
          "cannot prepare the venue's directory " + settings.directory() + ": " + e.getMessage(),
          false,
          e);
    }
    SessionID sessionId =
        new SessionID(
            settings.version().beginString(), settings.senderCompId(), settings.targetCompId());
    SessionSettings quickfix = sessionSettings(settings, sessionId, store, tlsKey);
    ExecutorService outbound =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, OUTBOUND_THREAD);
              thread.setDaemon(true);
              return thread;
            });
    VenueApplication application =
        new VenueApplication(
            broker, sessionId, settings.version(), outbound, System.currentTimeMillis());
    SocketAcceptor acceptor;
    try {
      acceptor =
          new SocketAcceptor(
              application,
              // Market data is not kept: stale quotes are worth nothing to resend (a resend
              // request for them is gap-filled), and at 20 ticks a second the store would grow by
              // hundreds of megabytes a day.
              new MaskingStoreFactory(
                  new FileStoreFactory(quickfix),
                  message -> !isMarketData(message),
                  () -> restrictQuietly(store)),
              quickfix,
              new MaskingLogFactory(new SLF4JLogFactory(quickfix)),
              new DefaultMessageFactory());
    } catch (ConfigError e) {
      outbound.shutdownNow();
      throw new FixVenueException("QuickFIX/J refused the venue's settings: " + e, false, e);
    }
    broker.addListener(application);
    try {
      acceptor.start();
    } catch (ConfigError | RuntimeError e) {
      broker.removeListener(application);
      acceptor.stop(true);
      outbound.shutdownNow();
      boolean inUse = causedByBind(e);
      throw new FixVenueException(
          inUse
              ? settings.host() + ":" + settings.port() + " is in use (another venue running?)"
              : "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e,
          inUse,
          e);
    }
    InetSocketAddress address = boundAddress(acceptor, settings);
    LOG.info(
        "FIX venue {} listening on {}:{}{} (store {})",
        sessionId,
        address.getHostString(),
        address.getPort(),
        tlsKey != null ? " with TLS" : "",
        store);
    return new FixVenue(broker, application, outbound, acceptor, address, sessionId, tlsKey);
  }

  /**
   * Tries the address first, so a port in use is one clear error rather than QuickFIX/J's logged
   * stack trace. (Another process may still take it in between: then QuickFIX/J's error says so.)
   */
  private static void requireFree(FixVenueSettings settings) {
    if (settings.port() == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(settings.host(), settings.port()));
    } catch (BindException e) {
      throw new FixVenueException(
          settings.host() + ":" + settings.port() + " is in use (another venue running?)", true, e);
    } catch (IOException e) {
      throw new FixVenueException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(),
          false,
          e);
    }
  }

  private static SessionSettings sessionSettings(
      FixVenueSettings settings, SessionID sessionId, Path store, SelfSignedKey tlsKey) {
    SessionSettings quickfix = new SessionSettings();
    quickfix.setString(sessionId, "ConnectionType", "acceptor");
    quickfix.setString(sessionId, "SocketAcceptAddress", settings.host());
    quickfix.setLong(sessionId, "SocketAcceptPort", settings.port());
    quickfix.setString(sessionId, "StartTime", "00:00:00");
    quickfix.setString(sessionId, "EndTime", "00:00:00");
    quickfix.setBool(sessionId, "NonStopSession", true);
    quickfix.setString(sessionId, FileStoreFactory.SETTING_FILE_STORE_PATH, store.toString());
    quickfix.setBool(sessionId, "UseDataDictionary", true);
    quickfix.setString(
        sessionId, "DataDictionary", settings.version().beginString().replace(".", "") + ".xml");
    quickfix.setBool(sessionId, "ValidateUserDefinedFields", false);
    quickfix.setBool(sessionId, "AllowUnknownMsgFields", true);
    quickfix.setBool(sessionId, "ResetOnLogon", false);
    quickfix.setBool(sessionId, "ResetOnLogout", false);
    quickfix.setBool(sessionId, "ResetOnDisconnect", false);
    quickfix.setBool(sessionId, "PersistMessages", true);
    quickfix.setBool(sessionId, SLF4JLogFactory.SETTING_LOG_HEARTBEATS, false);
    if (tlsKey != null) {
      quickfix.setBool(sessionId, "SocketUseSSL", true);
      quickfix.setString(sessionId, "SocketKeyStore", tlsKey.keyStore().toString());
      quickfix.setString(sessionId, "SocketKeyStoreType", "PKCS12");
      quickfix.setString(
          sessionId, "SocketKeyStorePassword", new String(tlsKey.keyStorePassword()));
    }
    return quickfix;
  }

  private static InetSocketAddress boundAddress(
      SocketAcceptor acceptor, FixVenueSettings settings) {
    for (IoAcceptor endpoint : acceptor.getEndpoints()) {
      for (SocketAddress bound : endpoint.getLocalAddresses()) {
        if (bound instanceof InetSocketAddress inet) {
          return inet;
        }
      }
    }
    return new InetSocketAddress(settings.host(), settings.port());
  }

  private static boolean causedByBind(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException
          || (cause.getMessage() != null
              && cause.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  private static void restrictQuietly(Path store) {
    try {
      OwnerOnly.files(store);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the FIX store's files owner-only", e);
    }
  }

  /** Where it listens; the real port when started with port 0. */
  public InetSocketAddress address() {
    return address;
  }

  /** The session the venue accepts. */
  public String sessionId() {
    return sessionId.toString();
  }

  /** With TLS, the certificate (PEM) an initiator trusts; empty without TLS. */
  public Optional<Path> trustedCertificate() {
    return Optional.ofNullable(tlsKey).map(SelfSignedKey::certificate);
  }

  /**
   * With TLS, a PKCS12 trust store holding only the venue's certificate, password {@value
   * SelfSignedKey#TRUST_STORE_PASSWORD}; empty without TLS.
   */
  public Optional<Path> trustStore() {
    return Optional.ofNullable(tlsKey).map(SelfSignedKey::trustStore);
  }

  /** The password of {@link #trustStore()}: not a secret, it guards a public certificate. */
  public static String trustStorePassword() {
    return SelfSignedKey.TRUST_STORE_PASSWORD;
  }

  /** What the venue did so far. */
  public VenueCounts counts() {
    return application.counts();
  }

  /**
   * Stops taking broker events, sends what is queued, logs the initiator out and stops listening.
   * The broker is left as it is (its owner closes it). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    broker.removeListener(application);
    outbound.shutdown();
    try {
      if (!outbound.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("The {} thread did not send everything in time", OUTBOUND_THREAD);
        outbound.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outbound.shutdownNow();
    }
    acceptor.stop();
    if (tlsKey != null) {
      Arrays.fill(tlsKey.keyStorePassword(), '\0');
    }
    LOG.info("FIX venue {} stopped: {}", sessionId, application.counts());
  }

  private static boolean isMarketData(String message) {
    return message.contains("\u000135=W\u0001")
        || message.contains("\u000135=X\u0001")
        || message.contains("\u000135=Y\u0001");
  }
}
