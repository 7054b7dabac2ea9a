package org.aftm.app.process;

/** A child JVM for tests: says when it started, then dies with exit code 3 at once. */
public final class FailingChild {

  private FailingChild() {}

  public static void main(String[] args) {
    System.out.println("started " + System.currentTimeMillis());
    System.out.flush();
    System.exit(3);
  }
}
