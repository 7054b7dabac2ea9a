package org.aftm.adapter.zmq.codec;

import org.aftm.domain.model.Tick;

/**
 * A reused, mutable view of the last tick frame {@link TickCodec#decode(byte[], int, int,
 * DecodedTick)} read into it: the strategy's receiving loop decodes every tick into one of these
 * instead of allocating a {@link org.aftm.domain.model.TickEvent} per tick. Item codes it has seen
 * come back as the same String, so a tick of a known instrument allocates nothing.
 *
 * <p>Not thread-safe, and valid only until the next decode: the receiving thread owns it and hands
 * it on only for the duration of a call; whoever keeps a tick keeps {@link #toEvent()}.
 */
public final class DecodedTick implements Tick {

  final FrameReader reader = new FrameReader("tick");
  final KnownTexts itemCodes = new KnownTexts();

  String itemCode;
  long sequence;
  long priceUnits;
  long quantity;
  long exchangeTimeMillis;
  long publishNanos;

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

  @Override
  public String toString() {
    return "DecodedTick" + toEvent();
  }
}
