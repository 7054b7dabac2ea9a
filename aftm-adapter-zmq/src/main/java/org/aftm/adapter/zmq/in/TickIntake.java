package org.aftm.adapter.zmq.in;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aftm.adapter.zmq.codec.DecodedTick;
import org.aftm.adapter.zmq.codec.DecodedTicks;
import org.aftm.adapter.zmq.codec.MalformedMessageException;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.application.port.out.ReceiveTicksPort.TickHandler;

/**
 * What the {@link ZmqTickSubscriber} does with each tick or batch frame it receives, apart from the
 * socket: decodes it into one reused {@link DecodedTicks}, counts, for each of its ticks, gaps in
 * the instrument's sequence and stale ticks, and hands it on. Allocates nothing per tick of a known
 * instrument and takes no lock; public so a benchmark can drive exactly this path without a socket.
 *
 * <p>Not thread-safe: the receiving thread owns it. The counters are written by that thread alone
 * with {@code lazySet} (no locked instruction per tick) and may be read from any thread.
 */
public final class TickIntake {

  private final long staleAfterNanos;
  private final LongSupplier nanoClock;
  private final SequenceGaps gaps = new SequenceGaps();

  /** Every frame decodes into this one view; a handler must not keep it past its call. */
  private final DecodedTick view = new DecodedTick();

  /** Every tick or batch frame decodes into this one view. */
  private final DecodedTicks frameView = new DecodedTicks();

  private final AtomicLong received = new AtomicLong();
  private final AtomicLong missed = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();

  /**
   * @param staleAfterNanos a tick published longer ago than this is counted stale
   * @param nanoClock {@link System#nanoTime()} or a test clock
   */
  public TickIntake(long staleAfterNanos, LongSupplier nanoClock) {
    this.staleAfterNanos = staleAfterNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * Decodes the frame into the reused view.
   *
   * @throws MalformedMessageException naming what is wrong; the view is then undefined
   */
  public DecodedTick decode(byte[] frame, int offset, int length) throws MalformedMessageException {
    return TickCodec.decode(frame, offset, length, view);
  }

  /**
   * Decodes a tick frame or a batch frame into the reused frame view, every tick checked.
   *
   * @throws MalformedMessageException naming what is wrong; no tick of the frame is then handed on
   */
  public DecodedTicks decodeFrame(byte[] frame, int offset, int length)
      throws MalformedMessageException {
    return TickCodec.decodeFrame(frame, offset, length, frameView);
  }

  /** Counts a decoded tick and hands it to {@code handler}. */
  public void accept(DecodedTick tick, TickHandler handler) {
    long gap = gaps.observe(tick.itemCode(), tick.sequence());
    if (gap != 0) {
      missed.lazySet(missed.get() + gap);
    }
    if (nanoClock.getAsLong() - tick.publishNanos() > staleAfterNanos) {
      stale.lazySet(stale.get() + 1);
    }
    received.lazySet(received.get() + 1);
    handler.onTick(tick);
  }

  public long received() {
    return received.get();
  }

  /** Ticks missed, from gaps in the instruments' sequences. */
  public long missed() {
    return missed.get();
  }

  public long stale() {
    return stale.get();
  }
}
