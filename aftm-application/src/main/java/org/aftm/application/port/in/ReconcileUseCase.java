package org.aftm.application.port.in;

import java.util.List;
import java.util.Objects;

/**
 * Compares the broker's positions and open orders with the main process's portfolio, its conditions
 * and its audit trail (docs/architecture.md §12): at start, and on {@code aftm reconcile}. Orders
 * left unknown or unanswered are first resolved by asking the broker.
 */
public interface ReconcileUseCase {

  /**
   * Compares now; a difference halts trading until it is resolved or the broker's view accepted.
   */
  ReconciliationReport reconcile();

  /**
   * Takes the broker's positions and orders as the truth, records that choice (with {@code note})
   * in the audit trail, and lets trading resume if the halt came from a reconciliation.
   */
  ReconciliationReport acceptBroker(String note);

  /**
   * One thing on which the broker and AFTM disagree.
   *
   * @param kind what is compared: {@code position}, {@code conditions}, {@code stored_position},
   *     {@code open_order}, {@code audit}
   * @param subject the instrument code or the client order id
   * @param broker what the broker says
   * @param aftm what AFTM's own records say
   */
  record Difference(String kind, String subject, String broker, String aftm) {
    public Difference {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(broker, "broker");
      Objects.requireNonNull(aftm, "aftm");
    }
  }

  /**
   * The outcome.
   *
   * @param ordersResolved orders left submitted, unknown or unanswered that the broker was asked
   *     about
   * @param differences what still disagrees; empty means trading may go on
   * @param acceptedBroker whether this run accepted the broker's view
   */
  record ReconciliationReport(
      int ordersResolved, List<Difference> differences, boolean acceptedBroker) {
    public ReconciliationReport {
      differences = List.copyOf(differences);
    }

    public boolean agrees() {
      return differences.isEmpty();
    }
  }
}
