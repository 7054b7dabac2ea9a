package org.aftm.app.process;

import java.util.TreeSet;

/** A child JVM for tests: prints the names of its environment variables, one a line, then exits. */
public final class EnvironmentPrintingChild {

  private EnvironmentPrintingChild() {}

  public static void main(String[] args) {
    for (String name : new TreeSet<>(System.getenv().keySet())) {
      System.out.println("env " + name);
    }
    System.out.println("args " + String.join(" ", args));
    System.out.flush();
  }
}
