package org.aftm.adapter.out.sim;

import org.aftm.adapter.out.persistence.SqliteDatabase;

/**
 * A deliberate violation for {@link org.aftm.app.ArchitectureRulesBiteTest}: one adapter that uses
 * another. Test code only; never imported by {@link org.aftm.app.ArchitectureTest}.
 */
public final class SimUsingPersistence {

  private SimUsingPersistence() {}

  public static String fileOf(SqliteDatabase database) {
    return database.file().toString();
  }
}
