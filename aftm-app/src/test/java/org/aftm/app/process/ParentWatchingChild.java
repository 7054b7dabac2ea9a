package org.aftm.app.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for tests: watches its parent with {@link ParentWatch} over stdin, says "watching",
 * and blocks. Exits 0 only through the watch; any other way out exits 4. With the argument {@code
 * stubborn} its shutdown hook never finishes and it exits through {@link ParentWatch#exitWhenGone}
 * (500 ms): only the halt can end it.
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
    if (stubborn) {
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
