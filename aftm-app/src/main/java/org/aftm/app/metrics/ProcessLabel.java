package org.aftm.app.metrics;

import org.aftm.app.process.ChildRole;

/** The {@code process} label's values: {@code main}, {@code strategy}, {@code executor}. */
public final class ProcessLabel {

  public static final String KEY = "process";
  public static final String MAIN = "main";

  private ProcessLabel() {}

  /** The label value of a child role. */
  public static String of(ChildRole role) {
    return role == ChildRole.STRATEGY ? "strategy" : "executor";
  }
}
