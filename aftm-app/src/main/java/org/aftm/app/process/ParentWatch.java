package org.aftm.app.process;

import java.io.IOException;
import java.io.InputStream;
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

  private ParentWatch() {}

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
