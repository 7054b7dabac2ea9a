package org.aftm.adapter.zmq.in;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.aftm.adapter.zmq.codec.DecodedTick;
import org.aftm.adapter.zmq.codec.DecodedTicks;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.adapter.zmq.link.GreetedConnection;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.LinkSettings;
import org.aftm.adapter.zmq.link.SingleFrameInbox;
import org.aftm.adapter.zmq.link.SocketInput;
import org.aftm.adapter.zmq.link.SocketWaitIdleStrategy;
import org.aftm.application.port.out.LinkCounters;
import org.aftm.application.port.out.ReceiveTicksPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Receives ticks on a SUB socket connected to the {@link
 * org.aftm.adapter.zmq.out.ZmqTickPublisher}, without blocking. Counts gaps in each instrument's
 * sequence, stale ticks (published longer ago than the age limit, by {@link System#nanoTime()};
 * they are still handed on, the strategy decides) and malformed frames (dropped with a log line,
 * never thrown).
 *
 * <p>A frame carries one tick or a batch of one instrument's ticks (docs/architecture.md §2.2); the
 * ticks of a batch are handed on one by one, in order, each counted like a lone tick. A malformed
 * batch is refused whole. Allocates nothing per tick of a known instrument: each frame is received
 * into one buffer and decoded into one reused {@link DecodedTicks} by a {@link TickIntake}, and
 * each tick is handed on as one reused {@link org.aftm.adapter.zmq.codec.DecodedTick}, valid only
 * during the handler's call.
 *
 * <p>Not thread-safe: one thread polls. {@link #counters()} may be read from any thread.
 */
public final class ZmqTickSubscriber implements ReceiveTicksPort, SocketInput, AutoCloseable {

  /** Ticks queued before the socket drops; the publisher's gap counting shows any loss. */
  public static final int DEFAULT_RECEIVE_HIGH_WATER_MARK = 100_000;

  /** Larger frames close the connection; a batch frame is under 2,600 bytes. */
  private static final long MAX_FRAME_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ZmqTickSubscriber.class);

  private final ZMQ.Socket socket;
  private final ZContext context;
  private final String endpoint;
  private final TickIntake intake;
  private final SingleFrameInbox<DecodedTicks> inbox;

  /** The frame being handed on, and the index of its next tick: a poll may stop mid-batch. */
  private DecodedTicks current;

  private int nextInCurrent;

  private boolean closed;

  /** A subscriber on the system clock. */
  public ZmqTickSubscriber(
      ZContext context, String connectEndpoint, Collection<String> itemCodes, Duration staleAfter) {
    this(context, connectEndpoint, itemCodes, staleAfter, System::nanoTime);
  }

  /**
   * Connects a SUB socket; it reconnects by itself when the publisher restarts.
   *
   * @param connectEndpoint e.g. {@code tcp://127.0.0.1:5555}
   * @param itemCodes the instruments to receive; empty for all
   * @param staleAfter a tick published longer ago than this is counted stale
   * @param nanoClock {@link System#nanoTime()} or a test clock
   * @throws IllegalArgumentException when an item code is empty or too long for the tick frame
   */
  public ZmqTickSubscriber(
      ZContext context,
      String connectEndpoint,
      Collection<String> itemCodes,
      Duration staleAfter,
      LongSupplier nanoClock) {
    this(context, connectEndpoint, itemCodes, staleAfter, nanoClock, LinkSecurity.NONE);
  }

  /**
   * Connects a SUB socket secured by {@code security}.
   *
   * @param security this end's CURVE settings, or {@link LinkSecurity#NONE}
   */
  public ZmqTickSubscriber(
      ZContext context,
      String connectEndpoint,
      Collection<String> itemCodes,
      Duration staleAfter,
      LongSupplier nanoClock,
      LinkSecurity security) {
    List<byte[]> topics =
        itemCodes.stream()
            .flatMap(code -> Stream.of(TickCodec.topic(code), TickCodec.batchTopic(code)))
            .toList();
    this.endpoint = connectEndpoint;
    this.intake = new TickIntake(staleAfter.toNanos(), nanoClock);
    this.context = context;
    this.socket = context.createSocket(SocketType.SUB);
    try {
      security.apply(context, socket);
      socket.setHandshakeIvl(LinkSettings.HANDSHAKE_MILLIS);
      socket.setRcvHWM(DEFAULT_RECEIVE_HIGH_WATER_MARK);
      socket.setMaxMsgSize(MAX_FRAME_BYTES);
      socket.setLinger(0);
      if (topics.isEmpty()) {
        socket.subscribe(new byte[0]);
      } else {
        topics.forEach(socket::subscribe);
      }
      GreetedConnection.connect(context, socket, connectEndpoint);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.inbox =
        new SingleFrameInbox<>(
            socket,
            intake::decodeFrame,
            TickCodec.MAX_BATCH_ENCODED_LENGTH,
            "tick",
            connectEndpoint);
    LOG.info(
        "Tick subscriber connected to {} for {}",
        connectEndpoint,
        itemCodes.isEmpty() ? "all instruments" : itemCodes);
  }

  /**
   * Hands on up to {@code limit} ticks, counting ticks, not frames: a batch that does not fit is
   * finished by the next poll, so the agent's other work still comes between.
   */
  @Override
  public int poll(TickHandler handler, int limit) {
    int handled = 0;
    while (handled < limit) {
      if (current == null) {
        current = inbox.next();
        nextInCurrent = 0;
        if (current == null) {
          break;
        }
      }
      DecodedTick tick = current.tick(nextInCurrent++);
      if (nextInCurrent == current.count()) {
        current = null;
      }
      intake.accept(tick, handler);
      handled++;
    }
    return handled;
  }

  /**
   * An idle strategy for the agent that polls this tick socket: it sleeps until a message arrives,
   * or at most {@code maxWaitMillis}. Use it on the polling thread only.
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
    return new LinkCounters(intake.received(), intake.missed(), intake.stale(), inbox.malformed());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      socket.close();
      LOG.info("Tick subscriber on {} closed: {}", endpoint, counters());
    }
  }
}
