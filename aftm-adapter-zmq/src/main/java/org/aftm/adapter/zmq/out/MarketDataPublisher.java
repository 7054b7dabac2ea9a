package org.aftm.adapter.zmq.out;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.PublishTickPort;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.TickEvent;

/**
 * Turns the broker's trade prints into numbered, stamped {@link TickEvent}s and publishes them:
 * each instrument's sequence starts at 1 and goes up by one per tick, and the publish stamp is
 * {@link System#nanoTime()} just before sending.
 *
 * <p>Thread-safe. A ZeroMQ socket must not be used by two threads at once, and the exchange may
 * deliver ticks on more than one thread (feed and replay). {@link #onTick} is synchronized: the
 * lock makes numbering and sending one step, so sequence numbers leave in order, and it gives the
 * memory barrier ZeroMQ asks for when a socket moves between threads. A queue and a publishing
 * thread would do the same at the cost of one more hop and a thread to run; the publisher never
 * blocks, so the lock is held for microseconds and is uncontended with a single feed thread.
 */
public final class MarketDataPublisher implements ExchangeListener {

  private final PublishTickPort ticks;
  private final LongSupplier nanoClock;

  /** Last sequence by instrument, guarded by this. */
  private final Map<String, long[]> sequences = new HashMap<>();

  /** Guarded by this: once stopped, no tick reaches the socket, so its owner may close it. */
  private boolean stopped;

  /** A publisher stamping with {@link System#nanoTime()}. */
  public MarketDataPublisher(PublishTickPort ticks) {
    this(ticks, System::nanoTime);
  }

  public MarketDataPublisher(PublishTickPort ticks, LongSupplier nanoClock) {
    this.ticks = ticks;
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized void onTick(MarketTick tick) {
    if (stopped) {
      return;
    }
    long[] last = sequences.computeIfAbsent(tick.itemCode(), code -> new long[1]);
    long sequence = ++last[0];
    ticks.publish(
        new TickEvent(
            tick.itemCode(),
            sequence,
            tick.priceUnits(),
            tick.quantity(),
            tick.exchangeTimeMillis(),
            nanoClock.getAsLong()));
  }

  /**
   * Stops publishing. When this returns no thread is inside {@link #onTick}, so the tick socket can
   * be closed safely even while the broker's thread still delivers ticks.
   */
  public synchronized void stop() {
    stopped = true;
  }

  /** The last sequence number given to an instrument, 0 before its first tick. */
  public synchronized long lastSequence(String itemCode) {
    long[] last = sequences.get(itemCode);
    return last == null ? 0 : last[0];
  }
}
