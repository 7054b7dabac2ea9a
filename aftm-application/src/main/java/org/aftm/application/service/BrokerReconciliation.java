package org.aftm.application.service;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.OrderAuditPort;
import org.aftm.application.port.out.OrderAuditPort.UnansweredRequest;
import org.aftm.application.port.out.OrderJournalPort;
import org.aftm.application.port.out.SavePositionsPort;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.order.Order;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciliation before trading (docs/architecture.md §12): brings the main process into agreement
 * with the broker at start, and compares the two again on the operator's {@code aftm reconcile}.
 *
 * <p>What it compares, as {@link Difference} kinds: {@code stored_position} (at start: the broker's
 * net lots against the positions stored as last known, before the portfolio adopts the broker's);
 * {@code position} (on demand: against the live portfolio, built from fills); {@code conditions}
 * (against the sum over conditions of their signed {@code entry_filled − exit_filled}); {@code
 * open_order} (an order working at the broker that AFTM does not hold as working, or the other way
 * round); {@code audit} (an order whose recorded answer says the broker took it, but that the
 * broker does not know).
 *
 * <p>Before comparing, it asks the broker, by client order id, about every order left submitted or
 * unknown and every request the audit trail recorded without an answer (a crash between the audit
 * and the answer; looked for over the last {@link #UNANSWERED_LOOKBACK}, from runs before this
 * one), moves the lifecycle to the broker's word and records that word as the missing answer.
 *
 * <p>Trading rules: any difference halts trading ({@link ControlTradingUseCase#halt}) with a reason
 * starting {@value #HALT_PREFIX}, unless it is already halted (an operator's halt keeps its own
 * reason). Neither {@link #reconcileAtStart} nor {@link #reconcile} ever resumes: a stored position
 * that disagreed at start cannot be seen again once the portfolio adopted the broker's, so only the
 * operator ends a reconciliation halt. {@link #acceptBroker} resumes if, and only if, trading is
 * halted with a reason starting {@value #HALT_PREFIX} (a halt of this class); any other halt or
 * reduce stays.
 *
 * <p>Threads: {@link #reconcileAtStart} runs on the starting thread before the lifecycle listens to
 * the broker; {@link #reconcile} and {@link #acceptBroker} may run on the gateway's or the status
 * server's thread while broker events arrive. This object's monitor serialises reconciliations
 * (nobody else takes it); no other lock is held across a broker call: the lifecycle and the
 * portfolio take their own monitors per call. While trading runs, a comparison is taken twice and
 * only what both see counts, so an event in flight between the broker's record and the lifecycle is
 * not reported; requests of this run still waiting for the broker's answer are left out.
 */
public final class BrokerReconciliation implements ReconcileUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerReconciliation.class);

  /** How far back unanswered requests of earlier runs are looked for. */
  static final Duration UNANSWERED_LOOKBACK = Duration.ofDays(7);

  /** Most unanswered requests resolved per reconciliation. */
  static final int MAX_UNANSWERED = 1_000;

  /** The start of the reason of a halt this class requested, and of nothing else. */
  public static final String HALT_PREFIX = "reconciliation";

  /** How many differences a halt reason names before "and N more". */
  private static final int REASON_DIFFERENCES = 5;

  private final String account;
  private final ExchangeApi exchange;
  private final Portfolio portfolio;
  private final OrderLifecycle lifecycle;
  private final OrderJournalPort journal;
  private final OrderAuditPort audit;
  private final LoadConditionsPort conditions;
  private final SavePositionsPort storedPositions;
  private final TradingStatePort tradingState;
  private final ControlTradingUseCase trading;
  private final InstantSource clock;

  /** Requests recorded before this are from earlier runs; later ones may be in flight. */
  private final long startedAtMillis;

  /** Instruments not judged at start (orders were on their way); guarded by this. */
  private final Set<String> notJudgedAtStart = new HashSet<>();

  /**
   * @param account the order account reconciled
   * @param storedPositions the positions stored as last known, compared at start and replaced when
   *     the operator accepts the broker's
   * @param tradingState where the operator's decision is recorded
   * @param trading halted on a difference, resumed after an accepted reconciliation halt
   */
  public BrokerReconciliation(
      String account,
      ExchangeApi exchange,
      Portfolio portfolio,
      OrderLifecycle lifecycle,
      OrderJournalPort journal,
      OrderAuditPort audit,
      LoadConditionsPort conditions,
      SavePositionsPort storedPositions,
      TradingStatePort tradingState,
      ControlTradingUseCase trading,
      InstantSource clock) {
    this.account = Objects.requireNonNull(account, "account");
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.portfolio = Objects.requireNonNull(portfolio, "portfolio");
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    this.storedPositions = Objects.requireNonNull(storedPositions, "storedPositions");
    this.tradingState = Objects.requireNonNull(tradingState, "tradingState");
    this.trading = Objects.requireNonNull(trading, "trading");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.startedAtMillis = clock.millis();
  }

  /**
   * At start, once, before the lifecycle hears any broker event: compares the broker's positions
   * with the stored ones, lets the (fresh) portfolio adopt the broker's, restores the orders a
   * previous run left working and moves each to the broker's word, resolves unanswered requests,
   * then compares conditions and open orders. Halts trading on any difference.
   *
   * @throws org.aftm.application.port.out.ExchangeException when the broker cannot be asked: the
   *     main process must not start trading blind
   */
  public synchronized ReconciliationReport reconcileAtStart() {
    List<Position> broker = exchange.positions(account);
    List<Order> working = journal.loadWorkingOrders();
    List<ConditionSnapshot> storedConditions = conditions.loadAllConditions();
    List<UnansweredRequest> unanswered = unansweredOfEarlierRuns();
    Set<String> inFlight = itemsInFlightAtLastStop(working, unanswered, storedConditions);
    List<Difference> differences =
        new ArrayList<>(
            settledOnly(
                ReconciliationDifferences.positions(
                    ReconciliationDifferences.STORED_POSITION,
                    account,
                    broker,
                    storedPositions.loadPositions(account)),
                inFlight));
    portfolio.adopt(broker);
    lifecycle.restore(working);
    Map<String, Optional<OrderUpdate>> asked = new HashMap<>();
    for (Order order : working) {
      Optional<OrderUpdate> state = ask(asked, order.clientOrderId());
      if (state.isEmpty()) {
        auditSaysSent(order.clientOrderId())
            .ifPresent(
                sent ->
                    differences.add(
                        new Difference(
                            ReconciliationDifferences.AUDIT,
                            order.clientOrderId(),
                            "never received",
                            sent)));
      }
      lifecycle.recover(order.clientOrderId(), state.orElse(null));
    }
    resolveUnanswered(asked, unanswered);
    differences.addAll(openOrders(Set.of()));
    differences.addAll(
        settledOnly(
            ReconciliationDifferences.conditions(account, broker, storedConditions), inFlight));
    ReconciliationReport report = new ReconciliationReport(asked.size(), differences, false);
    conclude(report, "reconciliation at start");
    return report;
  }

  /**
   * The instruments with an order on its way when the last run stopped: an order the journal left
   * working, a request the audit holds without an answer, or a condition stored with an order out.
   * What the database says of their positions may lag the broker by those orders' fills (the
   * journal, the positions and the conditions are written apart, after the fact), so a difference
   * there proves nothing at start; they are compared by the check once the system has settled
   * ({@link #reconcile()}).
   */
  private Set<String> itemsInFlightAtLastStop(
      List<Order> working,
      List<UnansweredRequest> unanswered,
      List<ConditionSnapshot> storedConditions) {
    Set<String> items = new HashSet<>();
    working.forEach(order -> items.add(order.request().itemCode()));
    unanswered.forEach(request -> items.add(request.request().itemCode()));
    for (ConditionSnapshot condition : storedConditions) {
      if (condition.hasOrderOut()) {
        items.add(condition.spec().itemCode());
      }
    }
    return items;
  }

  /**
   * Whether the start left instruments unjudged because orders were on their way: {@link
   * #reconcileOnceSettled} then owes them a check.
   */
  public synchronized boolean owesSettledCheck() {
    return !notJudgedAtStart.isEmpty();
  }

  /**
   * The check the start owed, once the system has settled: no order working and no condition with
   * an order out, on two looks {@code pause} apart (the strategy stores its conditions after the
   * fact). Then the whole comparison of {@link #reconcile()} runs, and halts trading on a
   * difference.
   *
   * @return whether the check ran; false when the system was not settled, to be tried again later
   */
  public boolean reconcileOnceSettled(Duration pause) throws InterruptedException {
    synchronized (this) {
      if (notJudgedAtStart.isEmpty()) {
        return true;
      }
    }
    if (!settled()) {
      return false;
    }
    Thread.sleep(pause.toMillis());
    if (!settled()) {
      return false;
    }
    ReconciliationReport report;
    synchronized (this) {
      if (!settled()) {
        return false;
      }
      report = reconcile();
      notJudgedAtStart.clear();
    }
    if (report.agrees()) {
      LOG.info("Reconciliation once settled: broker and AFTM agree");
    }
    return true;
  }

  private boolean settled() {
    if (lifecycle.workingCount() > 0) {
      return false;
    }
    for (ConditionSnapshot condition : conditions.loadAllConditions()) {
      if (condition.hasOrderOut()) {
        return false;
      }
    }
    return true;
  }

  private List<Difference> settledOnly(List<Difference> differences, Set<String> inFlight) {
    List<Difference> settled = new ArrayList<>();
    for (Difference difference : differences) {
      if (inFlight.contains(difference.subject())) {
        notJudgedAtStart.add(difference.subject());
        LOG.info(
            "Reconciliation at start: {} not judged yet, orders in {} were on their way at the"
                + " last stop; checked again once settled",
            ReconciliationDifferences.line(difference),
            difference.subject());
      } else {
        settled.add(difference);
      }
    }
    return settled;
  }

  /**
   * Resolves unknown and unanswered orders, then compares the broker with the live portfolio, the
   * conditions and the lifecycle's working orders; halts trading on a difference (unless already
   * halted). Never resumes.
   *
   * @throws org.aftm.application.port.out.ExchangeException when the broker cannot be asked
   */
  @Override
  public synchronized ReconciliationReport reconcile() {
    int resolved = resolveWhileRunning();
    ReconciliationReport report = new ReconciliationReport(resolved, confirmedDifferences(), false);
    conclude(report, "reconciliation on demand");
    return report;
  }

  /**
   * Takes the broker's view: orders AFTM holds as working that the broker does not are moved to the
   * broker's word, the portfolio adopts the broker's positions (instruments it does not list become
   * flat) and stores them as last known, the decision is recorded with the differences it accepted,
   * and trading resumes if it was halted by a reconciliation. Conditions are not changed: those
   * whose open lots the broker does not hold stay as they are and appear in the report (as {@code
   * conditions} differences) as accepted; so do orders working at the broker that AFTM does not
   * know, which AFTM cannot adopt.
   *
   * @param note the operator's reason, recorded with the decision; may be empty
   */
  @Override
  public synchronized ReconciliationReport acceptBroker(String note) {
    String reason = note == null ? "" : note.strip();
    int resolved = resolveWhileRunning();
    List<Difference> accepted = differences();
    Set<String> brokerWorking = ids(exchange.workingOrders(account));
    Set<String> inFlight = inFlight();
    for (Order order : lifecycle.workingOrders()) {
      String id = order.clientOrderId();
      if (!brokerWorking.contains(id) && !inFlight.contains(id)) {
        lifecycle.recover(id, exchange.orderState(id).orElse(null));
      }
    }
    portfolio.adoptAccount(account, exchange.positions(account));
    storedPositions.savePositions(account, portfolio.positions(account));
    String decision = "accept_broker" + (reason.isEmpty() ? "" : ": " + reason);
    tradingState.recordReconciliationDecision(
        decision,
        accepted.isEmpty()
            ? "none"
            : accepted.stream()
                .map(ReconciliationDifferences::line)
                .collect(Collectors.joining("; ")),
        clock.millis());
    for (Difference difference : accepted) {
      LOG.warn(
          "Reconciliation: accepted the broker's view of {}",
          ReconciliationDifferences.line(difference));
    }
    TradingStatus status = trading.tradingStatus();
    if (status.state() == TradingState.HALTED && status.reason().startsWith(HALT_PREFIX)) {
      trading.resume(
          HALT_PREFIX
              + ": the operator accepted the broker's view"
              + (reason.isEmpty() ? "" : " (" + reason + ")"));
    } else {
      LOG.info(
          "Reconciliation: broker's view accepted; trading stays {} ({})",
          status.state().wire(),
          status.reason());
    }
    return new ReconciliationReport(resolved, accepted, true);
  }

  /** Requests of earlier runs (up to this process's start) that have no recorded answer. */
  private List<UnansweredRequest> unansweredOfEarlierRuns() {
    return audit.findRequestsWithoutResult(
        startedAtMillis - UNANSWERED_LOOKBACK.toMillis(), startedAtMillis, MAX_UNANSWERED);
  }

  /** Settles unknown orders with the broker and resolves unanswered requests of earlier runs. */
  private int resolveWhileRunning() {
    Map<String, Optional<OrderUpdate>> asked = new HashMap<>();
    for (Order order : lifecycle.workingOrders()) {
      if (order.state() == OrderState.UNKNOWN) {
        lifecycle.resolve(order.clientOrderId(), ask(asked, order.clientOrderId()).orElse(null));
      }
    }
    resolveUnanswered(asked, unansweredOfEarlierRuns());
    return asked.size();
  }

  /**
   * Requests of earlier runs without a recorded answer: asks the broker (unless already asked) and
   * records its word as the answer, so a repeated {@code send_order} gets it instead of an "unknown
   * outcome" refusal. An order the broker never received is answered {@code NOT_RECEIVED}, which
   * makes its row rejected.
   */
  private void resolveUnanswered(
      Map<String, Optional<OrderUpdate>> asked, List<UnansweredRequest> unanswered) {
    long now = clock.millis();
    for (UnansweredRequest request : unanswered) {
      String id = request.request().clientOrderId();
      Optional<OrderUpdate> state = ask(asked, id);
      OrderResult answer =
          state
              .map(
                  update ->
                      OrderResult.accepted(
                          request.request().note(),
                          lifecycle.find(id).map(Order::orderSerial).orElse(""),
                          id,
                          update.state(),
                          update.filledQuantity()))
              .orElseGet(
                  () ->
                      OrderResult.rejected(
                          request.request().note(),
                          "NOT_RECEIVED",
                          "the broker never received it (found at reconciliation)",
                          id));
      try {
        audit.recordResult(request.auditId(), answer, now);
        LOG.info(
            "Reconciliation: unanswered request {} ({}, sent by {}) resolved with the broker: {}",
            request.auditId(),
            id,
            request.sender(),
            state.map(ReconciliationDifferences::describe).orElse("never received"));
      } catch (RuntimeException e) {
        // The next reconciliation tries again; the lifecycle already holds the broker's word.
        LOG.warn(
            "Reconciliation: could not record the answer of request {} ({}): {}",
            request.auditId(),
            id,
            e.toString());
      }
    }
    if (unanswered.size() == MAX_UNANSWERED) {
      LOG.warn(
          "Reconciliation: {} unanswered requests resolved, more may remain; reconcile again",
          MAX_UNANSWERED);
    }
  }

  /** The live comparison, twice: only what both passes see counts (the second pass's values). */
  private List<Difference> confirmedDifferences() {
    List<Difference> first = differences();
    if (first.isEmpty()) {
      return first;
    }
    Set<String> seen = new HashSet<>();
    first.forEach(d -> seen.add(d.kind() + '\u0000' + d.subject()));
    List<Difference> confirmed = new ArrayList<>();
    for (Difference difference : differences()) {
      if (seen.contains(difference.kind() + '\u0000' + difference.subject())) {
        confirmed.add(difference);
      }
    }
    return confirmed;
  }

  /** The live portfolio, the conditions and the working orders against the broker, once. */
  private List<Difference> differences() {
    List<Position> broker = exchange.positions(account);
    List<Difference> differences =
        new ArrayList<>(
            ReconciliationDifferences.positions(
                ReconciliationDifferences.POSITION, account, broker, portfolio.positions(account)));
    differences.addAll(
        ReconciliationDifferences.conditions(account, broker, conditions.loadAllConditions()));
    differences.addAll(openOrders(inFlight()));
    return differences;
  }

  /**
   * Orders working on one side only. The broker's list is taken before the lifecycle's: an order
   * placed in between is then only on AFTM's side, where {@code inFlight} leaves it out.
   *
   * @param inFlight client order ids whose request still waits for the broker's answer
   */
  private List<Difference> openOrders(Set<String> inFlight) {
    Map<String, OrderUpdate> brokerWorking = new LinkedHashMap<>();
    for (OrderUpdate update : exchange.workingOrders(account)) {
      brokerWorking.put(update.clientOrderId(), update);
    }
    Map<String, Order> aftmWorking = new LinkedHashMap<>();
    for (Order order : lifecycle.workingOrders()) {
      if (order.request().orderAccount().equals(account)) {
        aftmWorking.put(order.clientOrderId(), order);
      }
    }
    List<Difference> differences = new ArrayList<>();
    for (OrderUpdate update : brokerWorking.values()) {
      if (!aftmWorking.containsKey(update.clientOrderId())) {
        differences.add(
            new Difference(
                ReconciliationDifferences.OPEN_ORDER,
                update.clientOrderId(),
                ReconciliationDifferences.describe(update),
                lifecycle
                    .find(update.clientOrderId())
                    .map(o -> ReconciliationDifferences.describe(o.toUpdate()))
                    .orElse("not known")));
      }
    }
    for (Order order : aftmWorking.values()) {
      String id = order.clientOrderId();
      if (brokerWorking.containsKey(id) || inFlight.contains(id)) {
        continue;
      }
      String ours = ReconciliationDifferences.describe(order.toUpdate());
      Optional<OrderUpdate> theirs = exchange.orderState(id);
      if (theirs.isPresent()) {
        differences.add(
            new Difference(
                ReconciliationDifferences.OPEN_ORDER,
                id,
                ReconciliationDifferences.describe(theirs.get()),
                ours));
      } else {
        Optional<String> sent = auditSaysSent(id);
        differences.add(
            new Difference(
                sent.isPresent()
                    ? ReconciliationDifferences.AUDIT
                    : ReconciliationDifferences.OPEN_ORDER,
                id,
                "never received",
                sent.map(s -> s + "; " + ours).orElse(ours)));
      }
    }
    return differences;
  }

  /** Requests of this run still waiting for the broker's answer: the gateway is placing them. */
  private Set<String> inFlight() {
    long now = clock.millis();
    return audit.findRequestsWithoutResult(startedAtMillis, now + 1, MAX_UNANSWERED).stream()
        .map(r -> r.request().clientOrderId())
        .collect(Collectors.toSet());
  }

  /** What the audit trail recorded as the broker's acknowledgement, if it did. */
  private Optional<String> auditSaysSent(String clientOrderId) {
    return audit
        .findResultByClientOrderId(clientOrderId)
        .filter(OrderResult::sent)
        .map(
            result ->
                result.orderSerial().isEmpty()
                    ? "sent (audited)"
                    : "sent (audited, serial " + result.orderSerial() + ")");
  }

  /** The broker's word on an order, asked once per reconciliation. */
  private Optional<OrderUpdate> ask(Map<String, Optional<OrderUpdate>> asked, String id) {
    Optional<OrderUpdate> state = asked.get(id);
    if (state == null) {
      state = exchange.orderState(id);
      asked.put(id, state);
    }
    return state;
  }

  /** Logs the outcome; halts on a difference unless already halted. */
  private void conclude(ReconciliationReport report, String cause) {
    if (report.agrees()) {
      LOG.info(
          "Reconciled with the broker ({}): {} orders asked about; positions, conditions and open"
              + " orders agree",
          cause,
          report.ordersResolved());
      return;
    }
    for (Difference difference : report.differences()) {
      LOG.warn("Reconciliation difference: {}", ReconciliationDifferences.line(difference));
    }
    TradingStatus status = trading.tradingStatus();
    if (status.state() == TradingState.HALTED) {
      LOG.warn(
          "Reconciliation: {} differences; trading was already halted ({})",
          report.differences().size(),
          status.reason());
      return;
    }
    trading.halt(haltReason(cause, report.differences()));
  }

  static String haltReason(String cause, List<Difference> differences) {
    StringBuilder reason =
        new StringBuilder(cause).append(": ").append(differences.size()).append(" differences: ");
    int named = Math.min(REASON_DIFFERENCES, differences.size());
    for (int i = 0; i < named; i++) {
      if (i > 0) {
        reason.append("; ");
      }
      reason.append(ReconciliationDifferences.line(differences.get(i)));
    }
    if (differences.size() > named) {
      reason.append("; and ").append(differences.size() - named).append(" more");
    }
    return reason.toString();
  }

  private static Set<String> ids(List<OrderUpdate> updates) {
    Set<String> ids = new HashSet<>();
    updates.forEach(u -> ids.add(u.clientOrderId()));
    return ids;
  }
}
