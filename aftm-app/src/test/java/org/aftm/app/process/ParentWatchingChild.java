package org.aftm.app.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for tests: watches its parent with {@link ParentWatch} over stdin, says "watching",
 * and blocks. Exits 0 only through the watch; any other way out exits 4. With the argument {@code
 * stubborn} its shutdown hook never finishes and it exits through {@link ParentWatch#exitWhenGone}
 * (500 ms): only the halt can end it. With {@code keys} it prints the first line its parent writes
 * on stdin, then watches for end-of-file.
 */
public final class ParentWatchingChild {

  private ParentWatchingChild() {}

  public static void main(String[] args) throws InterruptedException {
    long parentPid = ProcessHandle.current().parent().orElseThrow().pid();
    boolean stubborn = args.length > 0 && args[0].equals("stubborn");
    if (stubborn) {
      CountDownLatch never = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      never.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    if (args.length > 0 && args[0].equals("keys")) {
      // As a real child: the first line on stdin (its link keys), then the watch for end-of-file.
      ParentWatch.exitWhenGone(
          parentPid,
          System.in,
          Duration.ofMillis(500),
          line -> {
            System.out.println("first line: " + line);
            System.out.flush();
          });
    } else if (stubborn) {
      ParentWatch.exitWhenGone(parentPid, System.in, Duration.ofMillis(500));
    } else {
      ParentWatch.start(parentPid, System.in, () -> System.exit(0));
    }
    System.out.println("watching");
    System.out.flush();
    new CountDownLatch(1).await();
    System.exit(4);
  }
}
