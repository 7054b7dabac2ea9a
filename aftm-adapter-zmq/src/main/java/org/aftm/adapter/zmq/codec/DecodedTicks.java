package org.aftm.adapter.zmq.codec;

/**
 * A reused, mutable view of the last frame {@link TickCodec#decodeFrame(byte[], int, int,
 * DecodedTicks)} read into it: one tick from a tick frame, or all the ticks of a batch frame, every
 * one already checked. The receiving loop decodes every frame into one of these and hands the ticks
 * on one by one through the single {@link DecodedTick} view {@link #tick(int)} fills, so a frame of
 * a known instrument allocates nothing.
 *
 * <p>Not thread-safe, and valid only until the next decode: the receiving thread owns it.
 */
public final class DecodedTicks {

  final FrameReader reader = new FrameReader("tick");
  final KnownTexts itemCodes = new KnownTexts();

  String itemCode;
  int count;
  final long[] sequences = new long[TickCodec.MAX_BATCH_TICKS];
  final long[] priceUnits = new long[TickCodec.MAX_BATCH_TICKS];
  final long[] quantities = new long[TickCodec.MAX_BATCH_TICKS];
  final long[] exchangeTimesMillis = new long[TickCodec.MAX_BATCH_TICKS];
  final long[] publishNanos = new long[TickCodec.MAX_BATCH_TICKS];

  private final DecodedTick view = new DecodedTick();

  /** The instrument of every tick in the frame. */
  public String itemCode() {
    return itemCode;
  }

  /** Ticks in the frame: 1 for a tick frame, 1..{@value TickCodec#MAX_BATCH_TICKS} for a batch. */
  public int count() {
    return count;
  }

  /**
   * Fills the one reused tick view with tick {@code index} of the frame and returns it; valid until
   * the next call.
   *
   * @throws IndexOutOfBoundsException when {@code index} is not below {@link #count()}
   */
  public DecodedTick tick(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("tick " + index + " of a frame of " + count);
    }
    view.itemCode = itemCode;
    view.sequence = sequences[index];
    view.priceUnits = priceUnits[index];
    view.quantity = quantities[index];
    view.exchangeTimeMillis = exchangeTimesMillis[index];
    view.publishNanos = publishNanos[index];
    return view;
  }
}
