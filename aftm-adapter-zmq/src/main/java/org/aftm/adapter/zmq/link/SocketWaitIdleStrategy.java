package org.aftm.adapter.zmq.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.concurrent.IdleStrategy;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * An idle strategy that waits on the agent's own input sockets: an idle agent sleeps in the kernel
 * and wakes as soon as a message arrives on any of them, instead of spinning (which starves a
 * 2-core machine) or parking in fixed steps (which adds up to a step of latency to every message
 * that arrives while it sleeps). It wakes at least every {@code maxWaitMillis} so the agent's other
 * duties (held signals, condition refresh) still run.
 *
 * <p>An agent with several inputs (the strategy: ticks and order updates) waits on all of them at
 * once, with one NIO {@link Selector} of its own on their {@code ZMQ_FD} descriptors (not a ZeroMQ
 * poller, whose {@code poll} allocates): {@link #waitingOn(ZContext, long, List)}.
 *
 * <p>Used only by the thread that owns the sockets. Configured as {@code AFTM_IDLE_STRATEGY=block}.
 */
public final class SocketWaitIdleStrategy implements IdleStrategy, AutoCloseable {

  /** Ready keys are only a reason to look again; nothing is done with them. */
  private static final Consumer<SelectionKey> WAKE_ONLY = key -> {};

  private final ZMQ.Socket[] sockets;
  private final Selector selector;
  private final long maxWaitMillis;

  /** Waits on one socket. */
  public SocketWaitIdleStrategy(ZContext context, ZMQ.Socket socket, long maxWaitMillis) {
    this(context, List.of(socket), maxWaitMillis);
  }

  /**
   * Waits until any of the sockets has a message.
   *
   * @throws IllegalArgumentException when no socket is given
   */
  public SocketWaitIdleStrategy(ZContext context, List<ZMQ.Socket> sockets, long maxWaitMillis) {
    if (sockets.isEmpty()) {
      throw new IllegalArgumentException("at least one socket to wait on is required");
    }
    this.sockets = sockets.toArray(new ZMQ.Socket[0]);
    this.maxWaitMillis = maxWaitMillis;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector to wait on the input sockets", e);
    }
    try {
      for (ZMQ.Socket socket : this.sockets) {
        // ZMQ_FD: readable when the socket has commands to process (a message arrived, a pipe
        // opened); the socket's events say what they amount to.
        socket.getFD().register(selector, SelectionKey.OP_READ);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw new IllegalStateException("cannot wait on the input sockets", e);
    }
  }

  /**
   * Waits until any of the adapters' input sockets has a message, e.g. {@code waitingOn(context,
   * 10, List.of(tickSubscriber, orderUpdateSubscriber))}. Create it on the thread that polls the
   * adapters.
   *
   * @throws IllegalArgumentException when no input is given
   */
  public static SocketWaitIdleStrategy waitingOn(
      ZContext context, long maxWaitMillis, List<? extends SocketInput> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("at least one input to wait on is required");
    }
    // The adapters hand their sockets over by registering them with a poller; only the sockets
    // are kept, since ZMQ.Poller#poll allocates on every call.
    ZMQ.Poller registration = context.createPoller(inputs.size());
    List<ZMQ.Socket> sockets = new ArrayList<>();
    try {
      inputs.forEach(input -> input.registerForInput(registration));
      for (int i = 0; i < registration.getSize(); i++) {
        sockets.add(registration.getSocket(i));
      }
    } finally {
      registration.close();
    }
    return new SocketWaitIdleStrategy(context, sockets, maxWaitMillis);
  }

  @Override
  public void idle(int workCount) {
    if (workCount <= 0) {
      idle();
    }
  }

  /**
   * Returns at once when a socket has a message, else sleeps until one has, or at most the wait.
   * Allocates nothing (unlike {@code ZMQ.Poller#poll}): the selector hands ready keys to a consumer
   * instead of filling its selected-key set.
   */
  @Override
  public void idle() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    while (!anyMessageWaiting()) {
      // A wake-up may be for a command that brings no message (a peer connecting): wait again
      // for what is left of the wait.
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return;
      }
      try {
        selector.select(WAKE_ONLY, left);
      } catch (IOException e) {
        throw new UncheckedIOException("waiting on the input sockets failed", e);
      }
    }
  }

  /**
   * Reads the sockets' events, which also takes in their pending commands, so the descriptor is
   * quiet again until something new arrives (the ZMQ_FD contract: it signals only new commands).
   */
  private boolean anyMessageWaiting() {
    for (ZMQ.Socket socket : sockets) {
      if ((socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void reset() {
    // Stateless: every wait is a fresh poll.
  }

  @Override
  public String alias() {
    return "block";
  }

  @Override
  public void close() {
    try {
      selector.close();
    } catch (IOException e) {
      // Nothing waits on it any more; the sockets are closed by their owners.
    }
  }
}
