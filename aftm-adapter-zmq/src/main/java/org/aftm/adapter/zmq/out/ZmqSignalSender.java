package org.aftm.adapter.zmq.out;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.adapter.zmq.codec.SignalCodec;
import org.aftm.adapter.zmq.link.GreetedConnection;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.LinkSettings;
import org.aftm.application.port.out.SendSignalPort;
import org.aftm.domain.strategy.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Sends signals to the order executor on a PUSH socket connected to the executor's bound PULL
 * socket, one {@link SignalCodec} frame per signal, numbered 1, 2, 3... so the receiver can count
 * losses.
 *
 * <p>Never blocks. The socket attaches its queue only once connected (libzmq's {@code
 * ZMQ_IMMEDIATE}), so with no executor connected, or with its queue full, {@link #send} returns
 * false at once instead of queueing a signal that might be delivered late; a refused signal does
 * not use up a sequence number. It reconnects by itself when the executor restarts.
 *
 * <p>Not thread-safe: one thread sends. The counters may be read from any thread.
 */
public final class ZmqSignalSender implements SendSignalPort, AutoCloseable {

  /** Signals queued towards the executor before {@link #send} returns false. */
  public static final int DEFAULT_SEND_HIGH_WATER_MARK = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(ZmqSignalSender.class);

  private final ZMQ.Socket socket;
  private final String endpoint;
  private final byte[] frame = new byte[SignalCodec.MAX_ENCODED_LENGTH];
  private final ByteBuffer buffer = ByteBuffer.wrap(frame);
  private final AtomicLong refused = new AtomicLong();
  private long sequence;
  private boolean closed;

  /**
   * Connects a PUSH socket.
   *
   * @param connectEndpoint the executor's address, e.g. {@code tcp://127.0.0.1:5556}
   */
  public ZmqSignalSender(ZContext context, String connectEndpoint) {
    this(context, connectEndpoint, LinkSecurity.NONE);
  }

  /**
   * Connects a PUSH socket secured by {@code security}.
   *
   * @param security this end's CURVE settings, or {@link LinkSecurity#NONE}
   */
  public ZmqSignalSender(ZContext context, String connectEndpoint, LinkSecurity security) {
    this(context, connectEndpoint, security, Duration.ZERO);
  }

  /**
   * Connects a PUSH socket secured by {@code security}, waiting up to {@code executorWait} for an
   * executor that is starting at the same time to bind its end: a sender built so has a greeted
   * connection when it returns, unless no executor came within the wait.
   *
   * @param executorWait how long to wait for the executor's socket; zero for no wait
   */
  public ZmqSignalSender(
      ZContext context, String connectEndpoint, LinkSecurity security, Duration executorWait) {
    this.endpoint = connectEndpoint;
    this.socket = context.createSocket(SocketType.PUSH);
    try {
      security.apply(context, socket);
      socket.setHandshakeIvl(LinkSettings.HANDSHAKE_MILLIS);
      // JeroMQ's "immediate" is the inverse of libzmq's ZMQ_IMMEDIATE (checked in 0.6.0's Options):
      // false here means no pipe until the connection is up, so send fails instead of queueing.
      socket.setImmediate(false);
      socket.setSndHWM(DEFAULT_SEND_HIGH_WATER_MARK);
      GreetedConnection.connectAwaitingPeer(context, socket, connectEndpoint, executorWait);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    LOG.info("Signal sender connected to {}", connectEndpoint);
  }

  /**
   * @return false when no executor is connected or its queue is full, or when the signal cannot be
   *     encoded (logged)
   */
  @Override
  public boolean send(Signal signal) {
    int length;
    try {
      buffer.clear();
      length = SignalCodec.encode(sequence + 1, signal, buffer);
    } catch (IllegalArgumentException e) {
      refused.incrementAndGet();
      LOG.error("Signal {} not encodable, not sent: {}", signal.signalId(), e.getMessage());
      return false;
    }
    if (!socket.send(frame, 0, length, ZMQ.DONTWAIT)) {
      refused.incrementAndGet();
      LOG.warn(
          "Signal {} not sent: no order executor connected at {} or its queue is full",
          signal.signalId(),
          endpoint);
      return false;
    }
    sequence++;
    return true;
  }

  /** Signals queued so far. */
  public long sentCount() {
    return sequence;
  }

  /** Signals for which {@link #send} returned false. */
  public long refusedCount() {
    return refused.get();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      socket.close();
    }
  }
}
