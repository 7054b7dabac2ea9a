package org.aftm.adapter.zmq.codec;

import java.nio.ByteBuffer;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TickEvent;

/**
 * The binary tick frame (docs/architecture.md §2.2), version 1, big-endian, one ZeroMQ frame per
 * tick:
 *
 * <pre>
 * offset size field
 *   0     1   message type 'T' (0x54)
 *   1     1   version 1
 *   2     1   item code length n (1..{@value #MAX_ITEM_CODE_BYTES})
 *   3     n   item code, UTF-8
 *   3+n   8   sequence (per instrument, &gt;= 1)
 *  11+n   8   price units (1/10,000 of a point, |units| &lt;= Price.MAX_UNITS)
 *  19+n   8   quantity (lots, &gt;= 0)
 *  27+n   8   exchange time, epoch milliseconds
 *  35+n   8   publish time, System.nanoTime()
 * </pre>
 *
 * <p>The first {@code 3 + n} bytes are the topic: a SUB socket that subscribes to {@link
 * #topic(String)} receives exactly that instrument, because the length byte stops "TXF" from
 * matching "TXFD". Stateless and thread-safe.
 */
public final class TickCodec {

  /** First byte of every tick frame. */
  public static final byte MESSAGE_TYPE = 'T';

  /** The version this codec writes and reads. */
  public static final byte VERSION = 1;

  /** Longest item code, in UTF-8 bytes. */
  public static final int MAX_ITEM_CODE_BYTES = 32;

  /** Longest frame this codec writes: size a reused buffer with it. */
  public static final int MAX_ENCODED_LENGTH = 3 + MAX_ITEM_CODE_BYTES + 5 * Long.BYTES;

  private TickCodec() {}

  /**
   * Writes {@code tick} at the buffer's position and advances it.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when the tick cannot be sent (empty or too long item code,
   *     sequence &lt; 1, negative quantity, price out of range); the buffer is then unchanged
   * @throws java.nio.BufferOverflowException when fewer than {@link #MAX_ENCODED_LENGTH} bytes
   *     remain and the tick does not fit
   */
  public static int encode(TickEvent tick, ByteBuffer target) {
    validate(tick);
    int start = target.position();
    try {
      target.put(MESSAGE_TYPE).put(VERSION);
      WireText.write(target, "item code", tick.itemCode(), MAX_ITEM_CODE_BYTES);
      target
          .putLong(tick.sequence())
          .putLong(tick.priceUnits())
          .putLong(tick.quantity())
          .putLong(tick.exchangeTimeMillis())
          .putLong(tick.publishNanos());
    } catch (RuntimeException e) {
      target.position(start);
      throw e;
    }
    return target.position() - start;
  }

  /** Encodes {@code tick} into a new array of exactly its length. */
  public static byte[] encode(TickEvent tick) {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_ENCODED_LENGTH);
    int length = encode(tick, buffer);
    byte[] frame = new byte[length];
    buffer.flip().get(frame);
    return frame;
  }

  public static TickEvent decode(byte[] frame) throws MalformedMessageException {
    return decode(frame, 0, frame == null ? 0 : frame.length);
  }

  /**
   * Decodes the frame in {@code frame[offset, offset + length)}.
   *
   * @throws MalformedMessageException naming what is wrong; nothing else for any input
   */
  public static TickEvent decode(byte[] frame, int offset, int length)
      throws MalformedMessageException {
    return decode(frame, offset, length, new DecodedTick()).toEvent();
  }

  /**
   * Decodes the frame in {@code frame[offset, offset + length)} into {@code into}, allocating
   * nothing when the item code is one {@code into} has seen: the receiving hot path.
   *
   * @return {@code into}; on a malformed frame its fields are undefined
   * @throws MalformedMessageException naming what is wrong; nothing else for any input
   */
  public static DecodedTick decode(byte[] frame, int offset, int length, DecodedTick into)
      throws MalformedMessageException {
    FrameReader reader = into.reader.wrap(frame, offset, length);
    reader.readHeader(MESSAGE_TYPE, VERSION);
    String itemCode = reader.readText("item code", MAX_ITEM_CODE_BYTES, into.itemCodes);
    long sequence = reader.readLong("sequence");
    long priceUnits = reader.readLong("price");
    long quantity = reader.readLong("quantity");
    long exchangeTimeMillis = reader.readLong("exchange time");
    long publishNanos = reader.readLong("publish time");
    reader.expectEnd();
    if (sequence < 1) {
      throw new MalformedMessageException(
          "tick frame for " + itemCode + " has sequence " + sequence + ", must be >= 1");
    }
    if (priceUnits > Price.MAX_UNITS || priceUnits < -Price.MAX_UNITS) {
      throw new MalformedMessageException(
          "tick frame for " + itemCode + " has price units out of range: " + priceUnits);
    }
    if (quantity < 0) {
      throw new MalformedMessageException(
          "tick frame for " + itemCode + " has negative quantity " + quantity);
    }
    into.itemCode = itemCode;
    into.sequence = sequence;
    into.priceUnits = priceUnits;
    into.quantity = quantity;
    into.exchangeTimeMillis = exchangeTimeMillis;
    into.publishNanos = publishNanos;
    return into;
  }

  /**
   * The subscription prefix that selects one instrument's ticks.
   *
   * @throws IllegalArgumentException when the item code is empty or too long
   */
  public static byte[] topic(String itemCode) {
    byte[] text = WireText.prefixed("item code", itemCode, MAX_ITEM_CODE_BYTES);
    byte[] topic = new byte[2 + text.length];
    topic[0] = MESSAGE_TYPE;
    topic[1] = VERSION;
    System.arraycopy(text, 0, topic, 2, text.length);
    return topic;
  }

  private static void validate(TickEvent tick) {
    if (tick.sequence() < 1) {
      throw new IllegalArgumentException("tick sequence must be >= 1 but was " + tick.sequence());
    }
    if (tick.priceUnits() > Price.MAX_UNITS || tick.priceUnits() < -Price.MAX_UNITS) {
      throw new IllegalArgumentException("tick price units out of range: " + tick.priceUnits());
    }
    if (tick.quantity() < 0) {
      throw new IllegalArgumentException("tick quantity must be >= 0 but was " + tick.quantity());
    }
  }
}
