package org.aftm.app.process;

import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent on its own thread, named after the agent's role: errors in a duty cycle are logged
 * and counted and the loop goes on, so one bad message cannot stop trading.
 */
public final class AgentHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentHost.class);

  private final AgentRunner runner;
  private final AtomicLong errors = new AtomicLong();

  public AgentHost(Agent agent, IdleStrategy idleStrategy) {
    this.runner =
        new AgentRunner(
            idleStrategy,
            error -> {
              errors.incrementAndGet();
              LOG.error("{} duty cycle failed; continuing", agent.roleName(), error);
            },
            null,
            agent);
  }

  public AgentHost start() {
    AgentRunner.startOnThread(runner);
    return this;
  }

  public long errors() {
    return errors.get();
  }

  /** Stops the agent and waits for its thread (the agent's onClose runs there). */
  @Override
  public void close() {
    runner.close();
  }
}
