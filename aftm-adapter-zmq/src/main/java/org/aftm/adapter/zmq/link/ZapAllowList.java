package org.aftm.adapter.zmq.link;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The ZAP handler (ZeroMQ RFC 27) of one {@link ZContext}: CURVE server sockets of that context ask
 * it whether a client key may connect. A key on the allow-list is accepted (status 200) with the
 * key's name as ZAP user id, which then arrives as {@code User-Id} metadata on every message of
 * that connection; any other key is refused (400) and its connection never carries a message.
 *
 * <p>ZeroMQ finds the handler by the endpoint {@code inproc://zeromq.zap.01} in the server socket's
 * own context, so there is one handler per context, started before any CURVE server socket of it
 * binds. JeroMQ 0.6.0 accepts <em>every</em> key when a CURVE server's context has no handler
 * bound, which is why {@link LinkSecurity#server} cannot be built without one.
 *
 * <p>Sockets bound with {@link LinkSecurity#internalOnly()} use the domain {@value
 * #INTERNAL_DOMAIN}: there only AFTM's own keys ({@link LinkPeer#internal()}) are accepted.
 *
 * <p>One daemon thread, {@code zap-handler}, owns the REP socket; {@link #peerNamed} and {@link
 * #close()} may be called from any thread. A refused key is logged once, not at every reconnect.
 */
public final class ZapAllowList implements AutoCloseable {

  /** Where ZeroMQ looks for the handler, in every context. */
  static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";

  /** ZAP domain of the links only AFTM's own processes may use. */
  static final String INTERNAL_DOMAIN = "aftm-internal";

  /** ZAP domain of the links allow-listed external clients may use as well. */
  static final String OPEN_DOMAIN = "aftm";

  /** Refused keys remembered for "log once"; past this, refusals are summed up once a minute. */
  private static final int MAX_REMEMBERED_REFUSALS = 1_000;

  private static final long SUMMARY_INTERVAL_NANOS =
      java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

  private static final int RECEIVE_TIMEOUT_MS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(ZapAllowList.class);

  private final ZContext context;
  private final Map<String, LinkPeer> byKey;
  private final Map<String, LinkPeer> byName;
  private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean running = true;

  /** Refusals not logged one by one since the last summary; owned by the handler's thread. */
  private long unloggedRefusals;

  private long lastSummaryNanos = System.nanoTime() - SUMMARY_INTERVAL_NANOS;

  /**
   * Binds the handler in {@code context} and starts answering.
   *
   * @param peers the accepted clients; every name and every key at most once
   * @throws IllegalArgumentException when a name or key repeats or a key is not Z85
   * @throws ZMQException when the context has a handler already
   */
  public ZapAllowList(ZContext context, Iterable<LinkPeer> peers) {
    this.context = context;
    Map<String, LinkPeer> keys = new LinkedHashMap<>();
    Map<String, LinkPeer> names = new LinkedHashMap<>();
    for (LinkPeer peer : peers) {
      CurveKeyPair.requireKey(peer.publicKey(), "public key of client " + peer.name());
      if (keys.putIfAbsent(peer.publicKey(), peer) != null) {
        throw new IllegalArgumentException(
            "client " + peer.name() + " has the same key as " + keys.get(peer.publicKey()).name());
      }
      if (names.putIfAbsent(peer.name(), peer) != null) {
        throw new IllegalArgumentException("two clients are named " + peer.name());
      }
    }
    this.byKey = Map.copyOf(keys);
    this.byName = Map.copyOf(names);
    ZMQ.Socket socket = context.createSocket(SocketType.REP);
    try {
      socket.setLinger(0);
      socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
      socket.bind(ZAP_ENDPOINT);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.thread = new Thread(() -> serve(socket), "zap-handler");
    thread.setDaemon(true);
    thread.start();
  }

  /** The context this handler answers for. */
  ZContext context() {
    return context;
  }

  /**
   * The accepted peer a ZAP user id names, or {@link LinkPeer#UNIDENTIFIED} for an unknown name
   * (which a connection this handler accepted never carries).
   */
  public LinkPeer peerNamed(String userId) {
    LinkPeer peer = userId == null ? null : byName.get(userId);
    return peer == null ? LinkPeer.UNIDENTIFIED : peer;
  }

  /**
   * Answers until closed. It must not stop on a bad request: JeroMQ admits every key once a CURVE
   * server's context has no handler bound, so a dead handler would open the door. Only the
   * context's end (ETERM) or {@link #close()} ends the loop.
   */
  private void serve(ZMQ.Socket socket) {
    try {
      while (running) {
        try {
          byte[][] request = receive(socket);
          if (request != null) {
            answer(socket, request);
          }
        } catch (ZMQException e) {
          if (!running || e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
            return;
          }
          LOG.warn("ZAP handler: {}; still answering", e.getMessage());
        } catch (RuntimeException e) {
          // Whatever went wrong with one request, the next must still be answered.
          LOG.error("ZAP handler failed on a request; still answering", e);
        }
      }
    } finally {
      socket.close();
    }
  }

  private static byte[][] receive(ZMQ.Socket socket) {
    byte[] first = socket.recv(0);
    if (first == null) {
      return null;
    }
    java.util.List<byte[]> frames = new java.util.ArrayList<>();
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames.toArray(new byte[0][]);
  }

  /**
   * Request frames: version, request id, domain, address, routing id, mechanism, credentials. Reply
   * frames: version, request id, status code, status text, user id, metadata.
   */
  private void answer(ZMQ.Socket socket, byte[][] request) {
    byte[] requestId = request.length > 1 ? request[1] : new byte[0];
    LinkPeer peer = null;
    boolean accepted = false;
    // Decided whole before the reply starts: a REP socket must answer every request it took.
    try {
      String domain = request.length > 2 ? text(request[2]) : "";
      String address = request.length > 3 ? text(request[3]) : "";
      String mechanism = request.length > 5 ? text(request[5]) : "";
      String key = "";
      if (request.length == 7 && "CURVE".equals(mechanism) && request[6].length == 32) {
        key = ZMQ.Curve.z85Encode(request[6]);
        peer = byKey.get(key);
      }
      accepted = peer != null && (peer.internal() || !INTERNAL_DOMAIN.equals(domain));
      if (!accepted) {
        refused(key, mechanism, domain, address, peer);
      }
    } catch (RuntimeException e) {
      accepted = false;
      LOG.warn("ZAP handler refused a request it could not read: {}", e.toString());
    }
    socket.sendMore("1.0");
    socket.sendMore(requestId);
    socket.sendMore(accepted ? "200" : "400");
    socket.sendMore(accepted ? "OK" : "key not allowed");
    socket.sendMore(accepted ? peer.name() : "");
    socket.send(new byte[0]);
  }

  private void refused(String key, String mechanism, String domain, String address, LinkPeer peer) {
    String remembered = key.isEmpty() ? mechanism : key;
    if (refusalsLogged.size() >= MAX_REMEMBERED_REFUSALS) {
      // Past the remembered keys (many random keys: someone is trying), a summary per minute.
      unloggedRefusals++;
      long now = System.nanoTime();
      if (now - lastSummaryNanos >= SUMMARY_INTERVAL_NANOS) {
        LOG.warn(
            "Refused {} more connection attempts with keys not logged before (latest from {})",
            unloggedRefusals,
            address);
        unloggedRefusals = 0;
        lastSummaryNanos = now;
      }
      return;
    }
    if (refusalsLogged.add(remembered)) {
      if (peer != null) {
        LOG.warn(
            "Refused client {} (key {}) from {} on an AFTM-internal link; further attempts are"
                + " not logged",
            peer.name(),
            key,
            address);
      } else {
        LOG.warn(
            "Refused a {} client with unknown key {} from {} (domain {}); add it under"
                + " keys/clients/ to allow it; further attempts with this key are not logged",
            mechanism,
            key.isEmpty() ? "-" : key,
            address,
            domain);
      }
    }
  }

  private static String text(byte[] frame) {
    return frame == null ? "" : new String(frame, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
