package org.aftm.app.wiring;

import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.out.ExchangeListener;

/**
 * Counts the broker connection coming back after it dropped ({@code aftm_reconnects_total{link=
 * "broker"}}): the first connection is not a reconnect. Called on the adapter's event thread; read
 * by the scrape.
 */
final class BrokerReconnects implements ExchangeListener {

  private final AtomicLong reconnects = new AtomicLong();

  /** Written by the adapter's event thread only. */
  private volatile boolean dropped;

  @Override
  public void onConnectionChanged(boolean connected) {
    if (!connected) {
      dropped = true;
    } else if (dropped) {
      dropped = false;
      reconnects.incrementAndGet();
    }
  }

  long count() {
    return reconnects.get();
  }
}
