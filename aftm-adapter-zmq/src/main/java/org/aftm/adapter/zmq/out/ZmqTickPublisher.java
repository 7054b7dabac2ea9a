package org.aftm.adapter.zmq.out;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.LinkSettings;
import org.aftm.application.port.out.PublishTickPort;
import org.aftm.domain.model.Tick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Publishes ticks on a bound PUB socket: a lone tick as one {@link TickCodec} tick frame, and a run
 * of one instrument's ticks handed over together as one batch frame of up to {@value
 * TickCodec#MAX_BATCH_TICKS} (one message, so one CURVE encryption and one wake-up of the
 * subscriber for the run, and a few bytes a tick). Nothing is held back to wait for more: what is
 * handed over is sent before the call returns. Every frame starts with its topic (type, version,
 * length-prefixed item code), so subscribers filter by instrument without a separate topic frame.
 *
 * <p>Never blocks: the socket drops instead of queueing past its send high-water mark. It is set to
 * "no drop" mode so that a full subscriber queue makes the send fail visibly and the tick is
 * counted in {@link #droppedCount()}; subscribers see the loss as a gap in sequence numbers. With
 * several subscribers one full queue drops the tick for all, which keeps the count honest. The
 * high-water mark counts messages, a batch being one; the counters count ticks.
 *
 * <p>Not thread-safe, like the ZeroMQ socket it owns: one thread publishes (see {@link
 * MarketDataPublisher}). The counters may be read from any thread.
 */
public final class ZmqTickPublisher implements PublishTickPort, AutoCloseable {

  /** Ticks queued per subscriber before the publisher drops. */
  public static final int DEFAULT_SEND_HIGH_WATER_MARK = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(ZmqTickPublisher.class);

  private final ZMQ.Socket socket;
  private final String endpoint;
  private final byte[] frame = new byte[TickCodec.MAX_BATCH_ENCODED_LENGTH];
  private final ByteBuffer buffer = ByteBuffer.wrap(frame);
  // Written only by the publishing thread (one at a time, under MarketDataPublisher's lock), with
  // lazySet: no locked instruction per tick. Read by any thread.
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private boolean closed;

  /** Binds with {@link #DEFAULT_SEND_HIGH_WATER_MARK}. */
  public ZmqTickPublisher(ZContext context, String bindEndpoint) {
    this(context, bindEndpoint, DEFAULT_SEND_HIGH_WATER_MARK);
  }

  /**
   * Binds a PUB socket.
   *
   * @param bindEndpoint e.g. {@code tcp://127.0.0.1:5555}; {@code tcp://127.0.0.1:*} binds a free
   *     port, see {@link #endpoint()}
   * @throws org.zeromq.ZMQException when the address cannot be bound
   */
  public ZmqTickPublisher(ZContext context, String bindEndpoint, int sendHighWaterMark) {
    this(context, bindEndpoint, sendHighWaterMark, LinkSecurity.NONE);
  }

  /**
   * Binds a PUB socket secured by {@code security}.
   *
   * @param security this end's CURVE settings, or {@link LinkSecurity#NONE}
   * @throws org.zeromq.ZMQException when the address cannot be bound
   */
  public ZmqTickPublisher(
      ZContext context, String bindEndpoint, int sendHighWaterMark, LinkSecurity security) {
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
    LOG.info("Tick publisher bound to {} (send high-water mark {})", endpoint, sendHighWaterMark);
  }

  /** The bound endpoint, with the actual port when a wildcard port was asked for. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Sends the tick, or drops and counts it when a subscriber's queue is full. A tick that cannot be
   * encoded (item code too long, sequence &lt; 1) is dropped with a log line, never thrown back to
   * the exchange's thread.
   */
  @Override
  public void publish(Tick tick) {
    int length;
    try {
      buffer.clear();
      length = TickCodec.encode(tick, buffer);
    } catch (IllegalArgumentException e) {
      dropped.lazySet(dropped.get() + 1);
      LOG.warn("Tick not publishable, dropped: {} ({})", tick.toEvent(), e.getMessage());
      return;
    }
    send(length, 1);
  }

  /**
   * Sends {@code ticks[0, count)} in order: each run of one instrument's ticks that {@link
   * TickCodec#continuesBatch continue} each other (next sequence, same publish time) as one batch
   * frame (split at {@value TickCodec#MAX_BATCH_TICKS}), a run of one as a tick frame. A run
   * holding a tick that cannot be encoded goes tick by tick, so only that tick is dropped.
   */
  @Override
  public void publish(Tick[] ticks, int count) {
    int start = 0;
    while (start < count) {
      int end = start + 1;
      while (end < count
          && end - start < TickCodec.MAX_BATCH_TICKS
          && TickCodec.continuesBatch(ticks[end - 1], ticks[end])) {
        end++;
      }
      if (end - start == 1) {
        publish(ticks[start]);
      } else {
        publishRun(ticks, start, end);
      }
      start = end;
    }
  }

  private void publishRun(Tick[] ticks, int from, int to) {
    int length;
    try {
      buffer.clear();
      length = TickCodec.encodeBatch(ticks, from, to, buffer);
    } catch (IllegalArgumentException e) {
      for (int i = from; i < to; i++) {
        publish(ticks[i]);
      }
      return;
    }
    send(length, to - from);
  }

  private void send(int length, int ticks) {
    if (socket.send(frame, 0, length, ZMQ.DONTWAIT)) {
      published.lazySet(published.get() + ticks);
    } else {
      long before = dropped.get();
      long count = before + ticks;
      dropped.lazySet(count);
      // Log when the count crosses a power of two: a few lines however long the queue stays full.
      if (Long.highestOneBit(count) != Long.highestOneBit(before)) {
        LOG.warn("Subscriber queue full: {} tick(s) dropped ({} dropped so far)", ticks, count);
      }
    }
  }

  public long publishedCount() {
    return published.get();
  }

  /** Ticks not sent: subscriber queue full, or not encodable. */
  public long droppedCount() {
    return dropped.get();
  }

  /** Closes the socket; call from the publishing thread or after it stopped. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      socket.close();
      LOG.info(
          "Tick publisher on {} closed after {} ticks ({} dropped)",
          endpoint,
          published.get(),
          dropped.get());
    }
  }
}
