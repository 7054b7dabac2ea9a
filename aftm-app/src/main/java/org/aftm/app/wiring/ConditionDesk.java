package org.aftm.app.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.aftm.adapter.out.persistence.DataDirectoryLock;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.security.LinkKeyStore;
import org.aftm.app.session.RunningSession;
import org.aftm.application.port.in.DeleteConditionUseCase;
import org.aftm.application.port.in.RegisterConditionUseCase;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.application.port.out.TradingSession;
import org.aftm.application.service.ConditionCatalogService;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The composition root of {@code aftm condition}: the conditions store of the data directory and,
 * when a main process runs on it, the way to tell its strategy. The store is migrated only when no
 * main process owns the data directory; a running one already migrated it, and two processes must
 * never migrate one database.
 */
public final class ConditionDesk implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConditionDesk.class);
  private static final Duration POLL = Duration.ofMillis(50);

  private final AftmConfig config;
  private final SqliteDatabase database;
  private final SqlitePersistenceAdapter store;
  private final ConditionCatalogService catalog;
  private final Optional<RunningSession> running;

  private ConditionDesk(AftmConfig config) {
    this.config = config;
    this.running = RunningSession.find(config.dataDir());
    boolean owned = running.isPresent() || DataDirectoryLock.isHeld(config.dataDir());
    this.database =
        SqliteDatabase.open(
            config.dataDir(), !owned, SqliteDatabase.SyncMode.valueOf(config.dbSync().name()));
    this.store = new SqlitePersistenceAdapter(database);
    this.catalog = new ConditionCatalogService(store, store, () -> rules(config));
  }

  /** Opens the data directory's store. */
  public static ConditionDesk open(AftmConfig config) {
    return new ConditionDesk(config);
  }

  /**
   * What {@code aftm condition add} checks a condition against. A running main process cannot be
   * asked for its broker's contracts, so this is the configured simulator's listing (TXF and MXF,
   * front and next month, limits ±10% of AFTM_SIM_START_PRICE): exactly what the simulated broker
   * lists, and what a FIX broker falls back on when its venue lists nothing.
   */
  public static ConditionRules rules(AftmConfig config) {
    return new ConditionRules(SimulatedBrokers.contracts(config), config.maxOrderQuantity());
  }

  /** Whether the data directory has a database yet. */
  public static boolean hasDatabase(AftmConfig config) {
    return Files.exists(config.dataDir().resolve(SqliteDatabase.FILE_NAME));
  }

  public Path databaseFile() {
    return config.dataDir().resolve(SqliteDatabase.FILE_NAME).toAbsolutePath();
  }

  public RegisterConditionUseCase register() {
    return catalog;
  }

  public DeleteConditionUseCase delete() {
    return catalog;
  }

  public Optional<ConditionSnapshot> find(long id) {
    return store.loadCondition(id);
  }

  /** The last session's registered item (the first, when several), if any. */
  public Optional<String> sessionItem() {
    return sessionItems().stream().findFirst();
  }

  /** The last session's registered items (stored comma-separated), empty when none. */
  public List<String> sessionItems() {
    return store
        .loadSession()
        .map(TradingSession::itemCode)
        .map(items -> java.util.Arrays.stream(items.split(",")).filter(i -> !i.isBlank()).toList())
        .orElse(List.of());
  }

  /** The main process running on this data directory, if any. */
  public Optional<RunningSession> running() {
    return running;
  }

  /** What became of a change relayed to the running strategy. */
  public enum Activation {
    /** The strategy acknowledged it. */
    ACTIVE,
    /** A main process runs, but its strategy did not acknowledge within the time allowed. */
    NOT_CONFIRMED,
    /** No main process runs on this data directory: the change applies at its next start. */
    NOT_RUNNING,
    /**
     * A main process serves (the operator's console) but has not started its strategy: the change
     * applies when the strategy starts.
     */
    STRATEGY_NOT_STARTED
  }

  /**
   * Tells the running strategy of a stored change and waits up to {@code timeout} for its
   * acknowledgement.
   */
  public Activation relay(ConditionCommand.Change change, long conditionId, Duration timeout) {
    if (running.isEmpty()) {
      return Activation.NOT_RUNNING;
    }
    if (!running.get().strategyStarted()) {
      return Activation.STRATEGY_NOT_STARTED;
    }
    String endpoint = running.get().gatewayEndpoint();
    try (ZContext context = LinkContext.open();
        ZmqOrderGatewayClient gateway =
            new ZmqOrderGatewayClient(
                    context, endpoint, Duration.ofMillis(config.gatewayRequestTimeoutMs()), 1)
                .securedBy(LinkKeyStore.operatorClient(config.dataDir(), config.linkSecurity()))
                .proveFreshConnections()) {
      long commandId = gateway.relayConditionChange(change, conditionId);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (gateway.isCommandAcknowledged(commandId)) {
          return Activation.ACTIVE;
        }
        // A short pause between polls of the gateway; the operator waits at most `timeout`.
        Thread.sleep(POLL.toMillis());
      }
      return Activation.NOT_CONFIRMED;
    } catch (OrderGatewayUnavailableException e) {
      LOG.warn("The running main process at {} did not answer: {}", endpoint, e.getMessage());
      return Activation.NOT_CONFIRMED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Activation.NOT_CONFIRMED;
    }
  }

  /**
   * Conditions as the operator lists them, finished ones included when asked; rows that cannot be
   * shown apart.
   */
  public ConditionListing listing(boolean all) {
    return catalog.conditionListing(all);
  }

  /** Conditions, finished ones included when asked. */
  public List<ConditionSnapshot> conditions(boolean all) {
    return catalog.listConditions(all);
  }

  @Override
  public void close() {
    database.close();
  }
}
