package org.aftm.adapter.zmq.in;

import java.util.concurrent.atomic.AtomicLong;
import org.aftm.adapter.zmq.codec.OrderUpdateCodec;
import org.aftm.adapter.zmq.codec.SequencedOrderMessage;
import org.aftm.adapter.zmq.link.GreetedConnection;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.LinkSettings;
import org.aftm.adapter.zmq.link.SingleFrameInbox;
import org.aftm.adapter.zmq.link.SocketInput;
import org.aftm.adapter.zmq.link.SocketWaitIdleStrategy;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.ReceiveOrderUpdatesPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The strategy's end of the order-update channel: a SUB socket connected to the main process's
 * {@link org.aftm.adapter.zmq.out.ZmqOrderUpdatePublisher}, polled without blocking.
 *
 * <p>Watches the publisher's session id and sequence. The first message sets the baseline; if it is
 * not the publisher's first, what came before it (sent while this subscription was still
 * connecting, a command among them) may be lost, so {@link Handler#onGap} is called, without
 * counting those as missed. After that, a jump in the sequence calls {@link Handler#onGap} with the
 * number missed, and a new session id (the publisher restarted, so whatever it sent before the
 * restart may be lost) calls {@link Handler#onGap} with the number of the new session's messages
 * missed, which may be 0; either way before the message itself is handed on. Malformed frames are
 * dropped, counted and logged, never thrown.
 *
 * <p>Not thread-safe: one thread polls. {@link #counters()} may be read from any thread.
 */
public final class ZmqOrderUpdateSubscriber
    implements ReceiveOrderUpdatesPort, SocketInput, AutoCloseable {

  /** Messages queued before the socket drops; the sequence shows any loss. */
  public static final int DEFAULT_RECEIVE_HIGH_WATER_MARK = 10_000;

  /** Larger frames close the connection; an order-update frame is at most about 500 bytes. */
  private static final long MAX_FRAME_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ZmqOrderUpdateSubscriber.class);

  private final ZMQ.Socket socket;
  private final ZContext context;
  private final String endpoint;
  private final SingleFrameInbox<SequencedOrderMessage> inbox;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong missed = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  private boolean joined;
  private long sessionId;
  private long lastSequence;
  private boolean closed;

  /**
   * Connects a SUB socket to every message of the publisher; it reconnects by itself when the
   * publisher restarts.
   *
   * @param connectEndpoint e.g. {@code tcp://127.0.0.1:5558}
   */
  public ZmqOrderUpdateSubscriber(ZContext context, String connectEndpoint) {
    this(context, connectEndpoint, LinkSecurity.NONE);
  }

  /**
   * Connects a SUB socket secured by {@code security}.
   *
   * @param security this end's CURVE settings, or {@link LinkSecurity#NONE}
   */
  public ZmqOrderUpdateSubscriber(ZContext context, String connectEndpoint, LinkSecurity security) {
    this.endpoint = connectEndpoint;
    this.context = context;
    this.socket = context.createSocket(SocketType.SUB);
    try {
      security.apply(context, socket);
      socket.setHandshakeIvl(LinkSettings.HANDSHAKE_MILLIS);
      socket.setRcvHWM(DEFAULT_RECEIVE_HIGH_WATER_MARK);
      socket.setMaxMsgSize(MAX_FRAME_BYTES);
      socket.setLinger(0);
      socket.subscribe(new byte[0]);
      GreetedConnection.connect(context, socket, connectEndpoint);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.inbox =
        new SingleFrameInbox<>(
            socket,
            OrderUpdateCodec::decode,
            OrderUpdateCodec.MAX_ENCODED_LENGTH,
            "order-update",
            connectEndpoint);
    LOG.info("Order-update subscriber connected to {}", connectEndpoint);
  }

  /**
   * Hands up to {@code limit} waiting messages to the handler, each after any {@link Handler#onGap}
   * it reveals.
   */
  @Override
  public int poll(Handler handler, int limit) {
    int handled = 0;
    SequencedOrderMessage message;
    while (handled < limit && (message = inbox.next()) != null) {
      received.incrementAndGet();
      handled++;
      observe(message, handler);
      if (message.isCommand()) {
        handler.onCommand(message.command());
      } else {
        handler.onOrderUpdate(message.update());
      }
    }
    return handled;
  }

  private void observe(SequencedOrderMessage message, Handler handler) {
    long sequence = message.sequence();
    if (!joined) {
      joined = true;
      sessionId = message.sessionId();
      lastSequence = sequence;
      LOG.info(
          "Order updates joined publisher session {} at sequence {}",
          Long.toHexString(sessionId),
          sequence);
      if (sequence > 1) {
        handler.onGap(sequence - 1);
      }
      return;
    }
    if (message.sessionId() != sessionId) {
      long lost = sequence - 1;
      LOG.warn(
          "Order-update publisher restarted: session {} at sequence {} followed by session {} at"
              + " sequence {}; order states must be asked for again",
          Long.toHexString(sessionId),
          lastSequence,
          Long.toHexString(message.sessionId()),
          sequence);
      sessionId = message.sessionId();
      lastSequence = sequence;
      restarts.incrementAndGet();
      missed.addAndGet(lost);
      handler.onGap(lost);
      return;
    }
    if (sequence > lastSequence + 1) {
      long lost = sequence - lastSequence - 1;
      LOG.warn("Lost {} order-update messages before sequence {}", lost, sequence);
      lastSequence = sequence;
      missed.addAndGet(lost);
      handler.onGap(lost);
    } else if (sequence <= lastSequence) {
      // Cannot happen on one PUB/SUB connection; order updates are cumulative, so hand it on.
      LOG.warn(
          "Order-update sequence went back from {} to {} within session {}",
          lastSequence,
          sequence,
          Long.toHexString(sessionId));
    } else {
      lastSequence = sequence;
    }
  }

  /**
   * An idle strategy for an agent that polls only this socket: it sleeps until a message arrives,
   * or at most {@code maxWaitMillis}. For an agent with more inputs see {@link
   * SocketWaitIdleStrategy#waitingOn}. Use it on the polling thread only.
   */
  public SocketWaitIdleStrategy waitingIdleStrategy(long maxWaitMillis) {
    return new SocketWaitIdleStrategy(context, socket, maxWaitMillis);
  }

  @Override
  public void registerForInput(ZMQ.Poller poller) {
    poller.register(socket, ZMQ.Poller.POLLIN);
  }

  /** Received, gaps (messages missed by sequence) and malformed; never stale. */
  @Override
  public LinkCounters counters() {
    return new LinkCounters(received.get(), missed.get(), 0, inbox.malformed());
  }

  /** How many times the publisher was seen to restart (a new session id). */
  public long restartCount() {
    return restarts.get();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      socket.close();
      LOG.info(
          "Order-update subscriber on {} closed: {}, {} publisher restarts",
          endpoint,
          counters(),
          restarts.get());
    }
  }
}
