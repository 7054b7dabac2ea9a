package org.aftm.app.process;

import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for tests that runs until it is stopped. With the argument {@code stubborn} its
 * shutdown hook never finishes, so a polite SIGTERM cannot end it and only a kill can.
 */
public final class SleepingChild {

  private SleepingChild() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    if (args.length > 0 && args[0].equals("stubborn")) {
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
    System.out.println("ready");
    System.out.flush();
    never.await();
  }
}
