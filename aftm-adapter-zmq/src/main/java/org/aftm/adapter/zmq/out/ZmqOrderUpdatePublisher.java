package org.aftm.adapter.zmq.out;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.adapter.zmq.codec.OrderUpdateCodec;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.LinkSettings;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Publishes order updates and condition commands to the strategy on a bound PUB socket, one {@link
 * OrderUpdateCodec} frame per message, stamped with this publisher's session id (random, chosen at
 * start) and one sequence number for both kinds, starting at 1.
 *
 * <p>Never blocks: like the tick publisher, the socket is in "no drop" mode with a send high-water
 * mark, so a full subscriber queue makes the send fail at once; the message is dropped and counted
 * in {@link #droppedCount()}. A message that is not sent still uses up its sequence number, so the
 * subscriber sees the loss as a gap and asks the gateway for the current order states.
 *
 * <p>Thread-safe: the gateway thread and the broker's event thread both publish. {@link
 * #publish(OrderUpdate)} and {@link #publish(ConditionCommand)} are synchronized, which numbers and
 * sends as one step (so sequence numbers leave in order), serialises use of the ZeroMQ socket and
 * gives the memory barrier ZeroMQ asks for when a socket moves between threads. The lock is held
 * for microseconds since a send never waits. The counters may be read from any thread.
 */
public final class ZmqOrderUpdatePublisher implements PublishOrderUpdatesPort, AutoCloseable {

  /** Messages queued per subscriber before the publisher drops. */
  public static final int DEFAULT_SEND_HIGH_WATER_MARK = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(ZmqOrderUpdatePublisher.class);

  private final ZMQ.Socket socket;
  private final String endpoint;
  private final long sessionId;
  private final byte[] frame = new byte[OrderUpdateCodec.MAX_ENCODED_LENGTH];
  private final ByteBuffer buffer = ByteBuffer.wrap(frame);
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /** Guarded by this. */
  private long sequence;

  /** Guarded by this. */
  private boolean closed;

  /** Binds with {@link #DEFAULT_SEND_HIGH_WATER_MARK} and a random session id. */
  public ZmqOrderUpdatePublisher(ZContext context, String bindEndpoint) {
    this(context, bindEndpoint, DEFAULT_SEND_HIGH_WATER_MARK);
  }

  /** Binds with a random session id. */
  public ZmqOrderUpdatePublisher(ZContext context, String bindEndpoint, int sendHighWaterMark) {
    this(context, bindEndpoint, sendHighWaterMark, new SecureRandom().nextLong());
  }

  /**
   * Binds a PUB socket.
   *
   * @param bindEndpoint e.g. {@code tcp://127.0.0.1:5558}; port 0 or {@code *} binds a free port,
   *     see {@link #endpoint()}
   * @param sessionId identifies this run of the publisher; a different one each start
   * @throws org.zeromq.ZMQException when the address cannot be bound
   */
  public ZmqOrderUpdatePublisher(
      ZContext context, String bindEndpoint, int sendHighWaterMark, long sessionId) {
    this(context, bindEndpoint, sendHighWaterMark, sessionId, LinkSecurity.NONE);
  }

  /**
   * Binds a PUB socket secured by {@code security}, with a random session id.
   *
   * @param security this end's CURVE settings, or {@link LinkSecurity#NONE}
   */
  public ZmqOrderUpdatePublisher(
      ZContext context, String bindEndpoint, int sendHighWaterMark, LinkSecurity security) {
    this(context, bindEndpoint, sendHighWaterMark, new SecureRandom().nextLong(), security);
  }

  /**
   * Binds a PUB socket secured by {@code security}.
   *
   * @param security this end's CURVE settings, or {@link LinkSecurity#NONE}
   */
  public ZmqOrderUpdatePublisher(
      ZContext context,
      String bindEndpoint,
      int sendHighWaterMark,
      long sessionId,
      LinkSecurity security) {
    this.sessionId = sessionId;
    this.socket = context.createSocket(SocketType.PUB);
    try {
      security.apply(context, socket);
      socket.setHandshakeIvl(LinkSettings.HANDSHAKE_MILLIS);
      socket.setSndHWM(sendHighWaterMark);
      socket.setXpubNoDrop(true);
      socket.setLinger(0);
      socket.bind(bindEndpoint);
      this.endpoint = socket.getLastEndpoint();
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    LOG.info(
        "Order-update publisher bound to {} (session {}, send high-water mark {})",
        endpoint,
        Long.toHexString(sessionId),
        sendHighWaterMark);
  }

  /** The bound endpoint, with the actual port when a free port was asked for. */
  public String endpoint() {
    return endpoint;
  }

  /** This run's session id, sent with every message. */
  public long sessionId() {
    return sessionId;
  }

  /**
   * Sends the update, or drops and counts it when a subscriber's queue is full. One that cannot be
   * encoded (client order id too long) is dropped with a log line, never thrown back.
   */
  @Override
  public synchronized void publish(OrderUpdate update) {
    if (closed) {
      dropAfterClose(update);
      return;
    }
    long next = ++sequence;
    int length;
    try {
      buffer.clear();
      length = OrderUpdateCodec.encode(sessionId, next, update, buffer);
    } catch (IllegalArgumentException e) {
      dropped.incrementAndGet();
      LOG.error("Order update not publishable, dropped: {} ({})", update, e.getMessage());
      return;
    }
    send(length, update);
  }

  /** Sends the command, or drops and counts it when a subscriber's queue is full. */
  @Override
  public synchronized void publish(ConditionCommand command) {
    if (closed) {
      dropAfterClose(command);
      return;
    }
    buffer.clear();
    int length = OrderUpdateCodec.encode(sessionId, ++sequence, command, buffer);
    send(length, command);
  }

  private void send(int length, Object message) {
    if (socket.send(frame, 0, length, ZMQ.DONTWAIT)) {
      published.incrementAndGet();
    } else {
      long count = dropped.incrementAndGet();
      if (count <= 10 || Long.bitCount(count) == 1) {
        LOG.warn(
            "Subscriber queue full: dropped {} (sequence {}, {} dropped so far)",
            message,
            sequence,
            count);
      }
    }
  }

  private void dropAfterClose(Object message) {
    dropped.incrementAndGet();
    LOG.debug("Order-update publisher closed: dropped {}", message);
  }

  /** Messages sent. */
  public long publishedCount() {
    return published.get();
  }

  /** Messages not sent: subscriber queue full, not encodable, or published after close. */
  public long droppedCount() {
    return dropped.get();
  }

  /** The sequence number of the last message published or dropped, 0 before the first. */
  public synchronized long lastSequence() {
    return sequence;
  }

  /** Closes the socket; a message published afterwards is dropped. Idempotent, any thread. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      socket.close();
      LOG.info(
          "Order-update publisher on {} closed after {} messages ({} dropped)",
          endpoint,
          published.get(),
          dropped.get());
    }
  }
}
