package org.aftm.adapter.zmq.in;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aftm.adapter.zmq.codec.SequencedSignal;
import org.aftm.adapter.zmq.codec.SignalCodec;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.LinkSettings;
import org.aftm.adapter.zmq.link.SingleFrameInbox;
import org.aftm.adapter.zmq.link.SocketInput;
import org.aftm.adapter.zmq.link.SocketWaitIdleStrategy;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.ReceiveSignalsPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Receives signals on a bound PULL socket, without blocking. Counts gaps in the sender's sequence
 * (a sequence at or below the last one means the sender restarted: a new baseline, not a gap),
 * stale signals (created longer ago than the age limit; still handed on, the executor drops them)
 * and malformed frames (dropped with a log line, never thrown).
 *
 * <p>Not thread-safe: one thread polls. {@link #counters()} may be read from any thread.
 */
public final class ZmqSignalReceiver implements ReceiveSignalsPort, SocketInput, AutoCloseable {

  /** Larger frames close the connection; a signal frame is under 200 bytes. */
  private static final long MAX_FRAME_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ZmqSignalReceiver.class);

  private final ZMQ.Socket socket;
  private final ZContext context;
  private final String endpoint;
  private final long staleAfterNanos;
  private final LongSupplier nanoClock;
  private final SingleFrameInbox<SequencedSignal> inbox;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private long lastSequence;
  private boolean closed;

  /** A receiver on the system clock. */
  public ZmqSignalReceiver(ZContext context, String bindEndpoint, Duration staleAfter) {
    this(context, bindEndpoint, staleAfter, System::nanoTime);
  }

  /**
   * Binds a PULL socket.
   *
   * @param bindEndpoint e.g. {@code tcp://127.0.0.1:5556}; {@code tcp://127.0.0.1:*} binds a free
   *     port, see {@link #endpoint()}
   * @param staleAfter a signal created longer ago than this is counted stale
   * @throws org.zeromq.ZMQException when the address cannot be bound
   */
  public ZmqSignalReceiver(
      ZContext context, String bindEndpoint, Duration staleAfter, LongSupplier nanoClock) {
    this(context, bindEndpoint, staleAfter, nanoClock, LinkSecurity.NONE);
  }

  /**
   * Binds a PULL socket secured by {@code security}.
   *
   * @param security this end's CURVE settings, or {@link LinkSecurity#NONE}
   */
  public ZmqSignalReceiver(
      ZContext context,
      String bindEndpoint,
      Duration staleAfter,
      LongSupplier nanoClock,
      LinkSecurity security) {
    this.staleAfterNanos = staleAfter.toNanos();
    this.nanoClock = nanoClock;
    this.context = context;
    this.socket = context.createSocket(SocketType.PULL);
    try {
      security.apply(context, socket);
      socket.setHandshakeIvl(LinkSettings.HANDSHAKE_MILLIS);
      socket.setMaxMsgSize(MAX_FRAME_BYTES);
      socket.setLinger(0);
      socket.bind(bindEndpoint);
      this.endpoint = socket.getLastEndpoint();
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.inbox =
        new SingleFrameInbox<>(
            socket, SignalCodec::decode, SignalCodec.MAX_ENCODED_LENGTH, "signal", endpoint);
    LOG.info("Signal receiver bound to {}", endpoint);
  }

  /** The bound endpoint, with the actual port when a wildcard port was asked for. */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public int poll(SignalHandler handler, int limit) {
    int handled = 0;
    SequencedSignal message;
    while (handled < limit && (message = inbox.next()) != null) {
      observe(message.senderSequence());
      if (nanoClock.getAsLong() - message.signal().createdNanos() > staleAfterNanos) {
        stale.incrementAndGet();
      }
      received.incrementAndGet();
      handled++;
      handler.onSignal(message.signal());
    }
    return handled;
  }

  private void observe(long sequence) {
    if (lastSequence != 0 && sequence > lastSequence + 1) {
      gaps.addAndGet(sequence - lastSequence - 1);
      LOG.warn("Lost {} signals before sender sequence {}", sequence - lastSequence - 1, sequence);
    } else if (lastSequence != 0 && sequence <= lastSequence) {
      LOG.info(
          "Signal sender sequence went from {} back to {}: sender restarted",
          lastSequence,
          sequence);
    }
    lastSequence = sequence;
  }

  /**
   * An idle strategy for the agent that polls this signal socket: it sleeps until a message
   * arrives, or at most {@code maxWaitMillis}. Use it on the polling thread only.
   */
  public SocketWaitIdleStrategy waitingIdleStrategy(long maxWaitMillis) {
    return new SocketWaitIdleStrategy(context, socket, maxWaitMillis);
  }

  @Override
  public void registerForInput(ZMQ.Poller poller) {
    poller.register(socket, ZMQ.Poller.POLLIN);
  }

  @Override
  public LinkCounters counters() {
    return new LinkCounters(received.get(), gaps.get(), stale.get(), inbox.malformed());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      socket.close();
      LOG.info("Signal receiver on {} closed: {}", endpoint, counters());
    }
  }
}
