package org.aftm.adapter.zmq.out;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.aftm.application.port.out.ExchangeListener;
import org.aftm.application.port.out.PublishTickPort;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Tick;

/**
 * Turns the broker's trade prints into numbered, stamped ticks and publishes them: each
 * instrument's sequence starts at 1 and goes up by one per tick, and the publish stamp is {@link
 * System#nanoTime()} just before sending. Prints the broker delivers together ({@link #onTicks})
 * are published together, all with one stamp, so the tick port can send a run of them as one
 * message; a lone print goes at once, never held back to wait for more. Allocates nothing per tick
 * of a known instrument: the ticks handed to the port are reused views, valid during the call.
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

  /** Reused stamped views handed to the port, guarded by this; grows to the largest delivery. */
  private StampedTick[] stamped = {new StampedTick()};

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
    StampedTick view = stamped[0];
    view.number(tick, nextSequence(tick.itemCode()));
    view.publishNanos = nanoClock.getAsLong();
    ticks.publish(view);
  }

  /** Numbers the prints in order, stamps them all with one time and publishes them together. */
  @Override
  public synchronized void onTicks(List<MarketTick> delivered) {
    int count = delivered.size();
    if (stopped || count == 0) {
      return;
    }
    if (stamped.length < count) {
      StampedTick[] larger = Arrays.copyOf(stamped, count);
      for (int i = stamped.length; i < count; i++) {
        larger[i] = new StampedTick();
      }
      stamped = larger;
    }
    for (int i = 0; i < count; i++) {
      MarketTick tick = delivered.get(i);
      stamped[i].number(tick, nextSequence(tick.itemCode()));
    }
    long now = nanoClock.getAsLong();
    for (int i = 0; i < count; i++) {
      stamped[i].publishNanos = now;
    }
    ticks.publish(stamped, count);
  }

  private long nextSequence(String itemCode) {
    long[] last = sequences.get(itemCode);
    if (last == null) {
      last = new long[1];
      sequences.put(itemCode, last);
    }
    return ++last[0];
  }

  /**
   * Stops publishing. When this returns no thread is inside {@link #onTick} or {@link #onTicks}, so
   * the tick socket can be closed safely even while the broker's thread still delivers ticks.
   */
  public synchronized void stop() {
    stopped = true;
  }

  /** The last sequence number given to an instrument, 0 before its first tick. */
  public synchronized long lastSequence(String itemCode) {
    long[] last = sequences.get(itemCode);
    return last == null ? 0 : last[0];
  }

  /** A print with its number and stamp; reused, so valid only during the port's call. */
  private static final class StampedTick implements Tick {
    private String itemCode;
    private long sequence;
    private long priceUnits;
    private long quantity;
    private long exchangeTimeMillis;
    private long publishNanos;

    void number(MarketTick tick, long sequence) {
      this.itemCode = tick.itemCode();
      this.sequence = sequence;
      this.priceUnits = tick.priceUnits();
      this.quantity = tick.quantity();
      this.exchangeTimeMillis = tick.exchangeTimeMillis();
    }

    @Override
    public String itemCode() {
      return itemCode;
    }

    @Override
    public long sequence() {
      return sequence;
    }

    @Override
    public long priceUnits() {
      return priceUnits;
    }

    @Override
    public long quantity() {
      return quantity;
    }

    @Override
    public long exchangeTimeMillis() {
      return exchangeTimeMillis;
    }

    @Override
    public long publishNanos() {
      return publishNanos;
    }
  }
}
