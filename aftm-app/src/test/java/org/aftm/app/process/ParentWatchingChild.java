package org.aftm.app.process;

import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for tests: watches its parent with {@link ParentWatch} over stdin, says "watching",
 * and blocks. Exits 0 only through the watch; any other way out exits 4.
 */
public final class ParentWatchingChild {

  private ParentWatchingChild() {}

  public static void main(String[] args) throws InterruptedException {
    long parentPid = ProcessHandle.current().parent().orElseThrow().pid();
    ParentWatch.start(parentPid, System.in, () -> System.exit(0));
    System.out.println("watching");
    System.out.flush();
    new CountDownLatch(1).await();
    System.exit(4);
  }
}
