package org.aftm.adapter.zmq.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.application.port.in.ReconcileUseCase;

/**
 * Answers {@link #report} to a comparison; accepting answers the same differences with {@code
 * acceptedBroker} set, and records the note.
 */
public final class FakeReconcile implements ReconcileUseCase {

  public final List<String> notes = new CopyOnWriteArrayList<>();
  public volatile ReconciliationReport report = new ReconciliationReport(0, List.of(), false);

  @Override
  public ReconciliationReport reconcile() {
    return report;
  }

  @Override
  public ReconciliationReport acceptBroker(String note) {
    notes.add(note);
    return new ReconciliationReport(report.ordersResolved(), report.differences(), true);
  }
}
