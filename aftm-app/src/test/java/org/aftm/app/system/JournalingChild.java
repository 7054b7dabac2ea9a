package org.aftm.app.system;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.aftm.adapter.out.persistence.AuditJournal;
import org.aftm.adapter.out.persistence.JournaledOrderAudit;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderState;

/**
 * A main process's audit trail up to the moment it is killed: it journals an order that got no
 * answer ({@value #UNANSWERED}) and one the broker accepted ({@value #ANSWERED}), each as the
 * gateway would, and never writes the database rows behind them (its write-behind runs nothing), so
 * a {@code kill -9} leaves them in {@code audit.journal} only. Prints {@value #READY} then waits to
 * be killed. Argument: the data directory.
 */
public final class JournalingChild {

  static final String UNANSWERED = "crash-unanswered";
  static final String ANSWERED = "crash-answered";
  static final String ANSWERED_SERIAL = "S-before-crash";
  static final String READY = "JOURNALED";

  private JournalingChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path dataDir = Path.of(args[0]);
    SqliteDatabase database = SqliteDatabase.open(dataDir, true);
    JournaledOrderAudit audit =
        JournaledOrderAudit.open(
            AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS),
            database,
            database,
            write -> {
              // the process dies before the database write
            });
    long now = System.currentTimeMillis();
    audit.recordRequest(order(UNANSWERED), null, new OrderSender("executor", "k"), now);
    long answered = audit.recordRequest(order(ANSWERED), null, OrderSender.UNRECORDED, now);
    audit.recordResult(
        answered,
        OrderResult.accepted("journal crash", ANSWERED_SERIAL, ANSWERED, OrderState.ACCEPTED, 0),
        now + 1);
    System.out.println(READY);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  static OrderRequest order(String clientOrderId) {
    return new OrderRequest(
        "FA0001",
        "TXFF6",
        Side.BUY,
        OrderType.MARKET,
        Price.ZERO,
        1,
        OpenClose.AUTO,
        "journal crash",
        DayTrade.NO,
        TimeInForce.IOC,
        clientOrderId);
  }
}
