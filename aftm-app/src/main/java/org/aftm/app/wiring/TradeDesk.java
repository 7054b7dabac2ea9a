package org.aftm.app.wiring;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import org.aftm.adapter.out.persistence.DataDirectoryLock;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.application.service.TradeHistoryService;

/**
 * The composition root of {@code aftm trades} and {@code aftm report}: the data directory's fills,
 * read beside a running main process or without one, valued with the configured costs and counted
 * by the trading calendar in force (as the daily loss limit counts them). Migrates the database
 * only when no main process owns the data directory, as {@link ConditionDesk} does.
 */
public final class TradeDesk implements AutoCloseable {

  private final SqliteDatabase database;
  private final TradeHistoryUseCase history;

  private TradeDesk(AftmConfig config) {
    boolean owned = DataDirectoryLock.isHeld(config.dataDir());
    this.database =
        SqliteDatabase.open(
            config.dataDir(), !owned, SqliteDatabase.SyncMode.valueOf(config.dbSync().name()));
    this.history = history(config, new SqlitePersistenceAdapter(database));
  }

  /**
   * Opens the data directory's database, or returns null when it has none yet (nothing was traded
   * there).
   */
  public static TradeDesk openIfPresent(AftmConfig config) {
    if (!Files.exists(config.dataDir().resolve(SqliteDatabase.FILE_NAME))) {
      return null;
    }
    return new TradeDesk(config);
  }

  /** The trade history over a store, as the main process and the tools build it. */
  static TradeHistoryUseCase history(AftmConfig config, SqlitePersistenceAdapter store) {
    return new TradeHistoryService(store, MainProcess.tradingCalendar(config), config.costs());
  }

  /** Today's trading day by the calendar in force, for a data directory without a database. */
  public static LocalDate today(AftmConfig config) {
    return MainProcess.tradingCalendar(config).tradingDay(Instant.now());
  }

  public TradeHistoryUseCase history() {
    return history;
  }

  @Override
  public void close() {
    database.close();
  }
}
