package org.aftm.adapter.zmq.link;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Connects a socket and returns once ZeroMQ's greeting with the peer is done, reconnecting a
 * connection that stalls before it.
 *
 * <p>Why: JeroMQ 0.6.0's poller ({@code zmq.poll.Poller.run}) registers a new connection's channel
 * with its selector in one pass over its handles, at the top of its loop. When the TCP connect
 * completes, the connecter's handle for the channel is cancelled and the engine's handle for the
 * same channel is added; if both happen in the same turn of the loop (the I/O thread had a command
 * waiting, typically a {@code send} or {@code subscribe} just after {@code connect}, or another
 * socket's {@code connect}), that pass finds the connecter's key still there (cancelled or about to
 * be) and skips the engine, so the engine is never polled: it neither writes its greeting nor reads
 * the peer's (measured with {@code ss}: 10 bytes of the server's greeting unread, none sent). The
 * connection then waits for the next unrelated registration on that I/O thread or the handshake
 * timer ({@link LinkSettings#HANDSHAKE_MILLIS}). This class waits for the greeting (the monitor's
 * {@code HANDSHAKE_PROTOCOL}) before anything is sent, which takes the usual trigger away, and
 * replaces a connection that is up at TCP level but not greeted within {@link #GREETING_WAIT}.
 *
 * <p>Call on the socket's owning thread, before its first send; not for bound sockets (the
 * accepting side never re-registers a channel).
 */
public final class GreetedConnection {

  /**
   * How long a connection that is up at TCP level may take for its greeting before it is taken for
   * stalled and replaced; doubled for each replacement, so that a slow (cold, loaded) machine gets
   * time while a real stall costs little. A greeting on loopback takes well under a millisecond
   * when warm.
   */
  public static final Duration GREETING_WAIT = Duration.ofMillis(100);

  /** Fresh connections tried after a stalled one before the socket is left to ZeroMQ. */
  static final int RECONNECTS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(GreetedConnection.class);
  private static final AtomicLong MONITORS = new AtomicLong();

  /** What became of one connect. */
  enum Outcome {
    /** The greeting is done: the connection carries messages. */
    GREETED,
    /** Connected at TCP level, not greeted within the wait: the stall this class exists for. */
    STALLED,
    /** Not even connected within the wait (no peer yet): ZeroMQ keeps retrying on its own. */
    UNCONNECTED
  }

  private GreetedConnection() {}

  /**
   * Connects {@code socket} (created in {@code context}) to {@code endpoint} and waits for the
   * greeting, reconnecting a stalled connection up to {@link #RECONNECTS} times, each time waiting
   * twice as long.
   *
   * @return whether the connection is greeted; false leaves it connecting as ZeroMQ would
   */
  public static boolean connect(ZContext context, ZMQ.Socket socket, String endpoint) {
    return connect(context, socket, endpoint, GREETING_WAIT) == Outcome.GREETED;
  }

  /**
   * As {@link #connect(ZContext, ZMQ.Socket, String)}, but while no peer is there yet (nothing
   * listens at {@code endpoint}), tries again until {@code peerWait} has passed: for a peer that is
   * starting at the same time as this process.
   *
   * @return whether the connection is greeted; false leaves it connecting as ZeroMQ would
   */
  public static boolean connectAwaitingPeer(
      ZContext context, ZMQ.Socket socket, String endpoint, Duration peerWait) {
    long deadline = System.nanoTime() + peerWait.toNanos();
    while (true) {
      Outcome outcome = connect(context, socket, endpoint, GREETING_WAIT);
      if (outcome != Outcome.UNCONNECTED || System.nanoTime() - deadline >= 0) {
        return outcome == Outcome.GREETED;
      }
      // Not even connected: nothing listens yet. A fresh connect, greeted as above, rather than
      // ZeroMQ's own reconnect, which may stall before its greeting.
      socket.disconnect(endpoint);
    }
  }

  static Outcome connect(ZContext context, ZMQ.Socket socket, String endpoint, Duration firstWait) {
    String monitorEndpoint = "inproc://aftm-greeting-" + MONITORS.incrementAndGet();
    ZMQ.Socket events = null;
    // Inside the try: a monitor whose events socket could not be made is stopped all the same.
    try {
      socket.monitor(monitorEndpoint, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_HANDSHAKE_PROTOCOL);
      events = context.createSocket(SocketType.PAIR);
      events.setLinger(0);
      events.connect(monitorEndpoint);
      ZMQ.Socket monitor = events;
      MonitorEvents source =
          timeoutMillis -> {
            monitor.setReceiveTimeOut(timeoutMillis);
            return ZMQ.Event.recv(monitor);
          };
      Outcome outcome = Outcome.UNCONNECTED;
      for (int attempt = 0; attempt <= RECONNECTS; attempt++) {
        if (attempt > 0) {
          socket.disconnect(endpoint);
          // What the replaced connection reported is not about the next one.
          drain(events);
        }
        socket.connect(endpoint);
        outcome = await(source, firstWait.multipliedBy(1L << attempt));
        if (outcome != Outcome.STALLED) {
          return outcome;
        }
        LOG.info(
            "The connection to {} stalled before its greeting (JeroMQ poller); reconnecting",
            endpoint);
      }
      return outcome;
    } finally {
      socket.monitor(null, 0);
      if (events != null) {
        events.close();
      }
    }
  }

  /** The monitor's events, one at a time: null when none came within the timeout. */
  @FunctionalInterface
  interface MonitorEvents {
    ZMQ.Event next(int timeoutMillis);
  }

  private static void drain(ZMQ.Socket events) {
    while (ZMQ.Event.recv(events, ZMQ.DONTWAIT) != null) {
      // dropped: about the replaced connection
    }
  }

  /**
   * Waits for this connection's greeting. A greeting counts only after this connection's {@code
   * CONNECTED}: the monitor reports events of the socket, not of one connection, and a replaced
   * connection's greeting may still arrive late (its I/O thread reports it before it handles the
   * disconnect, so before the new connection's {@code CONNECTED}).
   */
  static Outcome await(MonitorEvents events, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean connected = false;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return connected ? Outcome.STALLED : Outcome.UNCONNECTED;
      }
      ZMQ.Event event = events.next((int) Math.max(1, Duration.ofNanos(left).toMillis()));
      if (event == null) {
        continue;
      }
      if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
        if (connected) {
          return Outcome.GREETED;
        }
        LOG.debug("A greeting before the connection's CONNECTED: the replaced connection's");
      } else if (event.getEvent() == ZMQ.EVENT_CONNECTED) {
        connected = true;
      }
    }
  }
}
