package org.aftm.app.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the child processes and keeps them running: a child that dies is restarted with
 * exponential back-off (ADR 0002), until it dies too often in a window, then the supervisor gives
 * up on it and says so. {@link #close()} stops every child: a polite SIGTERM, then a kill after a
 * grace period.
 *
 * <p>Thread-safe: the supervisor's state is guarded by its monitor; restarts run on one scheduler
 * thread named {@code supervisor}.
 */
public final class ProcessSupervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

  /** What the supervisor knows of one child. */
  public record ChildStatus(
      ChildRole role, long pid, boolean alive, int restarts, boolean gaveUp) {}

  private static final class Child {
    final ChildRole role;
    final Function<ChildRole, List<String>> arguments;
    Process process;
    int restarts;
    boolean gaveUp;
    final Deque<Long> recentRestarts = new ArrayDeque<>();

    Child(ChildRole role, Function<ChildRole, List<String>> arguments) {
      this.role = role;
      this.arguments = arguments;
    }
  }

  private final ChildLauncher launcher;
  private final RestartPolicy policy;
  private final Duration stopGrace;
  private final ScheduledExecutorService scheduler;
  private final Map<ChildRole, Child> children = new EnumMap<>(ChildRole.class);
  private boolean stopping;

  public ProcessSupervisor(ChildLauncher launcher, RestartPolicy policy, Duration stopGrace) {
    this.launcher = launcher;
    this.policy = policy;
    this.stopGrace = stopGrace;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "supervisor");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts a child and supervises it.
   *
   * @param arguments the child's arguments, asked again at every restart (so they can change)
   */
  public synchronized void start(ChildRole role, Function<ChildRole, List<String>> arguments)
      throws IOException {
    if (stopping) {
      throw new IllegalStateException("supervisor is stopping");
    }
    Child child = new Child(role, arguments);
    children.put(role, child);
    launch(child);
  }

  private void launch(Child child) throws IOException {
    Process process = launcher.launch(child.role, child.arguments.apply(child.role));
    child.process = process;
    LOG.info("Started {} as pid {}", child.role.id(), process.pid());
    process.onExit().thenAccept(exited -> onExit(child, exited));
  }

  private synchronized void onExit(Child child, Process exited) {
    if (stopping || child.process != exited) {
      return;
    }
    LOG.error("{} (pid {}) exited with code {}", child.role.id(), exited.pid(), exited.exitValue());
    long now = System.nanoTime();
    child.recentRestarts.addLast(now);
    while (!child.recentRestarts.isEmpty()
        && now - child.recentRestarts.peekFirst() > policy.window().toNanos()) {
      child.recentRestarts.removeFirst();
    }
    if (child.recentRestarts.size() > policy.maxRestarts()) {
      child.gaveUp = true;
      LOG.error(
          "{} died {} times within {}; not restarting it again",
          child.role.id(),
          child.recentRestarts.size(),
          policy.window());
      return;
    }
    Duration delay = policy.delayFor(child.recentRestarts.size());
    LOG.warn("Restarting {} in {} ms", child.role.id(), delay.toMillis());
    scheduler.schedule(() -> restart(child), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void restart(Child child) {
    if (stopping) {
      return;
    }
    try {
      child.restarts++;
      launch(child);
    } catch (IOException | RuntimeException e) {
      LOG.error("Could not restart {}: {}", child.role.id(), e.toString());
      scheduler.schedule(() -> restart(child), policy.maxDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  public synchronized Map<ChildRole, ChildStatus> status() {
    Map<ChildRole, ChildStatus> status = new EnumMap<>(ChildRole.class);
    children.forEach(
        (role, child) ->
            status.put(
                role,
                new ChildStatus(
                    role,
                    child.process.pid(),
                    child.process.isAlive(),
                    child.restarts,
                    child.gaveUp)));
    return status;
  }

  /** The running process of a child, for tests and diagnostics. */
  public synchronized Process process(ChildRole role) {
    Child child = children.get(role);
    return child == null ? null : child.process;
  }

  /** Stops every child: SIGTERM, then SIGKILL after the grace period. Idempotent. */
  @Override
  public void close() {
    List<Process> processes;
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      processes = children.values().stream().map(c -> c.process).toList();
    }
    scheduler.shutdownNow();
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("pid {} did not stop within {}; killing it", process.pid(), stopGrace);
          process.destroyForcibly().waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    LOG.info("All children stopped");
  }
}
