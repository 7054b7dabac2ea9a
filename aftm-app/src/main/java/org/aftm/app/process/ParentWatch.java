package org.aftm.app.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Ends a child when its parent is gone, so no child outlives the main process: the parent's exit
 * (seen through {@link ProcessHandle#onExit()}) or end-of-file on stdin (the parent's pipe closes
 * when it dies, even by {@code kill -9}), whichever comes first.
 *
 * <p>Starting the watch sets up no logging: a child starts it first thing, before logback (which
 * takes seconds on a busy machine), and a logger is only looked up once the parent is gone.
 */
public final class ParentWatch {

  /** The exit code of a child that had to be halted because its orderly stop took too long. */
  public static final int HALTED_EXIT_CODE = 3;

  /** How long the exit waits for its log line. */
  private static final long LOG_WAIT_MILLIS = 200;

  /** Longest first line read from the parent; the link keys take about 300 bytes. */
  private static final int MAX_LINE_BYTES = 4_096;

  private ParentWatch() {}

  /**
   * Starts watching; {@code onParentGone} runs once, on a watcher thread, after the reason was
   * logged.
   *
   * @param parentPid the parent's pid
   * @param stdin the pipe from the parent, or {@code null} to watch the pid only
   */
  public static void start(long parentPid, InputStream stdin, Runnable onParentGone) {
    watch(
        parentPid,
        stdin,
        null,
        why -> {
          log(why);
          onParentGone.run();
        });
  }

  /**
   * Starts watching; once the parent is gone the process exits in order (its shutdown hooks run),
   * but within {@code bound}: if the JVM still runs then, it is halted with {@link
   * #HALTED_EXIT_CODE}. The parent is gone, so nobody waits for the orderly stop, and a child that
   * lingers holds its ports against the next start.
   */
  public static void exitWhenGone(long parentPid, InputStream stdin, Duration bound) {
    exitWhenGone(parentPid, stdin, bound, null);
  }

  /**
   * As {@link #exitWhenGone(long, InputStream, Duration)}, but the first line the parent writes on
   * the pipe (the child's link keys) goes to {@code firstLine}, on the watcher thread, before the
   * watch for end-of-file begins. End-of-file before a whole line means the parent is gone.
   *
   * @param firstLine receives the line without its line end, or null to read no line
   */
  public static void exitWhenGone(
      long parentPid, InputStream stdin, Duration bound, Consumer<String> firstLine) {
    watch(
        parentPid,
        stdin,
        firstLine,
        why -> {
          // The deadline first: even the logging below may be slow to set up.
          Thread deadline =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(bound.toMillis());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(HALTED_EXIT_CODE);
                  },
                  "exit-deadline");
          deadline.setDaemon(true);
          deadline.start();
          // A child still starting has no logging yet, and setting it up can take seconds: the
          // line is written if that is quick (it is in a running child), the exit does not wait.
          Thread line =
              new Thread(
                  () -> log(why + " (halting in " + bound.toMillis() + " ms unless stopped)"),
                  "parent-gone");
          line.setDaemon(true);
          line.start();
          try {
            line.join(LOG_WAIT_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          System.exit(0);
        });
  }

  private static void watch(
      long parentPid, InputStream stdin, Consumer<String> firstLine, Consumer<String> gone) {
    Consumer<String> once =
        new Consumer<>() {
          private boolean ran;

          @Override
          public synchronized void accept(String why) {
            if (!ran) {
              ran = true;
              gone.accept(why);
            }
          }
        };
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      once.accept("Parent process " + parentPid + " is not running; exiting");
      return;
    }
    parent
        .get()
        .onExit()
        .thenRun(() -> once.accept("Parent process " + parentPid + " exited; stopping"));
    if (stdin != null) {
      Thread reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[64];
                try {
                  if (firstLine != null) {
                    String line = readLine(stdin);
                    if (line == null) {
                      once.accept("Pipe from parent process " + parentPid + " closed; stopping");
                      return;
                    }
                    firstLine.accept(line);
                  }
                  while (stdin.read(buffer) >= 0) {
                    // After the first line the parent writes nothing; only end-of-file matters.
                  }
                } catch (IOException e) {
                  // A broken pipe means the same as end-of-file: the parent is gone.
                }
                once.accept("Pipe from parent process " + parentPid + " closed; stopping");
              },
              "parent-watch");
      reader.setDaemon(true);
      reader.start();
    }
  }

  /**
   * One line of at most {@link #MAX_LINE_BYTES} bytes, read byte by byte so this reader consumes
   * nothing after it (the same stream is then watched for end-of-file); null at end-of-file before
   * the line end. Note that {@code System.in} buffers underneath, so the line's bytes stay in its
   * buffer: the link keys are not wiped in a child (docs/architecture.md §13.1).
   */
  private static String readLine(InputStream stdin) throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
    int next;
    while ((next = stdin.read()) >= 0) {
      if (next == '\n') {
        return line.toString(java.nio.charset.StandardCharsets.US_ASCII);
      }
      if (line.size() >= MAX_LINE_BYTES) {
        throw new IOException("first line from the parent longer than " + MAX_LINE_BYTES);
      }
      line.write(next);
    }
    return null;
  }

  private static void log(String why) {
    LoggerFactory.getLogger(ParentWatch.class).warn(why);
  }
}
