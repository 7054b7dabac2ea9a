package org.aftm.app.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the child processes and keeps them running: a child that dies is restarted with
 * exponential back-off (ADR 0002), until it dies too often in a window, then the supervisor gives
 * up on it and tells the listener given at construction. A child counts as healthy only once it
 * said it is ready ({@link #markReady}); one that then ran healthy for {@link
 * RestartPolicy#healthyAfter()} starts over with a clean slate: its earlier deaths no longer count
 * against the budget nor lengthen the back-off. {@link #close()} stops every child: a polite
 * SIGTERM, then a kill after a grace period ({@link #ARCHIVE_DUMP_GRACE} for a child that writes
 * its class archive at exit).
 *
 * <p>Thread-safe: the supervisor's state is guarded by its monitor; restarts run on one scheduler
 * thread named {@code supervisor}; the give-up listener runs on the thread that saw the last death
 * (the JDK's process reaper), outside the monitor.
 */
public final class ProcessSupervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

  /**
   * What the supervisor knows of one child.
   *
   * @param ready whether the running process (this pid) reported ready
   */
  public record ChildStatus(
      ChildRole role, long pid, boolean alive, int restarts, boolean gaveUp, boolean ready) {}

  private static final class Child {
    final ChildRole role;
    final Function<ChildRole, List<String>> arguments;
    final Function<ChildRole, String> firstLine;
    Process process;
    int restarts;

    /** When the running process was launched ({@link System#nanoTime()}). */
    long launchedAtNanos;

    boolean gaveUp;

    /** When the running process reported ready ({@link System#nanoTime()}), or null before. */
    Long readyAtNanos;

    /** Deaths since the last healthy run, oldest first; pruned to the policy's window. */
    final Deque<Long> recentDeaths = new ArrayDeque<>();

    Child(
        ChildRole role,
        Function<ChildRole, List<String>> arguments,
        Function<ChildRole, String> firstLine) {
      this.firstLine = firstLine;
      this.role = role;
      this.arguments = arguments;
    }
  }

  /**
   * The stop grace of a child that writes its class archive at exit ({@link
   * ChildClassArchive#dumpsAtExit}): once per build and role, the first stop waits for the archive
   * rather than killing the child in the middle of writing it.
   */
  static final Duration ARCHIVE_DUMP_GRACE = Duration.ofSeconds(30);

  private final ChildLauncher launcher;
  private final RestartPolicy policy;
  private final Duration stopGrace;
  private final Consumer<String> onGaveUp;
  private final ScheduledExecutorService scheduler;
  private final Map<ChildRole, Child> children = new EnumMap<>(ChildRole.class);
  private boolean stopping;

  /**
   * @param onGaveUp told, once per child, when the supervisor gives up on it: a sentence naming the
   *     child and how often it died; the caller stops trading on it (a half-running system must not
   *     trade)
   */
  public ProcessSupervisor(
      ChildLauncher launcher, RestartPolicy policy, Duration stopGrace, Consumer<String> onGaveUp) {
    this.launcher = launcher;
    this.policy = policy;
    this.stopGrace = stopGrace;
    this.onGaveUp = onGaveUp;
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
    start(role, arguments, r -> null);
  }

  /**
   * Starts a child that gets a first line on its stdin at every start (its link keys).
   *
   * @param arguments the child's arguments, asked again at every restart (so they can change)
   * @param firstLine the line written on the child's stdin at every start, or null for none
   */
  public synchronized void start(
      ChildRole role,
      Function<ChildRole, List<String>> arguments,
      Function<ChildRole, String> firstLine)
      throws IOException {
    if (stopping) {
      throw new IllegalStateException("supervisor is stopping");
    }
    Child child = new Child(role, arguments, firstLine);
    children.put(role, child);
    launch(child);
  }

  private void launch(Child child) throws IOException {
    long launchNanos = System.nanoTime();
    Process process =
        launcher.launch(
            child.role, child.arguments.apply(child.role), child.firstLine.apply(child.role));
    child.process = process;
    child.launchedAtNanos = launchNanos;
    child.readyAtNanos = null;
    LOG.info("Started {} as pid {}", child.role.id(), process.pid());
    process.onExit().thenAccept(exited -> onExit(child, exited));
  }

  /**
   * The child's process {@code pid} reported that it is ready: from now on it counts as healthy.
   * Reports of an earlier process of the role (a late heartbeat) and repeats change nothing.
   *
   * @return whether this call marked it ready
   */
  public synchronized boolean markReady(ChildRole role, long pid) {
    Child child = children.get(role);
    if (child == null || child.process.pid() != pid || child.readyAtNanos != null) {
      return false;
    }
    child.readyAtNanos = System.nanoTime();
    LOG.info(
        "{} (pid {}) is ready, {} ms after its launch",
        role.id(),
        pid,
        Duration.ofNanos(child.readyAtNanos - child.launchedAtNanos).toMillis());
    return true;
  }

  private void onExit(Child child, Process exited) {
    String gaveUp = deathOf(child, exited);
    if (gaveUp != null) {
      try {
        onGaveUp.accept(gaveUp);
      } catch (RuntimeException e) {
        LOG.error("The give-up listener failed for {}", child.role.id(), e);
      }
    }
  }

  /** Counts the death and schedules the restart; returns the give-up sentence if over budget. */
  private synchronized String deathOf(Child child, Process exited) {
    if (stopping || child.process != exited) {
      return null;
    }
    LOG.error("{} (pid {}) exited with code {}", child.role.id(), exited.pid(), exited.exitValue());
    long now = System.nanoTime();
    if (child.readyAtNanos != null
        && now - child.readyAtNanos >= policy.healthyAfter().toNanos()
        && !child.recentDeaths.isEmpty()) {
      LOG.info(
          "{} had run healthy for {} s; its {} earlier death(s) no longer count",
          child.role.id(),
          Duration.ofNanos(now - child.readyAtNanos).toSeconds(),
          child.recentDeaths.size());
      child.recentDeaths.clear();
    }
    child.recentDeaths.addLast(now);
    while (!child.recentDeaths.isEmpty()
        && now - child.recentDeaths.peekFirst() > policy.window().toNanos()) {
      child.recentDeaths.removeFirst();
    }
    int deaths = child.recentDeaths.size();
    if (deaths > policy.maxRestarts()) {
      child.gaveUp = true;
      String why =
          child.role.id()
              + " died "
              + deaths
              + " times within "
              + policy.window().toSeconds()
              + " s (more than the "
              + policy.maxRestarts()
              + " restarts allowed); not restarting it again";
      LOG.error("Supervisor gives up: {}", why);
      return why;
    }
    Duration delay = policy.delayFor(deaths);
    LOG.warn(
        "Restarting {} in {} ms (death {} in the window)",
        child.role.id(),
        delay.toMillis(),
        deaths);
    scheduler.schedule(() -> restart(child), delay.toMillis(), TimeUnit.MILLISECONDS);
    return null;
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

  /** How long the running process of {@code role} took from launch to ready; empty before. */
  public synchronized Optional<Duration> launchToReady(ChildRole role) {
    Child child = children.get(role);
    return child == null || child.readyAtNanos == null
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(child.readyAtNanos - child.launchedAtNanos));
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
                    child.gaveUp,
                    child.readyAtNanos != null)));
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
    long stopStart = System.nanoTime();
    for (Process process : processes) {
      try {
        Duration grace =
            launcher.classArchive().map(a -> a.dumpsAtExit(process)).orElse(false)
                ? ARCHIVE_DUMP_GRACE
                : stopGrace;
        // The children stop at the same time: each waits for what is left of its grace.
        long left = grace.toNanos() - (System.nanoTime() - stopStart);
        if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          LOG.warn("pid {} did not stop within {}; killing it", process.pid(), grace);
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
