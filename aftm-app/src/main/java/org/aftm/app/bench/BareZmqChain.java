package org.aftm.app.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.aftm.adapter.zmq.codec.MalformedMessageException;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.domain.model.TickEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The floor under AFTM's tick-to-order path: the same four hops with plain JeroMQ and nothing else,
 * on threads of one JVM over tcp loopback.
 *
 * <pre>
 * driver  --PUB/SUB tick (TickCodec)-->  strategy relay  --PUSH/PULL ~100 B-->  executor relay
 *   executor relay  --REQ/ROUTER ~400 B JSON-->  gateway (records now - publishNanos on receipt, replies ~200 B)
 * </pre>
 *
 * <p>Like the real strategy, the strategy relay forwards two of every three ticks (sequence not a
 * multiple of three), so the same offered tick rate gives the same order rate. Blocking receives
 * with a 100 ms timeout (to notice {@link #close()}), no idle strategy, no JSON parsing, no
 * database: what is left is transport and thread wake-ups. With {@code curve} every link is CURVE
 * (one server key pair for the three bound sockets, one client key pair), as AFTM's links are by
 * default; there is no ZAP handler (so any key is admitted), which would cost only at the
 * handshake, not per message.
 */
final class BareZmqChain implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BareZmqChain.class);
  private static final byte[] PROBE = {'P'};
  private static final int RECEIVE_TIMEOUT_MS = 100;
  private static final String ORIGIN_FIELD = "\"origin_nanos\":";
  private static final byte[] REPLY =
      ("{\"success\":true,\"data\":{\"is_send_order\":true,\"note\":\"aftm bare chain\","
              + "\"order_serial\":\"1234567\",\"error_code\":\"\",\"error_message\":\"\",\"client_order_id\":\"0000000000-entry\","
              + "\"status\":\"filled\"}}")
          .getBytes(StandardCharsets.US_ASCII);

  private final ZContext context = new ZContext();
  private final ZMQ.Socket publisher;
  private final ByteBuffer tickBuffer = ByteBuffer.allocate(TickCodec.MAX_ENCODED_LENGTH);
  private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
  private final AtomicLong probesSeen = new AtomicLong();
  private final AtomicLong ordersReceived = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private long sequence;

  /** Plain links. */
  BareZmqChain() {
    this(false);
  }

  /**
   * Binds everything on random loopback ports and starts the three receiving threads.
   *
   * @param curve whether the links use CURVE
   */
  BareZmqChain(boolean curve) {
    ZMQ.Curve.KeyPair server = curve ? ZMQ.Curve.generateKeyPair() : null;
    ZMQ.Curve.KeyPair client = curve ? ZMQ.Curve.generateKeyPair() : null;
    publisher = context.createSocket(SocketType.PUB);
    secureServer(publisher, server);
    publisher.setLinger(0);
    int tickPort = publisher.bindToRandomPort("tcp://127.0.0.1");
    ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
    secureServer(router, server);
    router.setLinger(0);
    router.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
    int gatewayPort = router.bindToRandomPort("tcp://127.0.0.1");
    ZMQ.Socket pull = context.createSocket(SocketType.PULL);
    secureServer(pull, server);
    pull.setLinger(0);
    pull.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
    int signalPort = pull.bindToRandomPort("tcp://127.0.0.1");
    ZMQ.Socket request = context.createSocket(SocketType.REQ);
    secureClient(request, client, server);
    request.setLinger(0);
    request.connect("tcp://127.0.0.1:" + gatewayPort);
    ZMQ.Socket subscriber = context.createSocket(SocketType.SUB);
    secureClient(subscriber, client, server);
    subscriber.setLinger(0);
    subscriber.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
    subscriber.subscribe(new byte[0]);
    subscriber.connect("tcp://127.0.0.1:" + tickPort);
    ZMQ.Socket push = context.createSocket(SocketType.PUSH);
    secureClient(push, client, server);
    push.setLinger(0);
    push.connect("tcp://127.0.0.1:" + signalPort);
    start("bare-gateway", () -> gateway(router));
    start("bare-executor", () -> executor(pull, request));
    start("bare-strategy", () -> strategy(subscriber, push));
  }

  private static void secureServer(ZMQ.Socket socket, ZMQ.Curve.KeyPair server) {
    if (server != null) {
      socket.setCurveServer(true);
      socket.setCurveSecretKey(ZMQ.Curve.z85Decode(server.secretKey));
    }
  }

  private static void secureClient(
      ZMQ.Socket socket, ZMQ.Curve.KeyPair client, ZMQ.Curve.KeyPair server) {
    if (server != null) {
      socket.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey));
      socket.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
      socket.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
    }
  }

  /**
   * Publishes probes until the subscriber sees one, so no measured tick is lost to the slow joiner.
   */
  void awaitConnected(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (probesSeen.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the bare subscriber did not connect");
      }
      publisher.send(PROBE, 0);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /**
   * Publishes one tick stamped with {@link System#nanoTime()} just before sending, as our publisher
   * does.
   */
  void publish(String itemCode, long priceUnits, long exchangeTimeMillis) {
    sequence++;
    tickBuffer.clear();
    int length =
        TickCodec.encode(
            new TickEvent(itemCode, sequence, priceUnits, 1, exchangeTimeMillis, System.nanoTime()),
            tickBuffer);
    publisher.send(tickBuffer.array(), 0, length, ZMQ.DONTWAIT);
  }

  long ordersReceived() {
    return ordersReceived.get();
  }

  /**
   * What the gateway recorded since the last call: tick publish to request received, nanoseconds.
   */
  Histogram takeInterval() {
    return recorder.getIntervalHistogram();
  }

  private void strategy(ZMQ.Socket subscriber, ZMQ.Socket push) {
    ByteBuffer signal = ByteBuffer.allocate(100);
    while (running) {
      byte[] frame = receive(subscriber);
      if (frame == null) {
        continue;
      }
      if (frame.length == 1) {
        probesSeen.incrementAndGet();
        continue;
      }
      TickEvent tick;
      try {
        tick = TickCodec.decode(frame);
      } catch (MalformedMessageException e) {
        LOG.warn("Bare chain: malformed tick: {}", e.getMessage());
        continue;
      }
      if (tick.sequence() % OrderLadder.TICKS_PER_CONDITION == 0) {
        continue;
      }
      signal.clear();
      signal.putLong(tick.publishNanos()).putLong(tick.sequence()).putLong(tick.priceUnits());
      push.send(signal.array(), 0);
    }
  }

  private void executor(ZMQ.Socket pull, ZMQ.Socket request) {
    StringBuilder json = new StringBuilder(512);
    while (running) {
      byte[] frame = receive(pull);
      if (frame == null) {
        continue;
      }
      ByteBuffer signal = ByteBuffer.wrap(frame);
      long origin = signal.getLong();
      long tickSequence = signal.getLong();
      json.setLength(0);
      json.append("{\"operation\":\"send_order\",\"parameters\":{")
          .append(ORIGIN_FIELD)
          .append(origin)
          .append(
              ",\"order_account\":\"SIM-0001\",\"item_code\":\"TXF\",\"side\":\"buy\",\"order_type\":\"Market\",")
          .append(
              "\"price\":0,\"quantity\":1,\"open_close\":\"AUTO\",\"day_trade\":\"N\",\"time_in_force\":\"IOC\",")
          .append("\"note\":\"aftm bare chain relay, signal for tick ")
          .append(tickSequence)
          .append(" of the benchmark ladder, padded to the size of a real send_order request\",")
          .append("\"client_order_id\":\"")
          .append(tickSequence)
          .append("-entry-0123456789abcdef\"}}");
      request.send(json.toString().getBytes(StandardCharsets.US_ASCII), 0);
      while (running && receive(request) == null) {
        // The reply is late; a REQ socket must read it before sending again.
      }
    }
  }

  private void gateway(ZMQ.Socket router) {
    while (running) {
      byte[] identity = receive(router);
      if (identity == null) {
        continue;
      }
      byte[] delimiter = router.recv(0);
      byte[] body = router.recv(0);
      long received = System.nanoTime();
      String text = new String(body, StandardCharsets.US_ASCII);
      int at = text.indexOf(ORIGIN_FIELD) + ORIGIN_FIELD.length();
      int end = text.indexOf(',', at);
      long origin = Long.parseLong(text, at, end, 10);
      recorder.recordValue(Math.min(received - origin, TimeUnit.SECONDS.toNanos(60)));
      ordersReceived.incrementAndGet();
      router.sendMore(identity);
      router.sendMore(delimiter);
      router.send(REPLY, 0);
    }
  }

  /** A frame, or null on timeout or when the context is closing. */
  private byte[] receive(ZMQ.Socket socket) {
    try {
      return socket.recv(0);
    } catch (ZMQException e) {
      if (!running) {
        return null;
      }
      throw e;
    }
  }

  private void start(String name, Runnable loop) {
    Thread thread = new Thread(loop, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    context.close();
  }
}
