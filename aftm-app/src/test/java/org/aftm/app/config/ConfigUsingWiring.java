package org.aftm.app.config;

import org.aftm.app.wiring.MainProcess;

/**
 * A deliberate violation for {@link org.aftm.app.ArchitectureRulesBiteTest}: an inner app package
 * that uses a composition root. Test code only; never imported by {@link
 * org.aftm.app.ArchitectureTest}.
 */
public final class ConfigUsingWiring {

  private ConfigUsingWiring() {}

  public static String itemOf(MainProcess main) {
    return main.itemCode();
  }
}
