package org.aftm.app.status;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.RecordFillPort;
import org.aftm.application.port.out.SavePositionsPort;
import org.aftm.domain.order.Fill;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores every fill the broker reports, and the account's positions as last known after it, off the
 * order path: the broker delivers fills on the gateway's thread, and a durable write there would
 * add a disk sync to every order's answer. One thread named {@code fill-recorder} writes them in
 * arrival order.
 */
public final class FillRecorder implements ExchangeListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FillRecorder.class);

  private final RecordFillPort fills;
  private final SavePositionsPort positions;
  private final ExchangeApi exchange;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "fill-recorder"));
  private final AtomicLong count = new AtomicLong();

  public FillRecorder(RecordFillPort fills, SavePositionsPort positions, ExchangeApi exchange) {
    this.fills = fills;
    this.positions = positions;
    this.exchange = exchange;
  }

  @Override
  public void onFill(Fill fill) {
    count.incrementAndGet();
    writer.execute(
        () -> {
          try {
            fills.recordFill(fill);
            positions.savePositions(fill.orderAccount(), exchange.positions(fill.orderAccount()));
          } catch (RuntimeException e) {
            LOG.error("Could not store fill {} or the positions after it: {}", fill, e.toString());
          }
        });
  }

  public long fills() {
    return count.get();
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Fill recorder did not finish within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
