package org.aftm.app.cli;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aftm.app.process.ParentWatch;

/**
 * Starts a child process's {@link ParentWatch} from its raw arguments, first thing in {@code main}:
 * before picocli builds the command line and before logback starts, which on a busy machine take
 * seconds. A child forked just before its parent died (a restart when the main process was killed)
 * so exits within moments instead of finishing its start and holding its ports. No logger here on
 * purpose: looking one up would start logback.
 */
final class EarlyParentWatch {

  /** How long the orderly stop may take once the parent is gone; then the JVM is halted. */
  static final Duration EXIT_BOUND = Duration.ofMillis(1_500);

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  /** The first line on stdin: the child's link keys, which the parent writes right after start. */
  private static final CompletableFuture<String> KEYS_LINE = new CompletableFuture<>();

  private EarlyParentWatch() {}

  /** Starts the watch when {@code args} are those of {@code aftm child ... --parent-pid N}. */
  static void startIfChild(String[] args) {
    parentPid(args).ifPresent(EarlyParentWatch::start);
  }

  /** Starts the watch of {@code parentPid}, unless it runs already. */
  static void start(long parentPid) {
    if (STARTED.compareAndSet(false, true)) {
      ParentWatch.exitWhenGone(parentPid, System.in, EXIT_BOUND, KEYS_LINE::complete);
    }
  }

  /**
   * The line of link keys the parent wrote on stdin, waiting for it up to {@code wait}.
   *
   * @throws BadInputException when none came in time (the child was not started by a parent that
   *     writes keys)
   */
  static String keysLine(Duration wait) throws InterruptedException {
    try {
      return KEYS_LINE.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new BadInputException(
          "no link keys from the parent process on stdin within " + wait.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The parent's pid of a {@code child} command line, or empty for any other command. */
  static OptionalLong parentPid(String[] args) {
    if (args.length == 0 || !args[0].equals("child")) {
      return OptionalLong.empty();
    }
    for (int i = 1; i < args.length; i++) {
      String value = null;
      if (args[i].equals("--parent-pid") && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith("--parent-pid=")) {
        value = args[i].substring("--parent-pid=".length());
      }
      if (value != null) {
        try {
          return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
          return OptionalLong.empty(); // picocli will say what is wrong with it
        }
      }
    }
    return OptionalLong.empty();
  }
}
