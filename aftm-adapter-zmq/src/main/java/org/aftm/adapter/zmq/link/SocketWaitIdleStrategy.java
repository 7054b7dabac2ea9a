package org.aftm.adapter.zmq.link;

import java.util.List;
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
 * <p>An agent with several inputs (the strategy: ticks and order updates) waits on all of them with
 * one ZeroMQ poller: {@link #waitingOn(ZContext, long, List)}.
 *
 * <p>Used only by the thread that owns the sockets. Configured as {@code AFTM_IDLE_STRATEGY=block}.
 */
public final class SocketWaitIdleStrategy implements IdleStrategy, AutoCloseable {

  private final ZMQ.Poller poller;
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
    this(context, sockets.size(), maxWaitMillis);
    if (sockets.isEmpty()) {
      poller.close();
      throw new IllegalArgumentException("at least one socket to wait on is required");
    }
    sockets.forEach(socket -> poller.register(socket, ZMQ.Poller.POLLIN));
  }

  private SocketWaitIdleStrategy(ZContext context, int size, long maxWaitMillis) {
    this.poller = context.createPoller(Math.max(1, size));
    this.maxWaitMillis = maxWaitMillis;
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
    SocketWaitIdleStrategy strategy =
        new SocketWaitIdleStrategy(context, inputs.size(), maxWaitMillis);
    try {
      inputs.forEach(input -> input.registerForInput(strategy.poller));
    } catch (RuntimeException e) {
      strategy.close();
      throw e;
    }
    return strategy;
  }

  @Override
  public void idle(int workCount) {
    if (workCount <= 0) {
      idle();
    }
  }

  @Override
  public void idle() {
    poller.poll(maxWaitMillis);
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
    poller.close();
  }
}
