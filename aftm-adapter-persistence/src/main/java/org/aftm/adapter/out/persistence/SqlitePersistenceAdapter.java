package org.aftm.adapter.out.persistence;

import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.aftm.application.port.out.FillHistoryPort;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.application.port.out.RecordFillPort;
import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.application.port.out.SavePositionsPort;
import org.aftm.application.port.out.SessionPort;
import org.aftm.application.port.out.TradingSession;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingStatus;

/**
 * The persistence ports of the application on one {@link SqliteDatabase}: the one object the
 * composition root creates per process and hands out as each port. Each table has its own small
 * class in this package; this one only delegates.
 *
 * <p>Every write is committed (and, with the default sync mode, on disk) before its method returns.
 * A write the disk refuses (full, failing, read-only) throws a {@link StorageFaultException} and
 * leaves nothing of itself behind; a damaged file throws a {@link CorruptDatabaseException}; both
 * are {@link PersistenceException}s. Thread-safe. Closing the database is the caller's job.
 */
public final class SqlitePersistenceAdapter
    implements LoadConditionsPort,
        SaveConditionStatePort,
        RegisterConditionPort,
        OrderAuditPort,
        OrderJournalPort,
        RecordFillPort,
        FillHistoryPort,
        SavePositionsPort,
        SessionPort,
        TradingStatePort {

  private final SqliteConditions conditions;
  private final SqliteOrderAudit orders;
  private final SqliteOrderJournal journal;
  private final SqliteFills fills;
  private final SqlitePositions positions;
  private final SqliteSession session;
  private final SqliteTradingState tradingState;

  /** Stamps rows with the system clock. */
  public SqlitePersistenceAdapter(SqliteDatabase database) {
    this(database, InstantSource.system());
  }

  /** Stamps rows (created, updated, saved times) with {@code clock}. */
  public SqlitePersistenceAdapter(SqliteDatabase database, InstantSource clock) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(clock, "clock");
    this.conditions = new SqliteConditions(database, clock);
    this.orders = new SqliteOrderAudit(database);
    this.journal = new SqliteOrderJournal(database);
    this.fills = new SqliteFills(database, clock);
    this.positions = new SqlitePositions(database, clock);
    this.session = new SqliteSession(database, clock);
    this.tradingState = new SqliteTradingState(database, clock);
  }

  @Override
  public List<ConditionSnapshot> loadActiveConditions() {
    return conditions.loadActiveConditions();
  }

  @Override
  public List<ConditionSnapshot> loadAllConditions() {
    return conditions.loadAllConditions();
  }

  @Override
  public ConditionListing loadConditionListing(boolean includeExited) {
    return conditions.loadConditionListing(includeExited);
  }

  @Override
  public Optional<ConditionSnapshot> loadCondition(long id) {
    return conditions.loadCondition(id);
  }

  @Override
  public boolean saveConditionState(ConditionSnapshot snapshot) {
    return conditions.saveConditionState(snapshot);
  }

  @Override
  public ConditionSnapshot insertCondition(ConditionSpec spec) {
    return conditions.insertCondition(spec);
  }

  @Override
  public boolean deleteCondition(long id) {
    return conditions.deleteCondition(id);
  }

  /**
   * Records the request; its row is also the order's lifecycle, {@code submitted} until the order
   * journal records a change.
   *
   * @throws PersistenceException when the client order id is already recorded
   */
  @Override
  public long recordRequest(
      OrderRequest request, String closesClientOrderId, OrderSender sender, long epochMillis) {
    return orders.recordRequest(request, closesClientOrderId, sender, epochMillis);
  }

  /**
   * Who sent the order with this client order id, as the audit recorded it ({@link
   * OrderSender#UNRECORDED} for an order recorded before schema version 5), or empty when no such
   * order was recorded.
   */
  public Optional<OrderSender> findSenderByClientOrderId(String clientOrderId) {
    return orders.findSenderByClientOrderId(clientOrderId);
  }

  /**
   * Records the answer. A refusal makes a still submitted order {@code rejected}; any other answer
   * leaves the state the order journal keeps.
   *
   * @throws PersistenceException when the audit id is unknown or already answered
   */
  @Override
  public void recordResult(long auditId, OrderResult result, long epochMillis) {
    orders.recordResult(auditId, result, epochMillis);
  }

  /**
   * The recorded answer, with the filled quantity as last known (the order journal's once it
   * recorded a change), or an {@code ORDER_EXECUTION_ERROR} refusal when the request was recorded
   * but never answered (the gateway stopped mid-order), so a retry never places twice.
   */
  @Override
  public Optional<OrderResult> findResultByClientOrderId(String clientOrderId) {
    return orders.findResultByClientOrderId(clientOrderId);
  }

  @Override
  public List<UnansweredRequest> findRequestsWithoutResult(
      long fromMillis, long beforeMillis, int limit) {
    return orders.findRequestsWithoutResult(fromMillis, beforeMillis, limit);
  }

  /**
   * @throws IllegalArgumentException when {@code fill} belongs to another order
   * @throws PersistenceException when no request with the order's client order id was recorded
   */
  @Override
  public void recordOrderChange(Order order, Fill fill, long epochMillis) {
    journal.recordOrderChange(order, fill, epochMillis);
  }

  @Override
  public void recordOrderChanges(List<OrderChange> changes) {
    journal.recordOrderChanges(changes);
  }

  @Override
  public Optional<Order> loadOrder(String clientOrderId) {
    return journal.loadOrder(clientOrderId);
  }

  @Override
  public List<Order> loadOrdersClosing(String entryClientOrderId) {
    return journal.loadOrdersClosing(entryClientOrderId);
  }

  @Override
  public List<Order> loadWorkingOrders() {
    return journal.loadWorkingOrders();
  }

  @Override
  public void recordFill(Fill fill) {
    fills.recordFill(fill);
  }

  /** The fills recorded for one order account, oldest first: for the operator's listing. */
  public List<Fill> loadFills(String orderAccount) {
    return fills.loadFills(orderAccount);
  }

  /** The fills recorded for one order, oldest first: for the operator's listing. */
  public List<Fill> loadFillsOfOrder(String clientOrderId) {
    return fills.loadFillsOfOrder(clientOrderId);
  }

  /**
   * @throws IllegalArgumentException when a position belongs to another account
   */
  @Override
  public void savePositions(String account, List<Position> positionsOfAccount) {
    positions.savePositions(account, positionsOfAccount);
  }

  @Override
  public List<Position> loadPositions(String account) {
    return positions.loadPositions(account);
  }

  @Override
  public void saveSession(TradingSession tradingSession) {
    session.saveSession(tradingSession);
  }

  @Override
  public Optional<TradingSession> loadSession() {
    return session.loadSession();
  }

  @Override
  public Optional<TradingStatus> loadTradingStatus() {
    return tradingState.loadTradingStatus();
  }

  @Override
  public void saveTradingStatus(TradingStatus status) {
    tradingState.saveTradingStatus(status);
  }

  @Override
  public Optional<Long> loadDailyRealizedPnl(LocalDate tradingDay) {
    return tradingState.loadDailyRealizedPnl(tradingDay);
  }

  /** Replaces the day's realized P&amp;L; the row is stamped with the adapter's clock. */
  @Override
  public void saveDailyRealizedPnl(LocalDate tradingDay, long realizedPnlUnits) {
    tradingState.saveDailyRealizedPnl(tradingDay, realizedPnlUnits);
  }

  @Override
  public void recordReconciliationDecision(String decision, String differences, long atMillis) {
    tradingState.recordReconciliationDecision(decision, differences, atMillis);
  }

  @Override
  public List<FillHistoryPort.RecordedFill> loadFillsBefore(long beforeMillis) {
    return fills.loadFillsBefore(beforeMillis);
  }

  @Override
  public Map<String, Long> pointValues() {
    return positions.pointValues();
  }
}
