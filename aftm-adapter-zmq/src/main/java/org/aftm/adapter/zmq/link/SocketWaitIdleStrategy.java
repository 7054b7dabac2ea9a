package org.aftm.adapter.zmq.link;

import org.agrona.concurrent.IdleStrategy;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * An idle strategy that waits on the agent's own input socket: an idle agent sleeps in the kernel
 * and wakes as soon as a message arrives, instead of spinning (which starves a 2-core machine) or
 * parking in fixed steps (which adds up to a step of latency to every message that arrives while it
 * sleeps). It wakes at least every {@code maxWaitMillis} so the agent's other duties (held signals,
 * condition refresh) still run.
 *
 * <p>Used only by the thread that owns the socket. Configured as {@code AFTM_IDLE_STRATEGY=block}.
 */
public final class SocketWaitIdleStrategy implements IdleStrategy, AutoCloseable {

  private final ZMQ.Poller poller;
  private final long maxWaitMillis;

  public SocketWaitIdleStrategy(ZContext context, ZMQ.Socket socket, long maxWaitMillis) {
    this.poller = context.createPoller(1);
    this.poller.register(socket, ZMQ.Poller.POLLIN);
    this.maxWaitMillis = maxWaitMillis;
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
