package org.aftm.app.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a child when its parent is gone, so no child outlives the main process: the parent's exit
 * (seen through {@link ProcessHandle#onExit()}) or end-of-file on stdin (the parent's pipe closes
 * when it dies, even by {@code kill -9}), whichever comes first.
 */
public final class ParentWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

  /** The exit code of a child that had to be halted because its orderly stop took too long. */
  public static final int HALTED_EXIT_CODE = 3;

  private ParentWatch() {}

  /**
   * What a child does when its parent is gone: an orderly exit (the shutdown hooks run), bounded by
   * {@code bound}: if the JVM still runs then, it is halted. The parent is gone, so nobody waits
   * for the orderly stop, and a child that lingers holds its ports against the next start.
   */
  public static Runnable exitWithin(Duration bound) {
    return () -> {
      Thread deadline =
          new Thread(
              () -> {
                try {
                  Thread.sleep(bound.toMillis());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                LOG.error("Orderly stop took longer than {} ms; halting", bound.toMillis());
                Runtime.getRuntime().halt(HALTED_EXIT_CODE);
              },
              "exit-deadline");
      deadline.setDaemon(true);
      deadline.start();
      System.exit(0);
    };
  }

  /**
   * Starts watching; {@code onParentGone} runs once, on a watcher thread.
   *
   * @param parentPid the parent's pid
   * @param stdin the pipe from the parent, or {@code null} to watch the pid only
   */
  public static void start(long parentPid, InputStream stdin, Runnable onParentGone) {
    Runnable once =
        new Runnable() {
          private boolean ran;

          @Override
          public synchronized void run() {
            if (!ran) {
              ran = true;
              onParentGone.run();
            }
          }
        };
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      LOG.error("Parent process {} is not running; exiting", parentPid);
      once.run();
      return;
    }
    parent
        .get()
        .onExit()
        .thenRun(
            () -> {
              LOG.warn("Parent process {} exited; stopping", parentPid);
              once.run();
            });
    if (stdin != null) {
      Thread reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[64];
                try {
                  while (stdin.read(buffer) >= 0) {
                    // The parent never writes; any bytes are ignored. Only end-of-file matters.
                  }
                } catch (IOException e) {
                  LOG.debug("stdin read failed", e);
                }
                LOG.warn("Pipe from parent process {} closed; stopping", parentPid);
                once.run();
              },
              "parent-watch");
      reader.setDaemon(true);
      reader.start();
    }
  }
}
